/**
 * The GKE Ingress frontend's guards (templates/gke-ingress/_guards.tpl), run only with frontend=gkeIngress. A
 * guard's message is the chart's own `fail`, so every case runs with helm 4 and helm 3.
 */
import { describe, expect, it } from "vitest";
import {
  findAll,
  type GuardCase,
  guardIds,
  guardMessages,
  HELM_MAJORS,
  itRefusesEach,
  renderChart,
  renderFailure,
} from "../support.ts";

/** An Ingress that passes every guard on its own: class gce, one managed certificate. */
const INGRESS = { enabled: true, globalStaticIPName: "grpc-ip" };
const CERTIFICATE = { domains: ["api.example.com"] };

/** An internal Ingress with a TLS Secret certificate, as the cert-manager-cluster-issuer ci variant has it. */
const INTERNAL = { enabled: true, class: "gce-internal", tls: [{ secretName: "internal-tls" }] };
const NO_REDIRECT = { redirectToHttps: { enabled: false } };

const guards: readonly GuardCase[] = [
  {
    id: "GKE-INGRESS-BACKEND-TLS",
    when: "backendTLS.mode=disabled is set with an Ingress",
    options: {
      values: {
        backendTLS: { mode: "disabled" },
        gkeIngress: { ingress: INGRESS, managedCertificate: CERTIFICATE },
      },
    },
    says: [
      "backendTLS.mode=disabled with gkeIngress.ingress.enabled=true",
      "502 with failed_to_connect_to_backend",
      "Fix: use backendTLS.mode=selfSigned",
    ],
  },
  {
    id: "GKE-INGRESS-BACKEND-CONFIG",
    when: "gkeIngress.backendConfig.enabled=false is set with an Ingress",
    options: {
      values: {
        gkeIngress: { backendConfig: { enabled: false }, ingress: INGRESS, managedCertificate: CERTIFICATE },
      },
    },
    says: [
      "gkeIngress.backendConfig.enabled=false with gkeIngress.ingress.enabled=true",
      "the load balancer returns 502",
      "Fix: keep gkeIngress.backendConfig.enabled=true",
    ],
  },
  {
    id: "GKE-INGRESS-READINESS",
    when: "probes.readiness.enabled=false is set with an Ingress",
    options: {
      values: {
        probes: { readiness: { enabled: false } },
        gkeIngress: { ingress: INGRESS, managedCertificate: CERTIFICATE },
      },
    },
    says: [
      "probes.readiness.enabled=false with gkeIngress.ingress.enabled=true",
      "return 502s",
      "Fix: keep probes.readiness.enabled=true",
    ],
  },
  {
    id: "GKE-INGRESS-STATIC-IP",
    when: "both a global and a regional static IP are set",
    options: {
      values: {
        gkeIngress: {
          ingress: { ...INGRESS, regionalStaticIPName: "grpc-regional-ip" },
          managedCertificate: CERTIFICATE,
        },
      },
    },
    says: [
      "gkeIngress.ingress.globalStaticIPName and gkeIngress.ingress.regionalStaticIPName are both set",
      "never creates the load balancer",
      "Fix: keep gkeIngress.ingress.globalStaticIPName for class gce",
    ],
  },
  {
    id: "GKE-INGRESS-STATIC-IP",
    when: "a global static IP is set with a regional class",
    options: {
      values: {
        gkeIngress: {
          ingress: {
            enabled: true,
            class: "gce-regional-external",
            globalStaticIPName: "grpc-ip",
            preSharedCerts: ["cert"],
          },
        },
      },
    },
    says: [
      "gkeIngress.ingress.globalStaticIPName with gkeIngress.ingress.class=gce-regional-external",
      "the regional load balancer cannot use it",
      "Fix: reserve a regional address and set gkeIngress.ingress.regionalStaticIPName",
    ],
  },
  {
    id: "GKE-INGRESS-STATIC-IP",
    when: "a regional static IP is set with class gce",
    options: {
      values: {
        gkeIngress: {
          ingress: { enabled: true, regionalStaticIPName: "grpc-regional-ip" },
          managedCertificate: CERTIFICATE,
        },
      },
    },
    says: [
      "gkeIngress.ingress.regionalStaticIPName with gkeIngress.ingress.class=gce",
      "needs a global address",
      "set gkeIngress.ingress.globalStaticIPName instead",
    ],
  },
  {
    id: "GKE-INGRESS-INTERNAL",
    when: "the HTTPS redirect is on with class gce-internal",
    options: {
      values: { gkeIngress: { ingress: { ...INTERNAL, regionalStaticIPName: "grpc-internal-ip" } } },
    },
    says: [
      "gkeIngress.frontendConfig.redirectToHttps.enabled=true with gkeIngress.ingress.class=gce-internal",
      'ingress-gce refuses HTTPS redirects on an internal load balancer ("cannot enable HTTPS Redirects with L7 ILB")',
      "Fix: set gkeIngress.frontendConfig.redirectToHttps.enabled=false, and gkeIngress.ingress.allowHttp=false to serve HTTPS only",
    ],
  },
  {
    id: "GKE-INGRESS-INTERNAL",
    when: "HTTP is allowed next to certificates with class gce-internal and no regional static IP",
    options: { values: { gkeIngress: { ingress: INTERNAL, frontendConfig: NO_REDIRECT } } },
    says: [
      "gkeIngress.ingress.allowHttp=true with certificates and no gkeIngress.ingress.regionalStaticIPName on class gce-internal",
      "purpose SHARED_LOADBALANCER_VIP",
      "(WillNotConfigureFrontend)",
      "Fix: reserve one with gcloud compute addresses create NAME --region REGION --subnet SUBNET --purpose SHARED_LOADBALANCER_VIP and set gkeIngress.ingress.regionalStaticIPName=NAME, or set gkeIngress.ingress.allowHttp=false",
    ],
  },
  {
    id: "GKE-INGRESS-CERTIFICATES",
    when: "the Ingress has no certificate",
    options: { values: { gkeIngress: { ingress: INGRESS } } },
    says: [
      "gkeIngress.ingress.enabled=true with no certificate",
      "gRPC clients need HTTPS to speak HTTP/2",
      "Fix: set gkeIngress.managedCertificate.domains",
    ],
  },
  {
    id: "GKE-INGRESS-CERTIFICATES",
    when: "the Ingress has more than 15 certificates",
    options: {
      values: {
        gkeIngress: {
          ingress: { ...INGRESS, preSharedCerts: Array.from({ length: 15 }, (_, n) => `cert-${n}`) },
          managedCertificate: CERTIFICATE,
        },
      },
    },
    says: [
      "16 certificates on one Ingress",
      "at most 15 certificates per Ingress and the load balancer would not sync",
      "Fix: put several domains in one managedCertificate",
    ],
  },
  {
    id: "GKE-INGRESS-REDIRECT-HTTP",
    when: "the HTTPS redirect is on with gkeIngress.ingress.allowHttp=false",
    options: {
      values: { gkeIngress: { ingress: { ...INGRESS, allowHttp: false }, managedCertificate: CERTIFICATE } },
    },
    says: [
      "gkeIngress.frontendConfig.redirectToHttps.enabled=true with gkeIngress.ingress.allowHttp=false",
      "it would never run",
      "Fix: set gkeIngress.ingress.allowHttp=true to redirect, or gkeIngress.frontendConfig.redirectToHttps.enabled=false",
    ],
  },
  {
    id: "GKE-INGRESS-MANAGED-CERT-CLASS",
    when: "gkeIngress.managedCertificate.domains is set with a regional class",
    options: {
      values: {
        gkeIngress: {
          ingress: {
            enabled: true,
            class: "gce-regional-external",
            regionalStaticIPName: "grpc-regional-ip",
          },
          managedCertificate: CERTIFICATE,
          frontendConfig: { enabled: false },
        },
      },
    },
    says: [
      "gkeIngress.managedCertificate.domains with gkeIngress.ingress.class=gce-regional-external",
      "work only with the external global load balancer",
      "Fix: use gkeIngress.ingress.class=gce, or gkeIngress.ingress.preSharedCerts / gkeIngress.ingress.tls",
    ],
  },
  {
    id: "GKE-INGRESS-MANAGED-CERT-DOMAINS",
    when: "a managed domain is not routed by any host rule and there is no default backend",
    options: {
      values: {
        gkeIngress: {
          ingress: { ...INGRESS, defaultBackend: false, hosts: [{ host: "api.example.com" }] },
          managedCertificate: { domains: ["api.example.com", "play.example.com"] },
        },
      },
    },
    says: [
      'gkeIngress.managedCertificate.domains contains "play.example.com", which no gkeIngress.ingress.hosts rule routes',
      "would get the load balancer's 404",
      'Fix: add a host rule for "play.example.com"',
    ],
  },
  {
    id: "GKE-INGRESS-MANAGED-CERT-DOMAINS",
    when: "gkeIngress.managedCertificate.domains has more than 100 entries",
    options: {
      values: {
        gkeIngress: {
          managedCertificate: { domains: Array.from({ length: 101 }, (_, n) => `host-${n}.example.com`) },
        },
      },
    },
    says: [
      "gkeIngress.managedCertificate.domains has 101 entries",
      "holds at most 100 domains",
      "Fix: split the domains across releases",
    ],
  },
  {
    id: "GKE-INGRESS-MANAGED-CERT-DOMAINS",
    when: "a managed domain is a wildcard",
    options: { values: { gkeIngress: { managedCertificate: { domains: ["*.example.com"] } } } },
    says: [
      'gkeIngress.managedCertificate.domains contains the wildcard "*.example.com"',
      "provisioning would never finish",
      "Fix: list each host name",
    ],
  },
  {
    id: "GKE-INGRESS-AFFINITY-COOKIE-TTL",
    when: "googleLoadBalancer.sessionAffinity.cookieTtlSec is above a day with GENERATED_COOKIE",
    options: {
      values: { googleLoadBalancer: { sessionAffinity: { type: "GENERATED_COOKIE", cookieTtlSec: 90000 } } },
    },
    says: [
      "googleLoadBalancer.sessionAffinity.cookieTtlSec=90000 is above 86400",
      "ingress-gce refuses a BackendConfig whose affinityCookieTtlSec is not between 0 and 86400",
      "Fix: use at most 86400 (a day), or 0 for a session cookie",
    ],
  },
  {
    id: "GOOGLE-LB-NETWORK-POLICY",
    when: "a NetworkPolicy is asked for on the internal class gce-internal without networkPolicy.proxyOnlySubnets",
    options: {
      values: {
        gkeIngress: { ingress: { ...INTERNAL, allowHttp: false }, frontendConfig: NO_REDIRECT },
        networkPolicy: { enabled: true },
      },
    },
    says: [
      "networkPolicy.enabled=true with gkeIngress.ingress.class=gce-internal and networkPolicy.proxyOnlySubnets empty",
      "Envoy proxies connect to the pods from the proxy-only subnet of the region",
      "every request failed",
      'Fix: set networkPolicy.proxyOnlySubnets to that subnet\'s range (gcloud compute networks subnets list --network=NETWORK --filter="purpose=REGIONAL_MANAGED_PROXY"',
    ],
  },
  {
    id: "GOOGLE-LB-NETWORK-POLICY",
    when: "networkPolicy.proxyOnlySubnets is given for the global class gce",
    options: { values: { networkPolicy: { enabled: true, proxyOnlySubnets: ["10.129.0.0/23"] } } },
    says: [
      'networkPolicy.proxyOnlySubnets=["10.129.0.0/23"] with gkeIngress.ingress.class=gce',
      "connect from Google's ranges (130.211.0.0/22, 35.191.0.0/16)",
      "Fix: remove networkPolicy.proxyOnlySubnets",
    ],
  },
];

describe("GKE Ingress guards (templates/gke-ingress/_guards.tpl)", () => {
  itRefusesEach(guards);

  it("should report both internal-Ingress problems when class gce-internal has the redirect on, HTTP allowed and no regional address", async () => {
    const messages = guardMessages(await renderFailure({ values: { gkeIngress: { ingress: INTERNAL } } }));
    expect(guardIds(messages)).toEqual(["GKE-INGRESS-INTERNAL", "GKE-INGRESS-INTERNAL"]);
    expect(messages[0]).toContain("redirectToHttps.enabled=true with gkeIngress.ingress.class=gce-internal");
    expect(messages[1]).toContain(
      "allowHttp=true with certificates and no gkeIngress.ingress.regionalStaticIPName",
    );
  });

  it.concurrent.for(HELM_MAJORS)(
    "should accept an internal Ingress when it serves HTTPS only without redirect, or has a regional address and no redirect (helm %i)",
    async (helm, { expect }) => {
      const internal = (ingress: Record<string, unknown>, frontendConfig: Record<string, unknown>) =>
        renderChart({
          helm,
          values: { gkeIngress: { ingress: { ...INTERNAL, ...ingress }, frontendConfig } },
        });
      const rendered = await Promise.all([
        internal({ allowHttp: false }, NO_REDIRECT),
        internal({ regionalStaticIPName: "grpc-internal-ip" }, NO_REDIRECT),
        internal({ regionalStaticIPName: "grpc-internal-ip" }, { enabled: false }),
      ]);
      for (const { documents } of rendered) expect(findAll(documents, "Ingress")).toHaveLength(1);
    },
  );

  it("should accept a cookie TTL of exactly a day when googleLoadBalancer.sessionAffinity.cookieTtlSec=86400", async () => {
    await expect(
      renderChart({
        values: {
          googleLoadBalancer: { sessionAffinity: { type: "GENERATED_COOKIE", cookieTtlSec: 86400 } },
        },
      }),
    ).resolves.toBeDefined();
  });

  it("should run none of the GKE Ingress guards when frontend=none", async () => {
    // Only the core guards answer: the readiness probe (PROBES-READINESS) and the ignored Ingress (FRONTEND-SETTINGS).
    const messages = guardMessages(
      await renderFailure({
        values: {
          frontend: "none",
          backendTLS: { mode: "disabled" },
          probes: { readiness: { enabled: false } },
          googleLoadBalancer: { sessionAffinity: { type: "GENERATED_COOKIE", cookieTtlSec: 90000 } },
          gkeIngress: { ingress: { ...INGRESS, class: "gce-internal" } },
        },
      }),
    );
    expect(guardIds(messages)).toEqual(["PROBES-READINESS", "FRONTEND-SETTINGS"]);
  });
});
