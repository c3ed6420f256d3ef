import { describeObject, joinPath, jsonPath, type RenderedDocument } from "@grpc-gke/manifest";
import {
  appProtocolsAnnotation,
  asNumber,
  asString,
  type BackendRef,
  backendConfigAnnotation,
  findServicePort,
  type ObjectSet,
  portNumber,
  probesOf,
  resolveTargetPort,
  type Service,
} from "../../model/index.ts";
import { defineRule, type Reporter } from "../../rule.ts";

function servicePortList(service: Service): string {
  return service.ports
    .map((port) => (port.name === undefined ? `${port.port}` : `${port.name} (${port.port})`))
    .join(", ");
}

function checkBackendRef(
  set: ObjectSet,
  reporter: Reporter,
  document: RenderedDocument,
  ref: BackendRef,
): void {
  const service = set.service(ref.serviceName, ref.namespace ?? document.object.metadata?.namespace);
  if (service === undefined) {
    reporter.report(
      document,
      ref.path,
      `backend Service "${ref.serviceName}" is not in the rendered set.`,
      `Point the backend at a Service the chart renders, or render Service "${ref.serviceName}".`,
    );
    return;
  }
  if (ref.portName === undefined && ref.portNumber === undefined) return;
  if (findServicePort(service, ref) !== undefined) return;
  const wanted = ref.portName === undefined ? `number ${ref.portNumber}` : `name "${ref.portName}"`;
  reporter.report(
    document,
    ref.path,
    `backend port ${wanted} is not a port of ${describeObject(service.document.object)}; its ports are ${servicePortList(service)}.`,
    `Use one of the Service's port ${ref.portName === undefined ? "numbers" : "names"}.`,
  );
}

export const portReference = defineRule(
  {
    id: "K8S-PORT-REFERENCE",
    title:
      "Port references that do not line up (Ingress/route → Service → container, probes, GKE annotations)",
    why:
      "Ports are matched by name or number across objects and nothing checks them at apply time: a backend port " +
      "missing from the Service, a targetPort no container declares, a probe on an undeclared port or an " +
      "annotation keyed by a wrong port name silently routes nowhere, fails probes or is ignored by ingress-gce " +
      "(which looks app-protocols and backend-config up by Service port name).",
    fix: "Name every port and use the same names across the Ingress/route, the Service and the containers.",
    link: "https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports",
  },
  (set, reporter) => {
    // Ingress/route → Service port.
    for (const ingress of set.ingresses) {
      for (const ref of ingress.backends) checkBackendRef(set, reporter, ingress.document, ref);
    }
    for (const route of set.routes) {
      for (const ref of route.backends) checkBackendRef(set, reporter, route.document, ref);
    }
    for (const service of set.services) {
      // Service targetPort → container port.
      const workloads = set.selectedWorkloads(service);
      for (const port of service.ports) {
        if (port.targetPort === undefined) continue;
        for (const workload of workloads) {
          if (resolveTargetPort(workload, port.targetPort) !== undefined) continue;
          const named = typeof port.targetPort === "string";
          reporter.report(
            service.document,
            joinPath(port.path, "targetPort"),
            `targetPort ${named ? `"${port.targetPort}"` : port.targetPort} of port ${port.name ?? port.port} is not a containerPort ${named ? "name " : ""}of ${describeObject(workload.document.object)}${named ? ", so the Service has no endpoints for it" : " (declare it, so names, probes and health checks can refer to it)"}.`,
            `Use a containerPort ${named ? "name" : "number"} of the pods, or declare the port in the container.`,
            // A numeric targetPort reaches the pod whether or not a container declares it ("Not specifying a port
            // here DOES NOT prevent that port from being exposed", Container.ports in the Kubernetes API): advice.
            named ? "error" : "warning",
          );
        }
      }
      // GKE annotations keyed by Service port.
      const protocols = appProtocolsAnnotation(service);
      if (protocols?.ok === true) {
        for (const portName of Object.keys(protocols.protocols)) {
          if (service.ports.some((port) => port.name === portName)) continue;
          reporter.report(
            service.document,
            jsonPath("metadata", "annotations", protocols.key),
            `${protocols.key} names port "${portName}", which is not a port name of the Service (${servicePortList(service)}); ingress-gce looks protocols up by port name only.`,
            "Key the annotation by the Service port names.",
          );
        }
      }
      const backendConfig = backendConfigAnnotation(service);
      if (backendConfig?.ok === true) {
        for (const key of Object.keys(backendConfig.ports)) {
          const number = asNumber(key);
          if (
            service.ports.some((port) => port.name === key || (number !== undefined && port.port === number))
          )
            continue;
          reporter.report(
            service.document,
            jsonPath("metadata", "annotations", backendConfig.key),
            `${backendConfig.key} names port "${key}", which is not a port name or number of the Service (${servicePortList(service)}).`,
            "Key backend-config ports by the Service port names or numbers.",
          );
        }
      }
    }
    // Probes → container ports.
    for (const workload of set.workloads) {
      const podPorts = new Set(
        workload.containers.flatMap((container) => container.ports.map((port) => port.containerPort)),
      );
      for (const container of workload.containers) {
        for (const probe of probesOf(container)) {
          if (probe.port === undefined) continue;
          const name = asNumber(probe.port) === undefined ? asString(probe.port) : undefined;
          const number = portNumber(container, probe.port);
          if (name !== undefined && number === undefined) {
            reporter.report(
              workload.document,
              joinPath(probe.path, "port"),
              `${probe.field} of container "${container.name}" uses port name "${name}", which the container does not declare, so the probe always fails.`,
              "Use a port name from the container's ports, or a number.",
            );
          } else if (number !== undefined && name === undefined && !podPorts.has(number)) {
            reporter.report(
              workload.document,
              joinPath(probe.path, "port"),
              `${probe.field} of container "${container.name}" probes port ${number}, which no container of the pod declares.`,
              `Declare containerPort ${number} (named, e.g. "health") or probe a declared port.`,
              // A probe on a numeric port works whether or not the port is declared (Container.ports): advice.
              "warning",
            );
          }
        }
      }
    }
  },
);
