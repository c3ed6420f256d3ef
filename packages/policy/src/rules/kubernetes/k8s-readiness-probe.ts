import { describeObject } from "@grpc-gke/manifest";
import { resolveTargetPort } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

export const readinessProbe = defineRule(
  {
    id: "K8S-READINESS-PROBE",
    title: "Container serving ports without a readinessProbe",
    why:
      "Without a readiness probe a pod is Ready (and, with NEGs, passes the load-balancer readiness gate) as soon as " +
      "it starts, so the load balancer sends it traffic before the server listens; GKE Ingress also infers its " +
      "health check from an httpGet readiness probe.",
    fix: "Add a readinessProbe (httpGet on a plain HTTP health port, or grpc on a cleartext port).",
    link: "https://cloud.google.com/kubernetes-engine/docs/how-to/container-native-load-balancing",
  },
  (set, reporter) => {
    for (const workload of set.workloads) {
      if (workload.document.object.kind === "Job" || workload.document.object.kind === "CronJob") continue;
      const routed = set.servicesSelecting(workload).flatMap((service) => set.routedPortsOf(service));
      for (const container of workload.containers) {
        if (container.spec.readinessProbe !== undefined) continue;
        const serving = routed.filter(
          (entry) => resolveTargetPort(workload, entry.port.targetPort)?.container === container,
        );
        const first = serving[0];
        if (first !== undefined) {
          reporter.report(
            workload.document,
            container.path,
            `container "${container.name}" serves ${describeObject(first.service.document.object)} port ${first.port.name ?? first.port.port} behind ${describeObject(first.via.object)} but has no readinessProbe, so the load balancer sends it traffic before it is ready.`,
          );
        } else if (container.ports.length > 0) {
          reporter.report(
            workload.document,
            container.path,
            `container "${container.name}" declares ports (${container.ports.map((port) => port.name ?? port.containerPort).join(", ")}) but has no readinessProbe, so Services send it traffic as soon as it starts.`,
          );
        }
      }
    }
  },
);
