/**
 * templates/podmonitoring.yaml: Google Cloud Managed Service for Prometheus (managed collection) scrapes the server's
 * metrics port. What GMP does with a PodMonitoring, from its code (GoogleCloudPlatform/prometheus-engine v0.17.2):
 * `selector` picks pods by label in the PodMonitoring's own namespace (pod_types.go PodMonitoringSpec, the CRD's
 * description "scoped to pods within the PodMonitoring's namespace"); an endpoint's `port` given by name keeps only
 * the container ports of that name (pod_config.go, a `keep` on `__meta_kubernetes_pod_container_port_name`); `interval`
 * is required and `timeout` may not exceed it (the CRD). These specs pin the chart to each.
 */
import { createValidator } from "@grpc-gke/validate";
import { describe, expect, it } from "vitest";
import {
  container,
  containerPort,
  envOf,
  FULLNAME,
  find,
  findAll,
  lazyDocuments,
  NAMESPACE,
  servicePort,
  sourceOf,
} from "./support.ts";

const SELECTOR = { "app.kubernetes.io/name": "grpc-gke", "app.kubernetes.io/instance": "gunstars" };

const monitored = lazyDocuments({
  values: { ports: { metrics: 9090 }, metrics: { podMonitoring: { enabled: true } } },
});
const podMonitoringOf = async (documents: typeof monitored) =>
  find(await documents(), "PodMonitoring", FULLNAME);

describe("templates/podmonitoring.yaml", () => {
  it("should render no PodMonitoring when values are the defaults", async () => {
    expect(findAll(await lazyDocuments()(), "PodMonitoring")).toEqual([]);
  });

  it("should render no PodMonitoring when ports.metrics is set and metrics.podMonitoring.enabled is false (default)", async () => {
    const documents = await lazyDocuments({ values: { ports: { metrics: 9090 } } })();
    expect(findAll(documents, "PodMonitoring")).toEqual([]);
  });

  it("should render a monitoring.googleapis.com/v1 PodMonitoring from podmonitoring.yaml in the release namespace when metrics.podMonitoring.enabled=true", async () => {
    const documents = await monitored();
    expect(sourceOf(documents, "PodMonitoring")).toBe("grpc-gke/templates/podmonitoring.yaml");
    const podMonitoring = await podMonitoringOf(monitored);
    expect(podMonitoring.apiVersion).toBe("monitoring.googleapis.com/v1");
    // GMP scrapes only pods of the PodMonitoring's own namespace: it must be the Deployment's.
    expect(podMonitoring.metadata?.namespace).toBe(NAMESPACE);
    expect(find(documents, "Deployment").metadata?.namespace).toBe(NAMESPACE);
  });

  it("should select exactly the Deployment's pods (its selector labels), not the helm test pod, when metrics.podMonitoring.enabled=true", async () => {
    const documents = await monitored();
    const { selector } = (await podMonitoringOf(monitored)).spec;
    expect(selector).toEqual({ matchLabels: SELECTOR });
    expect(find(documents, "Deployment").spec.selector.matchLabels).toEqual(SELECTOR);
    const testPod = find(documents, "Pod", `${FULLNAME}-test-grpc-health`);
    const testLabels = testPod.metadata?.labels ?? {};
    expect(Object.entries(SELECTOR).every(([key, value]) => testLabels[key] === value)).toBe(false);
  });

  it("should scrape http://<pod>:metrics/metrics every 30s with a 10s timeout when the metrics values are the defaults", async () => {
    expect((await podMonitoringOf(monitored)).spec.endpoints).toEqual([
      { port: "metrics", scheme: "http", path: "/metrics", interval: "30s", timeout: "10s" },
    ]);
  });

  it("should name a port the server container declares, numbered ports.metrics, so GMP's port-name filter keeps it", async () => {
    const documents = await monitored();
    const [endpoint] = (await podMonitoringOf(monitored)).spec.endpoints;
    expect(typeof endpoint?.port).toBe("string");
    const port = containerPort(container(find(documents, "Deployment")), String(endpoint?.port));
    expect(port).toEqual({ name: "metrics", containerPort: 9090, protocol: "TCP" });
  });

  const tuned = lazyDocuments({
    values: {
      ports: { metrics: 9464 },
      metrics: {
        path: "/internal/metrics",
        interval: "1m30s",
        scrapeTimeout: "500ms",
        podMonitoring: { enabled: true },
      },
    },
  });

  it("should carry metrics.path, metrics.interval and metrics.scrapeTimeout when they are set", async () => {
    expect((await podMonitoringOf(tuned)).spec.endpoints).toEqual([
      { port: "metrics", scheme: "http", path: "/internal/metrics", interval: "1m30s", timeout: "500ms" },
    ]);
    expect(containerPort(container(find(await tuned(), "Deployment")), "metrics").containerPort).toBe(9464);
  });

  it("should give the server METRICS_PORT and METRICS_PATH with the generic preset when ports.metrics is set", async () => {
    const documents = await lazyDocuments({
      values: {
        app: { preset: "generic" },
        ports: { metrics: 9464 },
        metrics: { path: "/internal/metrics" },
      },
    })();
    const env = envOf(container(find(documents, "Deployment")));
    expect(env.get("METRICS_PORT")).toBe("9464");
    expect(env.get("METRICS_PATH")).toBe("/internal/metrics");
  });

  it("should add no metrics port, Service port or env when ports.metrics is null (default)", async () => {
    const documents = await lazyDocuments({ values: { app: { preset: "generic" } } })();
    const deployment = find(documents, "Deployment");
    expect(container(deployment).ports?.map((port) => port.name)).toEqual(["grpc", "health"]);
    expect(find(documents, "Service", FULLNAME).spec.ports?.map((port) => port.name)).toEqual([
      "grpc",
      "health",
    ]);
    expect([...envOf(container(deployment)).keys()].filter((name) => name.startsWith("METRICS_"))).toEqual(
      [],
    );
  });

  it("should expose the metrics port on the Service too (name metrics, HTTP), targeting the container port by name", async () => {
    const service = find(await monitored(), "Service", FULLNAME);
    expect(servicePort(service, "metrics")).toEqual({
      name: "metrics",
      port: 9090,
      targetPort: "metrics",
      protocol: "TCP",
      appProtocol: "HTTP",
    });
  });

  it("should match GMP's CRD (the strict schema packages/schemas generates from it) when rendered", async () => {
    const documents = (await tuned()).filter(({ object }) => object.kind === "PodMonitoring");
    expect(documents).toHaveLength(1);
    expect(createValidator().validate(documents)).toEqual([]);
  });

  it("should be refused by that schema when an endpoint lacks the interval GMP's CRD requires", async () => {
    const [document] = (await monitored()).filter(({ object }) => object.kind === "PodMonitoring");
    if (document === undefined) throw new Error("no PodMonitoring rendered");
    const spec = structuredClone(document.object.spec) as { endpoints: Record<string, unknown>[] };
    delete spec.endpoints[0]?.interval;
    const problems = createValidator().validate([{ ...document, object: { ...document.object, spec } }]);
    expect(problems.map((problem) => [problem.path, problem.message])).toEqual([
      ["spec.endpoints[0].interval", "missing required field `interval`"],
    ]);
  });
});
