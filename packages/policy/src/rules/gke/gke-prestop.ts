import { describeObject, joinPath } from "@grpc-gke/manifest";
import { negAnnotation, preStopSeconds, resolveTargetPort } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

export const preStop = defineRule(
  {
    id: "GKE-PRESTOP",
    title: "NEG-backed container without a preStop hook",
    why:
      "A Terminating pod is detached from its NEG asynchronously while SIGTERM is already delivered; without a " +
      "preStop sleep the server stops listening while the load balancer still sends it requests, giving 502s on " +
      "every rollout.",
    fix: "Add lifecycle.preStop.sleep.seconds (Kubernetes ≥1.30) or an exec `sleep`, about 15–30 s, and raise terminationGracePeriodSeconds to match.",
    link: "https://cloud.google.com/knowledge/kb/502-503-errors-on-external-http-s-load-balancer-000006416",
  },
  (set, reporter) => {
    for (const routed of set.routedPorts) {
      // GKE Gateway always uses NEGs; GKE Ingress when the Service asks for them (or is ClusterIP, which needs them).
      const annotation = negAnnotation(routed.service);
      const neg =
        routed.frontend === "gateway" ||
        (annotation?.ok === true && annotation.ingress) ||
        routed.service.type === "ClusterIP";
      if (!neg) continue;
      for (const workload of set.selectedWorkloads(routed.service)) {
        const target = resolveTargetPort(workload, routed.port.targetPort);
        if (target === undefined || preStopSeconds(target.container) !== undefined) continue;
        reporter.report(
          workload.document,
          joinPath(target.container.path, "lifecycle"),
          `container "${target.container.name}" serves ${describeObject(routed.service.document.object)} port ${routed.port.name ?? routed.port.port} through NEGs of ${describeObject(routed.via.object)} but has no preStop hook, so it stops serving while the load balancer still routes to it.`,
        );
      }
    }
  },
);
