import { describe, expect, it } from "vitest";
import type { ChartRenderOptions } from "../support/chart.ts";
import { guardMessages, renderChart, renderFailure } from "./support.ts";

/** An Ingress that passes every guard on its own: class gce, one managed certificate. */
const INGRESS = { enabled: true, globalStaticIPName: "grpc-ip" };
const CERTIFICATE = { domains: ["api.example.com"] };

interface Guard {
  /** The contradiction, as the case title says it. */
  readonly when: string;
  readonly options: ChartRenderOptions;
  /**
   * Fragments the guard's message must hold: the value's name (and the value), what GKE or Kubernetes
   * would do with it, and the fix.
   */
  readonly says: readonly string[];
}

const guards: readonly Guard[] = [
  {
    when: "backendTLS.mode=disabled is set with an Ingress",
    options: {
      values: { backendTLS: { mode: "disabled" }, ingress: INGRESS, managedCertificate: CERTIFICATE },
    },
    says: [
      "backendTLS.mode=disabled with ingress.enabled=true",
      "502 with failed_to_connect_to_backend",
      "Fix: use backendTLS.mode=selfSigned",
    ],
  },
  {
    when: "backendTLS.mode=existingSecret has no backendTLS.existingSecret",
    options: { values: { backendTLS: { mode: "existingSecret" } } },
    says: [
      "backendTLS.existingSecret is empty with backendTLS.mode=existingSecret",
      "never start",
      "Fix: set backendTLS.existingSecret to a kubernetes.io/tls Secret",
    ],
  },
  {
    when: "ports.grpc equals ports.health",
    options: { values: { ports: { grpc: 6000, health: 6000 } } },
    says: [
      "ports.grpc and ports.health are both 6000",
      "the health check would fail and the load balancer return 502",
      "Fix: give them different ports",
    ],
  },
  {
    when: "backendConfig.healthCheck.type is not HTTP, HTTPS or HTTP2",
    options: { values: { backendConfig: { healthCheck: { type: "GRPC" } } } },
    says: [
      "backendConfig.healthCheck.type=GRPC",
      "accepts only HTTP, HTTPS or HTTP2 health checks",
      "the BackendConfig would be rejected",
      "Fix: use HTTP",
    ],
  },
  {
    when: "the health check is TLS (HTTPS) with the aspnetcore preset",
    options: { values: { backendConfig: { healthCheck: { type: "HTTPS" } } } },
    says: [
      "backendConfig.healthCheck.type=HTTPS",
      "Kestrel__Endpoints__Health__Url=http://",
      "every backend is unhealthy and the load balancer returns 502",
      "Fix: backendConfig.healthCheck.type=HTTP",
    ],
  },
  {
    when: "the health check is TLS (HTTP2) with the generic preset",
    options: { values: { app: { preset: "generic" }, backendConfig: { healthCheck: { type: "HTTP2" } } } },
    says: [
      "backendConfig.healthCheck.type=HTTP2",
      "the chart's health port is plain HTTP/1.1",
      "every backend is unhealthy and the load balancer returns 502",
      "Fix: backendConfig.healthCheck.type=HTTP",
    ],
  },
  {
    when: "a managed domain is not routed by any host rule and there is no default backend",
    options: {
      values: {
        ingress: { ...INGRESS, defaultBackend: false, hosts: [{ host: "api.example.com" }] },
        managedCertificate: { domains: ["api.example.com", "play.example.com"] },
      },
    },
    says: [
      'managedCertificate.domains contains "play.example.com", which no ingress.hosts rule routes',
      "would get the load balancer's 404",
      'Fix: add a host rule for "play.example.com"',
    ],
  },
  {
    when: "backendConfig.healthCheck.timeoutSec exceeds checkIntervalSec",
    options: { values: { backendConfig: { healthCheck: { timeoutSec: 20, checkIntervalSec: 10 } } } },
    says: [
      "backendConfig.healthCheck.timeoutSec=20 is greater than checkIntervalSec=10",
      "the Ingress never syncs",
      "Fix: lower timeoutSec or raise checkIntervalSec",
    ],
  },
  {
    when: "backendConfig.timeoutSec is above a day",
    options: { values: { backendConfig: { timeoutSec: 86401 } } },
    says: [
      "backendConfig.timeoutSec=86401 is above 86400",
      "front ends restart for maintenance",
      "Fix: use at most 86400",
    ],
  },
  {
    when: "backendConfig.timeoutSec is below 60",
    options: { values: { backendConfig: { timeoutSec: 30 } } },
    says: [
      "backendConfig.timeoutSec=30 is below 60",
      "streams would be cut after 30 s",
      "Fix: use e.g. 3600",
    ],
  },
  {
    when: "backendConfig.enabled=false is set with an Ingress",
    options: {
      values: { backendConfig: { enabled: false }, ingress: INGRESS, managedCertificate: CERTIFICATE },
    },
    says: [
      "backendConfig.enabled=false with ingress.enabled=true",
      "the load balancer returns 502",
      "Fix: keep backendConfig.enabled=true",
    ],
  },
  {
    when: "probes.readiness.enabled=false is set with an Ingress",
    options: {
      values: {
        probes: { readiness: { enabled: false } },
        ingress: INGRESS,
        managedCertificate: CERTIFICATE,
      },
    },
    says: [
      "probes.readiness.enabled=false with ingress.enabled=true",
      "return 502s",
      "Fix: keep probes.readiness.enabled=true",
    ],
  },
  {
    when: "probes.type=grpc is set with the aspnetcore preset",
    options: { values: { probes: { type: "grpc" } } },
    says: [
      "probes.type=grpc with app.preset=aspnetcore",
      "no pod becomes ready",
      "Fix: probes.type=http",
      "or app.preset=generic",
    ],
  },
  {
    when: "terminationGracePeriodSeconds is shorter than preStop + appDrainSeconds + buffer",
    options: { values: { terminationGracePeriodSeconds: 49 } },
    says: [
      "terminationGracePeriodSeconds=49 is shorter than",
      "gracefulShutdown.preStop.seconds (15)",
      "= 50",
      "the pod would be killed while the load balancer still drains",
      "Fix: set terminationGracePeriodSeconds to at least 50",
    ],
  },
  {
    when: "terminationGracePeriodSeconds is shorter than preStop + drainingTimeoutSec + buffer",
    options: { values: { backendConfig: { connectionDraining: { drainingTimeoutSec: 120 } } } },
    says: [
      "terminationGracePeriodSeconds=60 is shorter than",
      "drain (120: the larger of gracefulShutdown.appDrainSeconds and backendConfig.connectionDraining.drainingTimeoutSec)",
      "Fix: set terminationGracePeriodSeconds to at least 140",
    ],
  },
  {
    when: "gracefulShutdown.preStop.mode=sleep is set on Kubernetes 1.29",
    options: { kubeVersion: "1.29.0", values: { gracefulShutdown: { preStop: { mode: "sleep" } } } },
    says: [
      "gracefulShutdown.preStop.mode=sleep on Kubernetes v1.29.0",
      "the API server would reject or drop it",
      "Fix: gracefulShutdown.preStop.mode=auto",
    ],
  },
  {
    when: "both a global and a regional static IP are set",
    options: {
      values: {
        ingress: { ...INGRESS, regionalStaticIPName: "grpc-regional-ip" },
        managedCertificate: CERTIFICATE,
      },
    },
    says: [
      "ingress.globalStaticIPName and ingress.regionalStaticIPName are both set",
      "never creates the load balancer",
      "Fix: keep ingress.globalStaticIPName for class gce",
    ],
  },
  {
    when: "a global static IP is set with a regional class",
    options: {
      values: {
        ingress: {
          enabled: true,
          class: "gce-internal",
          globalStaticIPName: "grpc-ip",
          preSharedCerts: ["cert"],
        },
      },
    },
    says: [
      "ingress.globalStaticIPName with ingress.class=gce-internal",
      "the regional load balancer cannot use it",
      "Fix: reserve a regional address and set ingress.regionalStaticIPName",
    ],
  },
  {
    when: "a regional static IP is set with class gce",
    options: {
      values: {
        ingress: { enabled: true, regionalStaticIPName: "grpc-regional-ip" },
        managedCertificate: CERTIFICATE,
      },
    },
    says: [
      "ingress.regionalStaticIPName with ingress.class=gce",
      "needs a global address",
      "set ingress.globalStaticIPName instead",
    ],
  },
  {
    when: "the Ingress has no certificate",
    options: { values: { ingress: INGRESS } },
    says: [
      "ingress.enabled=true with no certificate",
      "gRPC clients need HTTPS to speak HTTP/2",
      "Fix: set managedCertificate.domains",
    ],
  },
  {
    when: "the Ingress has more than 15 certificates",
    options: {
      values: {
        ingress: { ...INGRESS, preSharedCerts: Array.from({ length: 15 }, (_, n) => `cert-${n}`) },
        managedCertificate: CERTIFICATE,
      },
    },
    says: [
      "16 certificates on one Ingress",
      "at most 15 certificates per Ingress and the load balancer would not sync",
      "Fix: put several domains in one managedCertificate",
    ],
  },
  {
    when: "the HTTPS redirect is on with ingress.allowHttp=false",
    options: { values: { ingress: { ...INGRESS, allowHttp: false }, managedCertificate: CERTIFICATE } },
    says: [
      "frontendConfig.redirectToHttps.enabled=true with ingress.allowHttp=false",
      "it would never run",
      "Fix: set ingress.allowHttp=true to redirect, or frontendConfig.redirectToHttps.enabled=false",
    ],
  },
  {
    when: "managedCertificate.domains is set with a regional class",
    options: {
      values: {
        ingress: { enabled: true, class: "gce-regional-external", regionalStaticIPName: "grpc-regional-ip" },
        managedCertificate: CERTIFICATE,
        frontendConfig: { enabled: false },
      },
    },
    says: [
      "managedCertificate.domains with ingress.class=gce-regional-external",
      "work only with the external global load balancer",
      "Fix: use ingress.class=gce, or ingress.preSharedCerts / ingress.tls",
    ],
  },
  {
    when: "managedCertificate.domains has more than 100 entries",
    options: {
      values: {
        managedCertificate: { domains: Array.from({ length: 101 }, (_, n) => `host-${n}.example.com`) },
      },
    },
    says: [
      "managedCertificate.domains has 101 entries",
      "holds at most 100 domains",
      "Fix: split the domains across releases",
    ],
  },
  {
    when: "a managed domain is a wildcard",
    options: { values: { managedCertificate: { domains: ["*.example.com"] } } },
    says: [
      'managedCertificate.domains contains the wildcard "*.example.com"',
      "provisioning would never finish",
      "Fix: list each host name",
    ],
  },
  {
    when: "autoscaling.minReplicas exceeds maxReplicas",
    options: { values: { autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 3 } } },
    says: [
      "autoscaling.minReplicas=5 is greater than autoscaling.maxReplicas=3",
      "the HorizontalPodAutoscaler would be rejected",
      "Fix: make minReplicas <= maxReplicas",
    ],
  },
  {
    when: "podDisruptionBudget.maxUnavailable=0 with 2 replicas",
    options: { values: { podDisruptionBudget: { maxUnavailable: 0 } } },
    says: [
      "podDisruptionBudget.maxUnavailable=0",
      "GKE node upgrades and drains would hang",
      "Fix: use maxUnavailable >= 1",
    ],
  },
  {
    when: "podDisruptionBudget.maxUnavailable is 0%",
    options: { values: { podDisruptionBudget: { maxUnavailable: "0%" } } },
    says: ["podDisruptionBudget.maxUnavailable=0%", "drains would hang", "Fix: use maxUnavailable >= 1"],
  },
  {
    when: "podDisruptionBudget.minAvailable is 100%",
    options: { values: { podDisruptionBudget: { minAvailable: "100%" } } },
    says: ["podDisruptionBudget.minAvailable=100%", "drains would hang", "Fix: use a lower percentage"],
  },
  {
    when: "podDisruptionBudget.minAvailable equals replicaCount",
    options: { values: { replicaCount: 3, podDisruptionBudget: { minAvailable: 3 } } },
    says: [
      "podDisruptionBudget.minAvailable=3 with only 3 replicas",
      "node upgrades and drains would hang",
      "Fix: set minAvailable below the replica count (e.g. 2)",
    ],
  },
  {
    when: "podDisruptionBudget.minAvailable exceeds autoscaling.minReplicas",
    options: {
      values: {
        replicaCount: 10,
        autoscaling: { enabled: true, minReplicas: 2 },
        podDisruptionBudget: { minAvailable: 4 },
      },
    },
    says: [
      "podDisruptionBudget.minAvailable=4 with only 2 replicas",
      "Fix: set minAvailable below the replica count",
    ],
  },
];

describe("render-time guards (grpc-gke.validateValues)", () => {
  // Concurrent: each case waits on its own helm process.
  it.concurrent.for(guards.map((guard) => [guard.when, guard] as const))(
    "should refuse the values, naming the value, the consequence and the fix, when %s",
    async ([, { options, says }], { expect }) => {
      const messages = guardMessages(await renderFailure(options));
      expect(messages).toHaveLength(1);
      const [message = ""] = messages;
      for (const fragment of says) expect(message).toContain(fragment);
    },
  );

  it("should report every contradiction in one failure when several values are wrong", async () => {
    const messages = guardMessages(
      await renderFailure({
        values: {
          backendTLS: { mode: "existingSecret" },
          backendConfig: { timeoutSec: 30 },
          probes: { type: "grpc" },
        },
      }),
    );
    expect(messages).toHaveLength(3);
    expect(messages.some((message) => message.startsWith("backendTLS.existingSecret is empty"))).toBe(true);
    expect(messages.some((message) => message.startsWith("backendConfig.timeoutSec=30 is below 60"))).toBe(
      true,
    );
    expect(
      messages.some((message) => message.startsWith("probes.type=grpc with app.preset=aspnetcore")),
    ).toBe(true);
  });

  it("should accept the boundaries (timeoutSec 60 and 86400, grace period exactly covered) when they are met", async () => {
    await expect(
      renderChart({ values: { backendConfig: { timeoutSec: 60 }, terminationGracePeriodSeconds: 50 } }),
    ).resolves.toBeDefined();
    await expect(renderChart({ values: { backendConfig: { timeoutSec: 86400 } } })).resolves.toBeDefined();
  });

  it("should accept a blocking budget value when a single replica means no budget is rendered", async () => {
    const { documents } = await renderChart({
      values: { replicaCount: 1, podDisruptionBudget: { maxUnavailable: 0 } },
    });
    expect(documents.some(({ object }) => object.kind === "PodDisruptionBudget")).toBe(false);
  });

  it("should accept native preStop sleep on Kubernetes 1.30 when gracefulShutdown.preStop.mode=sleep", async () => {
    await expect(
      renderChart({ kubeVersion: "1.30.0", values: { gracefulShutdown: { preStop: { mode: "sleep" } } } }),
    ).resolves.toBeDefined();
  });
});

describe("schema refusals (values.schema.json)", () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      "a Kestrel keep-alive not above the load balancer's 600 s",
      { app: { aspnetcore: { keepAliveTimeoutSeconds: 600 } } },
      "/app/aspnetcore/keepAliveTimeoutSeconds",
    ],
    ["an unknown backendTLS.mode", { backendTLS: { mode: "plaintext" } }, "/backendTLS/mode"],
    ["an unknown Ingress class", { ingress: { class: "nginx" } }, "/ingress/class"],
    ["a misspelled top-level key", { replicas: 3 }, "replicas"],
  ])("should refuse the values, naming the value's path, when they set %s", async (_title, values, path) => {
    const message = await renderFailure({ values });
    expect(message).toContain("values don't meet the specifications of the schema");
    expect(message).toContain(path);
  });
});
