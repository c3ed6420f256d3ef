/**
 * templates/servicemonitor.yaml: a Prometheus run by the Prometheus Operator scrapes the server's metrics port through
 * the Service. What the operator does with a ServiceMonitor, from its code (prometheus-operator v0.93.0): `selector`
 * picks Services by label, in the ServiceMonitor's own namespace when there is no `namespaceSelector`
 * (pkg/apis/monitoring/v1/servicemonitor_types.go); an endpoint's `port` is a Service port name, and the generated
 * scrape job keeps only the endpoints of that port (pkg/prometheus/promcfg.go, a `keep` on
 * `__meta_kubernetes_endpointslice_port_name`); a Prometheus picks ServiceMonitors by their labels
 * (`serviceMonitorSelector`). These specs pin the chart to each.
 */
import { createValidator } from "@grpc-gke/validate";
import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, NAMESPACE, servicePort, sourceOf } from "./support.ts";

const SELECTOR = { "app.kubernetes.io/name": "grpc-gke", "app.kubernetes.io/instance": "gunstars" };

const monitored = lazyDocuments({
  values: { ports: { metrics: 9090 }, metrics: { serviceMonitor: { enabled: true } } },
});
const serviceMonitorOf = async (documents: typeof monitored) =>
  find(await documents(), "ServiceMonitor", FULLNAME);

/** The Services a ServiceMonitor's matchLabels select, among the rendered ones. */
function selectedServices(
  documents: Awaited<ReturnType<typeof monitored>>,
  matchLabels: Readonly<Record<string, string>>,
) {
  return findAll(documents, "Service").filter((service) =>
    Object.entries(matchLabels).every(([key, value]) => service.metadata?.labels?.[key] === value),
  );
}

describe("templates/servicemonitor.yaml", () => {
  it("should render no ServiceMonitor when values are the defaults", async () => {
    expect(findAll(await lazyDocuments()(), "ServiceMonitor")).toEqual([]);
  });

  it("should render a monitoring.coreos.com/v1 ServiceMonitor from servicemonitor.yaml in the release namespace, without a namespaceSelector, when metrics.serviceMonitor.enabled=true", async () => {
    const documents = await monitored();
    expect(sourceOf(documents, "ServiceMonitor")).toBe("grpc-gke/templates/servicemonitor.yaml");
    const serviceMonitor = await serviceMonitorOf(monitored);
    expect(serviceMonitor.apiVersion).toBe("monitoring.coreos.com/v1");
    expect(serviceMonitor.metadata?.namespace).toBe(NAMESPACE);
    // No namespaceSelector: the operator looks the Services up in the ServiceMonitor's namespace, the Service's.
    expect(serviceMonitor.spec.namespaceSelector).toBeUndefined();
    expect(find(documents, "Service", FULLNAME).metadata?.namespace).toBe(NAMESPACE);
  });

  it("should select the release's Service by its name and instance labels when metrics.serviceMonitor.enabled=true", async () => {
    const documents = await monitored();
    const { selector } = (await serviceMonitorOf(monitored)).spec;
    expect(selector).toEqual({ matchLabels: SELECTOR });
    expect(selectedServices(documents, SELECTOR).map((service) => service.metadata?.name)).toEqual([
      FULLNAME,
    ]);
  });

  it("should scrape the Service port named metrics at /metrics every 30s with a 10s timeout when the metrics values are the defaults", async () => {
    expect((await serviceMonitorOf(monitored)).spec.endpoints).toEqual([
      { port: "metrics", scheme: "http", path: "/metrics", interval: "30s", scrapeTimeout: "10s" },
    ]);
  });

  it("should name a port of the selected Service (numbered ports.metrics, targeting the container port metrics), as the operator's port filter needs", async () => {
    const documents = await monitored();
    const [endpoint] = (await serviceMonitorOf(monitored)).spec.endpoints ?? [];
    const service = find(documents, "Service", FULLNAME);
    expect(servicePort(service, String(endpoint?.port))).toMatchObject({ port: 9090, targetPort: "metrics" });
  });

  it("should add no target from the headless Service, which carries the same labels but no metrics port, when clientSideBalancing is on", async () => {
    const documents = await lazyDocuments({
      values: {
        clientSideBalancing: { enabled: true },
        ports: { metrics: 9090 },
        metrics: { serviceMonitor: { enabled: true } },
      },
    })();
    const [endpoint] = find(documents, "ServiceMonitor", FULLNAME).spec.endpoints ?? [];
    const selected = selectedServices(documents, SELECTOR);
    expect(selected.map((service) => service.metadata?.name).sort()).toEqual([
      FULLNAME,
      `${FULLNAME}-headless`,
    ]);
    const withPort = selected.filter((service) =>
      (service.spec.ports ?? []).some((port) => port.name === endpoint?.port),
    );
    expect(withPort.map((service) => service.metadata?.name)).toEqual([FULLNAME]);
  });

  const labelled = lazyDocuments({
    values: {
      ports: { metrics: 9464 },
      commonLabels: { team: "realtime" },
      metrics: {
        interval: "1m",
        scrapeTimeout: "30s",
        serviceMonitor: {
          enabled: true,
          labels: { release: "kube-prometheus-stack", "app.kubernetes.io/name": "other" },
        },
      },
    },
  });

  it("should carry metrics.serviceMonitor.labels for the Prometheus's serviceMonitorSelector, without replacing the chart's own labels", async () => {
    const labels = (await serviceMonitorOf(labelled)).metadata?.labels ?? {};
    expect(labels.release).toBe("kube-prometheus-stack");
    expect(labels.team).toBe("realtime");
    expect(labels["app.kubernetes.io/name"]).toBe("grpc-gke");
  });

  it("should carry metrics.interval and metrics.scrapeTimeout when they are set", async () => {
    expect((await serviceMonitorOf(labelled)).spec.endpoints).toEqual([
      { port: "metrics", scheme: "http", path: "/metrics", interval: "1m", scrapeTimeout: "30s" },
    ]);
  });

  it("should match the Prometheus Operator's strict schema when rendered", async () => {
    const documents = (await labelled()).filter(({ object }) => object.kind === "ServiceMonitor");
    expect(documents).toHaveLength(1);
    expect(createValidator().validate(documents)).toEqual([]);
  });

  it("should render both monitors side by side when both are enabled (a cluster with managed collection and a Prometheus Operator)", async () => {
    const documents = await lazyDocuments({
      values: {
        ports: { metrics: 9090 },
        metrics: { podMonitoring: { enabled: true }, serviceMonitor: { enabled: true } },
      },
    })();
    expect(findAll(documents, "PodMonitoring")).toHaveLength(1);
    expect(findAll(documents, "ServiceMonitor")).toHaveLength(1);
  });
});
