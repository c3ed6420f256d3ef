import { asNumber, at, jsonPath } from "../json.ts";
import {
  describeObject,
  NEG_KEY,
  negAnnotation,
  type ObjectSet,
  type RoutedPort,
  resolveTargetPort,
  type Service,
} from "../objects.ts";
import { preStopSeconds, terminationGracePeriod } from "../pods.ts";
import { defineRule } from "../rule.ts";

function ingressServices(routedPorts: readonly RoutedPort[]): Map<Service, RoutedPort> {
  const services = new Map<Service, RoutedPort>();
  for (const routed of routedPorts) {
    if (routed.frontend === "ingress" && !services.has(routed.service)) services.set(routed.service, routed);
  }
  return services;
}

export const ingressNeg = defineRule(
  {
    id: "GKE-INGRESS-NEG",
    title: "GKE Ingress backend Service without container-native load balancing (NEG)",
    why:
      "Without cloud.google.com/neg ingress-gce needs a NodePort Service (a ClusterIP one is rejected with " +
      "ErrBadSvcType unless the cluster turns NEGs on by default), and NodePort backends add a kube-proxy hop, lose " +
      "pod readiness feedback and keep GFE keep-alive connections pinned to pods, unready ones included.",
    fix: "Annotate the Service with cloud.google.com/neg: '{\"ingress\": true}' (ClusterIP is then fine).",
    link: "https://cloud.google.com/kubernetes-engine/docs/how-to/container-native-load-balancing",
  },
  (set, reporter) => {
    for (const [service, routed] of ingressServices(set.routedPorts)) {
      const neg = negAnnotation(service);
      const path = jsonPath("metadata", "annotations", NEG_KEY);
      if (neg?.ok === false) {
        reporter.report(service.document, path, `${NEG_KEY} ${neg.error}.`);
        continue;
      }
      if (neg?.ingress === true) continue;
      const via = describeObject(routed.via.object);
      const without =
        neg === undefined ? `has no ${NEG_KEY} annotation` : `has ${NEG_KEY} without "ingress": true`;
      if (service.type === "ClusterIP") {
        reporter.report(
          service.document,
          path,
          `${describeObject(service.document.object)} is a backend of ${via}, is type ClusterIP and ${without}; ingress-gce rejects a ClusterIP backend without NEG unless the cluster enables NEGs by default.`,
        );
      } else if (service.type === "NodePort" || service.type === "LoadBalancer") {
        reporter.report(
          service.document,
          path,
          `${describeObject(service.document.object)} is a backend of ${via} through ${service.type} instance groups (${without}): traffic takes an extra kube-proxy hop and GFE keep-alives stay pinned to pods, unready ones included.`,
        );
      }
    }
  },
);

/** Connection draining of the load-balancer configs attached to a Service (BackendConfig per port, GCPBackendPolicy). */
function drainingOf(set: ObjectSet, service: Service): { seconds: number; from: string } | undefined {
  let best: { seconds: number; from: string } | undefined;
  const consider = (seconds: number | undefined, from: string): void => {
    if (seconds !== undefined && (best === undefined || seconds > best.seconds)) best = { seconds, from };
  };
  for (const port of service.ports) {
    const config = set.backendConfigFor(service, port)?.document;
    if (config !== undefined)
      consider(
        asNumber(at(config.object, "spec", "connectionDraining", "drainingTimeoutSec")),
        describeObject(config.object),
      );
  }
  const policy = set.policyFor("GCPBackendPolicy", service);
  if (policy !== undefined)
    consider(
      asNumber(at(policy.object, "spec", "default", "connectionDraining", "drainingTimeoutSec")),
      describeObject(policy.object),
    );
  return best === undefined
    ? undefined
    : { ...best, from: `${best.from} of ${describeObject(service.document.object)}` };
}

export const gracePeriod = defineRule(
  {
    id: "K8S-GRACE-PERIOD",
    title: "terminationGracePeriodSeconds not longer than preStop plus connection draining",
    why:
      "The preStop hook counts against terminationGracePeriodSeconds (default 30 s), and after it the app still " +
      "needs the load balancer's connection-draining time to finish in-flight streams; a shorter grace period " +
      "SIGKILLs the pod mid-stream.",
    fix: "Set terminationGracePeriodSeconds above preStop + drainingTimeoutSec, with room for the app's own shutdown.",
    link: "https://github.com/kubernetes/kubernetes/issues/74160",
  },
  (set, reporter) => {
    for (const workload of set.workloads) {
      let preStop: { seconds: number; container: string } | undefined;
      for (const container of workload.containers) {
        const seconds = preStopSeconds(container);
        if (seconds !== undefined && (preStop === undefined || seconds > preStop.seconds))
          preStop = { seconds, container: container.name };
      }
      let draining: { seconds: number; from: string } | undefined;
      for (const service of set.servicesSelecting(workload)) {
        const candidate = drainingOf(set, service);
        if (candidate !== undefined && (draining === undefined || candidate.seconds > draining.seconds))
          draining = candidate;
      }
      const needed = (preStop?.seconds ?? 0) + (draining?.seconds ?? 0);
      if (needed === 0) continue;
      const grace = terminationGracePeriod(workload);
      if (grace.seconds > needed) continue;
      const parts = [
        preStop === undefined ? undefined : `preStop ${preStop.seconds} s (container "${preStop.container}")`,
        draining === undefined ? undefined : `connection draining ${draining.seconds} s (${draining.from})`,
      ].filter((part): part is string => part !== undefined);
      reporter.report(
        workload.document,
        jsonPath(...workload.podSpecPath, "terminationGracePeriodSeconds"),
        `terminationGracePeriodSeconds ${grace.seconds}${grace.explicit ? "" : " (the default)"} is not longer than ${parts.join(" + ")} = ${needed} s, so the pod is killed before in-flight streams drain.`,
        `Set terminationGracePeriodSeconds to at least ${needed + 15} (preStop + draining + 15 s for the app's shutdown).`,
      );
    }
  },
);

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
          `${target.container.path}.lifecycle`,
          `container "${target.container.name}" serves ${describeObject(routed.service.document.object)} port ${routed.port.name ?? routed.port.port} through NEGs of ${describeObject(routed.via.object)} but has no preStop hook, so it stops serving while the load balancer still routes to it.`,
        );
      }
    }
  },
);
