/**
 * The GKE Gateway frontend's guards (templates/gke-gateway/_guards.tpl), run only with frontend=gkeGateway, and
 * the googleLoadBalancer guards it runs too. A guard's message is the chart's own `fail`, so every case runs with
 * helm 4 and helm 3.
 */
import { describe, expect, it } from "vitest";
import type { Values } from "../../support/chart.ts";
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

/** A Gateway that passes every guard on its own: the default global class, one Secret certificate. */
const CERTIFICATE = { certificateRefs: ["api-tls"] };
const gateway = (gkeGateway: Values, values: Values = {}): GuardCase["options"] => ({
  values: { ...values, frontend: "gkeGateway", gkeGateway },
});

const guards: readonly GuardCase[] = [
  {
    id: "GKE-GATEWAY-CLASS",
    when: "gkeGateway.gateway.className is a multi-cluster class",
    options: gateway({ gateway: { ...CERTIFICATE, className: "gke-l7-global-external-managed-mc" } }),
    says: [
      "gkeGateway.gateway.className=gke-l7-global-external-managed-mc is a multi-cluster GatewayClass",
      "routes to ServiceImports",
      "Fix: use the single-cluster class gke-l7-global-external-managed",
    ],
  },
  {
    id: "GKE-GATEWAY-CLASS",
    when: "gkeGateway.gateway.className is not a GKE class",
    options: gateway({ gateway: { ...CERTIFICATE, className: "istio" } }),
    says: [
      "gkeGateway.gateway.className=istio is not a GKE GatewayClass for one cluster",
      "would never program the Gateway",
      "Fix: use one of gke-l7-global-external-managed, gke-l7-gxlb, gke-l7-regional-external-managed, gke-l7-rilb",
    ],
  },
  {
    id: "GKE-GATEWAY-READINESS",
    when: "probes.readiness.enabled=false",
    options: gateway({ gateway: CERTIFICATE }, { probes: { readiness: { enabled: false } } }),
    says: [
      "probes.readiness.enabled=false with frontend=gkeGateway",
      "return 502s",
      "Fix: keep probes.readiness.enabled=true",
    ],
  },
  {
    id: "GKE-GATEWAY-SHARED",
    when: "a shared Gateway is named together with Gateway-creation values",
    options: gateway({
      sharedGateway: { name: "edge", namespace: "infra" },
      gateway: { addressName: "grpc-ip", certificateMap: "certs", httpListener: true, sslPolicy: "modern" },
    }),
    says: [
      "gkeGateway.sharedGateway.name=edge with gkeGateway.gateway.addressName, gkeGateway.gateway.certificateMap, gkeGateway.gateway.httpListener, gkeGateway.gateway.sslPolicy",
      "would be silently ignored",
      'Fix: remove them, or set gkeGateway.sharedGateway.name="" to create a Gateway for this release',
    ],
  },
  {
    id: "GKE-GATEWAY-CERTIFICATES",
    when: "the chart creates a Gateway with no certificate",
    options: gateway({}),
    says: [
      "frontend=gkeGateway creates a Gateway with no certificate (gkeGateway.gateway.certificateRefs, preSharedCerts, certificateManagerCerts and certificateMap are all empty)",
      "GKE would not program it",
      "Fix: set gkeGateway.gateway.certificateMap",
    ],
  },
  {
    id: "GKE-GATEWAY-CERTIFICATES",
    when: "Secrets and pre-shared certificates exceed 15",
    options: gateway({
      gateway: {
        certificateRefs: Array.from({ length: 8 }, (_, n) => `tls-${n}`),
        preSharedCerts: Array.from({ length: 8 }, (_, n) => `cert-${n}`),
      },
    }),
    says: [
      "16 certificates on the Gateway",
      "GKE attaches at most 15 Secrets and SSL certificates to one Gateway",
      "Fix: use a Certificate Manager certificate map",
    ],
  },
  {
    id: "GKE-GATEWAY-CERTIFICATE-MAP",
    when: "a certificate map is set with listener certificateRefs",
    options: gateway({ gateway: { certificateMap: "grpc-certs", certificateRefs: ["api-tls"] } }),
    says: [
      "gkeGateway.gateway.certificateMap=grpc-certs with gkeGateway.gateway.certificateRefs",
      "GKE treats a networking.gke.io/certmap annotation next to listener certificateRefs as an error",
      "Fix: keep only the certificate map",
    ],
  },
  {
    id: "GKE-GATEWAY-CERTIFICATE-MAP",
    when: "a certificate map is set on a regional class",
    options: gateway({
      gateway: { certificateMap: "grpc-certs", className: "gke-l7-regional-external-managed" },
    }),
    says: [
      "gkeGateway.gateway.certificateMap=grpc-certs with gkeGateway.gateway.className=gke-l7-regional-external-managed",
      "certificate maps attach only to the global load balancers built on Google Front Ends",
      "Fix: list the certificates in gkeGateway.gateway.certificateManagerCerts",
    ],
  },
  {
    id: "GKE-GATEWAY-REDIRECT-HTTP",
    when: "the HTTPS redirect is on without the HTTP listener",
    options: gateway({ gateway: CERTIFICATE, route: { httpsRedirect: { enabled: true } } }),
    says: [
      "gkeGateway.route.httpsRedirect.enabled=true with gkeGateway.gateway.httpListener=false",
      "the route is never accepted and nothing redirects",
      "Fix: set gkeGateway.gateway.httpListener=true",
    ],
  },
  {
    id: "GKE-GATEWAY-REDIRECT-HTTP",
    when: "the HTTPS redirect is on with a shared Gateway that has no HTTP listener",
    options: gateway({
      sharedGateway: { name: "edge", httpSectionName: "" },
      route: { httpsRedirect: { enabled: true } },
    }),
    says: [
      "gkeGateway.route.httpsRedirect.enabled=true with gkeGateway.sharedGateway.httpSectionName empty",
      "the shared Gateway edge's plain HTTP listener",
      "Fix: set gkeGateway.sharedGateway.httpSectionName",
    ],
  },
  {
    id: "GKE-GATEWAY-ALLOW-GLOBAL-ACCESS",
    when: "allowGlobalAccess is set on an external class",
    options: gateway({ gateway: { ...CERTIFICATE, allowGlobalAccess: true } }),
    says: [
      "gkeGateway.gateway.allowGlobalAccess=true with gkeGateway.gateway.className=gke-l7-global-external-managed",
      "global access is a setting of internal load balancers only",
      "Fix: set gkeGateway.gateway.allowGlobalAccess=false, or use the internal class gke-l7-rilb",
    ],
  },
  {
    id: "GKE-GATEWAY-HEALTH-CHECK",
    when: "a GRPC health check meets a TLS grpc port and an HTTP/1.1 health port",
    options: gateway({ gateway: CERTIFICATE, healthCheck: { type: "GRPC" } }),
    says: [
      "gkeGateway.healthCheck.type=GRPC with backendTLS.mode=selfSigned and probes.type=http",
      "Google's gRPC health check speaks cleartext HTTP/2",
      "Fix: backendTLS.mode=disabled",
    ],
  },
  {
    id: "GKE-GATEWAY-HEALTH-CHECK",
    when: "a gRPC service name is set with the HTTP check",
    options: gateway({ gateway: CERTIFICATE, healthCheck: { grpcServiceName: "game.v1.Match" } }),
    says: [
      "gkeGateway.healthCheck.grpcServiceName=game.v1.Match with gkeGateway.healthCheck.type=HTTP",
      "silently ignored",
      "Fix: set gkeGateway.healthCheck.type=GRPC",
    ],
  },
  {
    id: "GKE-GATEWAY-SECURITY-POLICY",
    when: "Cloud Armor is on with the internal class",
    options: gateway(
      { gateway: { ...CERTIFICATE, className: "gke-l7-rilb" } },
      { googleLoadBalancer: { securityPolicy: { enabled: true, name: "armor" } } },
    ),
    says: [
      "googleLoadBalancer.securityPolicy.enabled=true with gkeGateway.gateway.className=gke-l7-rilb",
      "only the backend services of external load balancers can reference a Cloud Armor security policy",
      "Fix: set googleLoadBalancer.securityPolicy.enabled=false on the internal Gateway",
    ],
  },
  {
    id: "GKE-GATEWAY-IAP",
    when: "IAP is on without an OAuth client",
    options: gateway({ gateway: CERTIFICATE, backendPolicy: { iap: { enabled: true, clientID: "id" } } }),
    says: [
      "gkeGateway.backendPolicy.iap.enabled=true without gkeGateway.backendPolicy.iap.clientID and oauth2ClientSecret",
      "GKE would reject the policy",
      "Fix: create an OAuth client",
    ],
  },
  {
    id: "GOOGLE-LB-TIMEOUT",
    when: "googleLoadBalancer.timeoutSec cuts streams behind the Gateway",
    options: gateway({ gateway: CERTIFICATE }, { googleLoadBalancer: { timeoutSec: 30 } }),
    says: [
      "googleLoadBalancer.timeoutSec=30 is below 60",
      "streams would be cut after 30 s",
      "Fix: use e.g. 3600",
    ],
  },
  {
    id: "GOOGLE-LB-HEALTH-CHECK-TIMEOUT",
    when: "the HealthCheckPolicy's timeout would exceed its interval",
    options: gateway(
      { gateway: CERTIFICATE },
      { googleLoadBalancer: { healthCheck: { checkIntervalSec: 5, timeoutSec: 10 } } },
    ),
    says: [
      "googleLoadBalancer.healthCheck.timeoutSec=10 is greater than checkIntervalSec=5",
      "Fix: lower timeoutSec or raise checkIntervalSec",
    ],
  },
  {
    id: "GRACE-PERIOD",
    when: "the GCPBackendPolicy drains longer than the grace period covers",
    options: gateway(
      { gateway: CERTIFICATE },
      { googleLoadBalancer: { connectionDraining: { drainingTimeoutSec: 120 } } },
    ),
    says: [
      "terminationGracePeriodSeconds=60 is shorter than gracefulShutdown.preStop.seconds (15) + drain (120",
      "= 140",
      "Fix: set terminationGracePeriodSeconds to at least 140",
    ],
  },
  {
    id: "GOOGLE-LB-NETWORK-POLICY",
    when: "a NetworkPolicy is asked for on the regional class gke-l7-rilb without networkPolicy.proxyOnlySubnets",
    options: gateway(
      { gateway: { ...CERTIFICATE, className: "gke-l7-rilb" } },
      { networkPolicy: { enabled: true } },
    ),
    says: [
      "networkPolicy.enabled=true with gkeGateway.gateway.className=gke-l7-rilb and networkPolicy.proxyOnlySubnets empty",
      "only its health checkers, from 130.211.0.0/22, 35.191.0.0/16",
      "Fix: set networkPolicy.proxyOnlySubnets",
    ],
  },
  {
    id: "GOOGLE-LB-NETWORK-POLICY",
    when: "networkPolicy.proxyOnlySubnets is given for the global class gke-l7-global-external-managed",
    options: gateway(
      { gateway: CERTIFICATE },
      { networkPolicy: { enabled: true, proxyOnlySubnets: ["10.129.0.0/23"] } },
    ),
    says: [
      "with gkeGateway.gateway.className=gke-l7-global-external-managed",
      "never from a proxy-only subnet",
      "Fix: remove networkPolicy.proxyOnlySubnets",
    ],
  },
];

describe("GKE Gateway guards (templates/gke-gateway/_guards.tpl)", () => {
  itRefusesEach(guards);

  it("should report both certificate-map problems when a regional class has a map and pre-shared certificates, which a map makes the load balancer ignore", async () => {
    const messages = guardMessages(
      await renderFailure(
        gateway({
          gateway: { className: "gke-l7-rilb", certificateMap: "certs", preSharedCerts: ["cert"] },
        }),
      ),
    );
    expect(guardIds(messages)).toEqual(["GKE-GATEWAY-CERTIFICATE-MAP", "GKE-GATEWAY-CERTIFICATE-MAP"]);
    expect(messages[0]).toContain("with gkeGateway.gateway.preSharedCerts");
    expect(messages[0]).toContain('"If set, sslCertificates will be ignored"');
    expect(messages[1]).toContain("certificate maps attach only to the global load balancers");
  });

  it.concurrent.for(HELM_MAJORS)(
    "should accept what GKE Ingress refuses and the Gateway serves: cleartext h2c, a two-week cookie, no TLS on a GRPC-checked grpc port (helm %i)",
    async (helm, { expect }) => {
      const { documents } = await renderChart({
        helm,
        ...gateway(
          { gateway: { certificateMap: "certs" }, healthCheck: { type: "GRPC" } },
          {
            backendTLS: { mode: "disabled" },
            googleLoadBalancer: { sessionAffinity: { type: "GENERATED_COOKIE", cookieTtlSec: 1_209_600 } },
          },
        ),
      });
      expect(findAll(documents, "Gateway")).toHaveLength(1);
    },
  );

  it("should accept a GRPC check with TLS on the grpc port when the health port answers grpc.health.v1 (generic preset, probes.type=grpc)", async () => {
    const { documents } = await renderChart(
      gateway(
        { gateway: CERTIFICATE, healthCheck: { type: "GRPC" } },
        { app: { preset: "generic" }, probes: { type: "grpc" } },
      ),
    );
    expect(findAll(documents, "HealthCheckPolicy")).toHaveLength(1);
  });

  it("should accept a shared Gateway with only className from the gateway values and a redirect on its http listener", async () => {
    const { documents } = await renderChart(
      gateway({
        gateway: { className: "gke-l7-regional-external-managed" },
        sharedGateway: { name: "edge", namespace: "infra" },
        route: { httpsRedirect: { enabled: true } },
      }),
    );
    expect(findAll(documents, "HTTPRoute")).toHaveLength(2);
    expect(findAll(documents, "Gateway")).toEqual([]);
  });

  it("should accept every single-cluster GKE class with a certificate each can take", async () => {
    const classes = [
      { className: "gke-l7-global-external-managed", certificateMap: "certs" },
      { className: "gke-l7-gxlb", certificateMap: "certs" },
      { className: "gke-l7-regional-external-managed", certificateManagerCerts: ["regional"] },
      { className: "gke-l7-rilb", preSharedCerts: ["internal"], allowGlobalAccess: true },
    ];
    const rendered = await Promise.all(classes.map((entry) => renderChart(gateway({ gateway: entry }))));
    expect(rendered.map(({ documents }) => findAll(documents, "Gateway")[0]?.spec.gatewayClassName)).toEqual(
      classes.map((entry) => entry.className),
    );
  });

  it("should run none of the GKE Gateway guards when frontend is gkeIngress or none", async () => {
    const contradictions = {
      gkeGateway: {
        gateway: {
          className: "gke-l7-rilb-mc",
          certificateMap: "certs",
          certificateRefs: ["x"],
          allowGlobalAccess: true,
        },
        healthCheck: { type: "GRPC" },
      },
    };
    for (const frontend of ["gkeIngress", "none"]) {
      await expect(renderChart({ values: { ...contradictions, frontend } })).resolves.toBeDefined();
    }
    // IAP, which would silently be missing, is refused as another frontend's setting (FRONTEND-SETTINGS).
    const iap = { gkeGateway: { ...contradictions.gkeGateway, backendPolicy: { iap: { enabled: true } } } };
    expect(guardIds(guardMessages(await renderFailure({ values: { ...iap, frontend: "none" } })))).toEqual([
      "FRONTEND-SETTINGS",
    ]);
  });
});
