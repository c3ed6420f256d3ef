import { describeObject, jsonPath } from "@grpc-gke/manifest";
import { matchesLabelSelector } from "../../model/label-selector.ts";
import { asArray, asRecord, asString, asStringMap, at } from "../../model/read.ts";
import { defineRule } from "../../rule.ts";

/** Names of a list of ports, e.g. `grpc, health` (or "none"). */
function names(ports: readonly (string | undefined)[]): string {
  const named = ports.filter((name): name is string => name !== undefined && name !== "");
  return named.length === 0 ? "none" : named.join(", ");
}

export const monitorPort = defineRule(
  {
    id: "MONITOR-PORT",
    title: "PodMonitoring or ServiceMonitor scraping a port name the selected pods or Services do not have",
    why:
      "A GMP PodMonitoring endpoint given a port name keeps only the targets whose container port has that name " +
      "(prometheus-engine pod_config.go: a keep relabeling on __meta_kubernetes_pod_container_port_name); a " +
      "Prometheus Operator ServiceMonitor endpoint port is the name of a Service port (monitoring.coreos.com/v1 " +
      "Endpoint.port). A name nothing declares yields no target at all: the dashboards go blank without an error.",
    fix: "Name the port as the pods' container port (PodMonitoring) or the Service port (ServiceMonitor) is named, or give the PodMonitoring the port number.",
    link: "https://github.com/GoogleCloudPlatform/prometheus-engine/blob/main/pkg/operator/apis/monitoring/v1/pod_config.go",
  },
  (set, reporter) => {
    for (const monitor of set.ofKind("PodMonitoring", "monitoring.googleapis.com")) {
      const namespace = monitor.object.metadata?.namespace;
      const selector = at(monitor.object, "spec", "selector");
      // A PodMonitoring selects pods in its own namespace.
      const selected = set.workloads.filter(
        (workload) =>
          (namespace === undefined || workload.namespace === undefined || workload.namespace === namespace) &&
          matchesLabelSelector(selector, workload.podLabels) === true,
      );
      if (selected.length === 0) continue;
      asArray(at(monitor.object, "spec", "endpoints")).forEach((entry, index) => {
        const port = asString(asRecord(entry)?.port);
        if (port === undefined || /^\d+$/.test(port)) return;
        // One selected workload that declares the port gives targets; the others' pods are only filtered out.
        const declares = (workload: (typeof selected)[number]): boolean =>
          workload.containers.some((container) => container.ports.some((p) => p.name === port));
        if (selected.some(declares)) return;
        for (const workload of selected) {
          const declared = workload.containers.flatMap((container) => container.ports.map((p) => p.name));
          if (declared.includes(port)) continue;
          reporter.report(
            monitor,
            jsonPath("spec", "endpoints", index, "port"),
            `${describeObject(monitor.object)} scrapes port "${port}", but ${describeObject(workload.document.object)}, which it selects, has no container port of that name (its named ports: ${names(declared)}): the collector keeps no target.`,
          );
        }
      });
    }
    for (const monitor of set.ofKind("ServiceMonitor", "monitoring.coreos.com")) {
      const namespace = monitor.object.metadata?.namespace;
      const namespaces = asRecord(at(monitor.object, "spec", "namespaceSelector"));
      const anyNamespace = namespaces?.any === true;
      const matchNames = asArray(namespaces?.matchNames).filter(
        (name): name is string => typeof name === "string",
      );
      const inScope = (candidate: string | undefined): boolean =>
        anyNamespace ||
        candidate === undefined ||
        (matchNames.length > 0
          ? matchNames.includes(candidate)
          : namespace === undefined || candidate === namespace);
      const selector = at(monitor.object, "spec", "selector");
      const selected = set.services.filter(
        (service) =>
          inScope(service.namespace) &&
          matchesLabelSelector(selector, asStringMap(service.document.object.metadata?.labels)) === true,
      );
      if (selected.length === 0) continue;
      asArray(at(monitor.object, "spec", "endpoints")).forEach((entry, index) => {
        const port = asString(asRecord(entry)?.port);
        if (port === undefined) return;
        // Prometheus keeps the endpoints of the Services that have the port (a `keep` on the endpoint's port name), so
        // one such Service gives targets: a second selected Service without it (a headless twin) only adds none.
        if (selected.some((service) => service.ports.some((candidate) => candidate.name === port))) return;
        for (const service of selected) {
          if (service.ports.some((candidate) => candidate.name === port)) continue;
          reporter.report(
            monitor,
            jsonPath("spec", "endpoints", index, "port"),
            `${describeObject(monitor.object)} scrapes Service port "${port}", but ${describeObject(service.document.object)}, which it selects, has no port of that name (its named ports: ${names(service.ports.map((p) => p.name))}): Prometheus gets no target.`,
          );
        }
      });
    }
  },
);
