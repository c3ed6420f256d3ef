/**
 * templates/networkpolicy.yaml: the grpc port admitted only from the clients, the helm test pod and the frontend's
 * own sources (grpc-gke.<frontend>.networkPolicy). The kubelet needs no rule: traffic from the node to its pods is
 * always allowed (Kubernetes, Network Policies; Cilium, GKE Dataplane V2's engine, allows localhost in Kubernetes
 * mode), so a policy with no rule for the health port must not break the probes.
 */
import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, renderFailure, sourceOf } from "./support.ts";

const CLIENTS = [{ namespaceSelector: { matchLabels: { "grpc-gke.dev/client": "true" } } }];
const TEST_POD = {
  podSelector: {
    matchLabels: {
      "app.kubernetes.io/component": "test",
      "app.kubernetes.io/instance": "gunstars",
      "app.kubernetes.io/name": "grpc-gke-test",
    },
  },
};
const withPolicy = (values: Record<string, unknown> = {}) =>
  lazyDocuments({
    values: { frontend: "inCluster", networkPolicy: { enabled: true, clients: CLIENTS }, ...values },
  });
const policy = withPolicy();
const policyOf = async (documents: typeof policy) => find(await documents(), "NetworkPolicy", FULLNAME);

describe("templates/networkpolicy.yaml", () => {
  it("should render no NetworkPolicy when values are the defaults", async () => {
    expect(findAll(await lazyDocuments()(), "NetworkPolicy")).toEqual([]);
  });

  it("should select the release's pods for Ingress only, from networkpolicy.yaml, when networkPolicy.enabled=true with frontend=inCluster", async () => {
    const documents = await policy();
    expect(sourceOf(documents, "NetworkPolicy")).toBe("grpc-gke/templates/networkpolicy.yaml");
    const { spec } = await policyOf(policy);
    expect(spec.podSelector).toEqual({
      matchLabels: { "app.kubernetes.io/name": "grpc-gke", "app.kubernetes.io/instance": "gunstars" },
    });
    expect(spec.policyTypes).toEqual(["Ingress"]);
    expect(spec.egress).toBeUndefined();
  });

  it("should admit the grpc port 5000 from the clients and the helm test pod, and nothing else, when tests are on (default)", async () => {
    expect((await policyOf(policy)).spec.ingress).toEqual([
      { from: [...CLIENTS, TEST_POD], ports: [{ protocol: "TCP", port: 5000 }] },
    ]);
  });

  it("should select exactly the labels the helm test pod carries", async () => {
    const documents = await policy();
    const testPod = find(documents, "Pod", `${FULLNAME}-test-grpc-health`);
    for (const [key, value] of Object.entries(TEST_POD.podSelector.matchLabels)) {
      expect(testPod.metadata?.labels?.[key]).toBe(value);
    }
  });

  it("should leave the health port without a rule (the kubelet's probes come from the node, always allowed)", async () => {
    const ports = ((await policyOf(policy)).spec.ingress ?? []).flatMap((rule) => rule.ports ?? []);
    expect(ports.map((port) => port.port)).not.toContain(5001);
  });

  const noTests = withPolicy({ tests: { enabled: false }, ports: { grpc: 50051, health: 8080 } });

  it("should admit only the clients on port 50051 when tests.enabled=false and ports.grpc=50051", async () => {
    expect((await policyOf(noTests)).spec.ingress).toEqual([
      { from: CLIENTS, ports: [{ protocol: "TCP", port: 50051 }] },
    ]);
  });

  const extra = withPolicy({ extraPorts: [{ name: "auth", port: 9999 }] });

  it("should admit the same clients on each extra port too when extraPorts are set", async () => {
    expect((await policyOf(extra)).spec.ingress).toEqual([
      {
        from: [...CLIENTS, TEST_POD],
        ports: [
          { protocol: "TCP", port: 5000 },
          { protocol: "TCP", port: 9999 },
        ],
      },
    ]);
  });

  it("should render the same policy for frontend=none, whose frontend is one of the clients", async () => {
    const none = withPolicy({ frontend: "none" });
    expect((await policyOf(none)).spec.ingress).toEqual((await policyOf(policy)).spec.ingress);
  });
});

/**
 * The metrics port (ports.metrics) is admitted only from its scrapers, in a rule of its own: Managed Service for
 * Prometheus's collectors (GoogleCloudPlatform/prometheus-engine v0.17.2 manifests/operator.yaml: DaemonSet `collector`
 * in namespace `gmp-system`, pods labelled `app.kubernetes.io/name: collector`, pod network), a Prometheus Operator
 * Prometheus's pods (prometheus-operator v0.93.0 pkg/prometheus/server/operator.go: `app.kubernetes.io/name: prometheus`)
 * in metrics.serviceMonitor.prometheusNamespace, and networkPolicy.metricsScrapers. Namespaces are picked by the
 * `kubernetes.io/metadata.name` label the API server sets on each (KEP-2161).
 */
describe("templates/networkpolicy.yaml: the metrics port", () => {
  const GMP_COLLECTORS = {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "gmp-system" } },
    podSelector: { matchLabels: { "app.kubernetes.io/name": "collector" } },
  };
  const PROMETHEUS = {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } },
    podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
  };
  const OTEL = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "observability" } } };
  const metricsRule = async (documents: typeof policy) =>
    ((await policyOf(documents)).spec.ingress ?? []).filter((rule) =>
      (rule.ports ?? []).some((port) => port.port === 9090),
    );

  const gmp = withPolicy({ ports: { metrics: 9090 }, metrics: { podMonitoring: { enabled: true } } });

  it("should admit the metrics port from GMP's collectors only, in a rule of its own, when metrics.podMonitoring.enabled=true", async () => {
    expect(await metricsRule(gmp)).toEqual([
      { from: [GMP_COLLECTORS], ports: [{ protocol: "TCP", port: 9090 }] },
    ]);
  });

  it("should keep the clients' rule to the grpc port (the clients may not read the metrics port) when ports.metrics is set", async () => {
    const [clients] = (await policyOf(gmp)).spec.ingress ?? [];
    expect(clients).toEqual({ from: [...CLIENTS, TEST_POD], ports: [{ protocol: "TCP", port: 5000 }] });
  });

  const both = withPolicy({
    ports: { metrics: 9090 },
    metrics: {
      podMonitoring: { enabled: true },
      serviceMonitor: { enabled: true, prometheusNamespace: "monitoring" },
    },
    networkPolicy: { enabled: true, clients: CLIENTS, metricsScrapers: [OTEL] },
  });

  it("should admit the ServiceMonitor's Prometheus pods in metrics.serviceMonitor.prometheusNamespace, then networkPolicy.metricsScrapers, after GMP's collectors", async () => {
    expect(await metricsRule(both)).toEqual([
      { from: [GMP_COLLECTORS, PROMETHEUS, OTEL], ports: [{ protocol: "TCP", port: 9090 }] },
    ]);
  });

  it("should admit networkPolicy.metricsScrapers alone when no monitor is on", async () => {
    const scrapersOnly = withPolicy({
      ports: { metrics: 9090 },
      networkPolicy: { enabled: true, clients: CLIENTS, metricsScrapers: [OTEL] },
    });
    expect(await metricsRule(scrapersOnly)).toEqual([
      { from: [OTEL], ports: [{ protocol: "TCP", port: 9090 }] },
    ]);
  });

  it("should render no metrics rule when ports.metrics is null (default)", async () => {
    expect(await metricsRule(policy)).toEqual([]);
  });
});

/**
 * Egress (networkPolicy.egress): not restricted by default, because a gRPC server usually needs DNS, Google APIs (public
 * addresses that change) and, with Workload Identity, the metadata server. Given rules, the policy becomes
 * default-deny egress except DNS (port 53 to any address: kube-dns, or NodeLocal DNSCache's node-local address), the GKE
 * metadata server with Workload Identity (FACTS.workloadIdentity.metadataServerEgress: Dataplane V2 answers it on
 * 169.254.169.254:80, the Calico dataplane on 169.254.169.252:988) and the rules given.
 */
describe("templates/networkpolicy.yaml: egress", () => {
  const DNS = {
    ports: [
      { protocol: "UDP", port: 53 },
      { protocol: "TCP", port: 53 },
    ],
  };
  const DATABASE = { to: [{ ipBlock: { cidr: "10.20.0.3/32" } }], ports: [{ protocol: "TCP", port: 5432 }] };
  const METADATA = [
    { to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ protocol: "TCP", port: 80 }] },
    { to: [{ ipBlock: { cidr: "169.254.169.252/32" } }], ports: [{ protocol: "TCP", port: 988 }] },
  ];
  const GSA = "gunstars-api@gunstars-prod.iam.gserviceaccount.com";

  it("should leave egress unrestricted (no Egress policy type, no rules) when networkPolicy.egress is empty (default)", async () => {
    const { spec } = await policyOf(policy);
    expect(spec.policyTypes).toEqual(["Ingress"]);
    expect(spec.egress).toBeUndefined();
  });

  it("should leave egress unrestricted with Workload Identity too, when networkPolicy.egress is empty", async () => {
    const withIdentity = withPolicy({ serviceAccount: { workloadIdentity: { gcpServiceAccount: GSA } } });
    expect((await policyOf(withIdentity)).spec.egress).toBeUndefined();
  });

  it("should restrict egress to DNS and the rules given when networkPolicy.egress is set", async () => {
    const restricted = withPolicy({ networkPolicy: { enabled: true, clients: CLIENTS, egress: [DATABASE] } });
    const { spec } = await policyOf(restricted);
    expect(spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(spec.egress).toEqual([DNS, DATABASE]);
  });

  it("should admit the GKE metadata server on both dataplanes' addresses when egress is restricted with serviceAccount.workloadIdentity.gcpServiceAccount", async () => {
    const restricted = withPolicy({
      serviceAccount: { workloadIdentity: { gcpServiceAccount: GSA } },
      networkPolicy: { enabled: true, clients: CLIENTS, egress: [DATABASE] },
    });
    expect((await policyOf(restricted)).spec.egress).toEqual([DNS, ...METADATA, DATABASE]);
  });

  it("should admit the metadata server when the Workload Identity annotation is given in serviceAccount.annotations instead", async () => {
    const restricted = withPolicy({
      serviceAccount: { annotations: { "iam.gke.io/gcp-service-account": GSA } },
      networkPolicy: { enabled: true, clients: CLIENTS, egress: [DATABASE] },
    });
    expect((await policyOf(restricted)).spec.egress).toEqual([DNS, ...METADATA, DATABASE]);
  });
});

describe("templates/networkpolicy.yaml: ports behind a sidecar", () => {
  it("should admit the callers on ESP's port, where the Service's grpc port lands, instead of the app's, when istio.esp.enabled=true", async () => {
    const esp = lazyDocuments({
      values: {
        frontend: "istio",
        backendTLS: { mode: "disabled" },
        istio: {
          hosts: ["api.example.com"],
          gateway: { credentialName: "api-tls" },
          esp: { enabled: true, service: "grpc-api.endpoints.example-project.cloud.goog" },
        },
        networkPolicy: { enabled: true },
      },
    });
    const documents = await esp();
    const service = find(documents, "Service", FULLNAME);
    const grpcTarget = service.spec.ports?.find((port) => port.name === "grpc")?.targetPort;
    const ports = (find(documents, "NetworkPolicy", FULLNAME).spec.ingress ?? []).flatMap(
      (rule) => rule.ports ?? [],
    );
    expect(ports.map((port) => port.port)).toEqual([grpcTarget]);
    expect(ports.map((port) => port.port)).not.toContain(5000);
  });
});

describe("values.schema.json: networkPolicy.proxyOnlySubnets", () => {
  it.concurrent.for([
    ["10.129.0.0/33", 4],
    ["10.129.0.0", 4],
    ["10.129.0.0/33", 3],
    ["256.1.0.0/23", 3],
  ] as const)(
    "should refuse %s (not an IPv4 CIDR), naming the value, when given to helm %i",
    async ([cidr, helm], { expect }) => {
      const message = await renderFailure({
        helm,
        values: {
          frontend: "gkeGateway",
          gkeGateway: { gateway: { className: "gke-l7-rilb", certificateRefs: ["api-tls"] } },
          networkPolicy: { enabled: true, proxyOnlySubnets: [cidr] },
        },
      });
      // Both name the value's path; helm 4 (jsonschema/v6) quotes the value too, helm 3 (gojsonschema) names the pattern.
      expect(message).toMatch(/networkPolicy[./]proxyOnlySubnets[./]0/);
      expect(message).toContain(helm === 4 ? cidr : "Does not match pattern");
    },
  );
});
