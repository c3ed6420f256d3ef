import { FACTS } from "@grpc-gke/facts";
import { describeObject, jsonPath } from "@grpc-gke/manifest";
import type { IBackendConfig } from "@kubernetes-models/gke/cloud.google.com/v1/BackendConfig";
import type { IGCPBackendPolicy } from "@kubernetes-models/gke/networking.gke.io/v1/GCPBackendPolicy";
import {
  asNumber,
  field,
  type ObjectSet,
  preStopSeconds,
  readAs,
  type Service,
  terminationGracePeriod,
} from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

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
        asNumber(
          field(field(readAs<IBackendConfig>(config.object), "spec"), "connectionDraining")
            ?.drainingTimeoutSec,
        ),
        describeObject(config.object),
      );
  }
  const policy = set.policyFor("GCPBackendPolicy", service);
  if (policy !== undefined) {
    const defaults = field(field(readAs<IGCPBackendPolicy>(policy.object), "spec"), "default");
    consider(
      asNumber(field(defaults, "connectionDraining")?.drainingTimeoutSec),
      describeObject(policy.object),
    );
  }
  return best === undefined
    ? undefined
    : { ...best, from: `${best.from} of ${describeObject(service.document.object)}` };
}

export const gracePeriod = defineRule(
  {
    id: "K8S-GRACE-PERIOD",
    title: "terminationGracePeriodSeconds not longer than preStop plus connection draining",
    why:
      `The preStop hook counts against terminationGracePeriodSeconds (default ${FACTS.shutdown.defaultTerminationGracePeriodSec} s), and after it the app still ` +
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
      // The margin the chart's GRACE-PERIOD guard also demands (one fact: FACTS.shutdown.minBufferSec).
      if (grace.seconds >= needed + FACTS.shutdown.minBufferSec) continue;
      const parts = [
        preStop === undefined ? undefined : `preStop ${preStop.seconds} s (container "${preStop.container}")`,
        draining === undefined ? undefined : `connection draining ${draining.seconds} s (${draining.from})`,
      ].filter((part): part is string => part !== undefined);
      reporter.report(
        workload.document,
        jsonPath(...workload.podSpecPath, "terminationGracePeriodSeconds"),
        `terminationGracePeriodSeconds ${grace.seconds}${grace.explicit ? "" : " (the default)"} is not longer than ${parts.join(" + ")} = ${needed} s, so the pod is killed before in-flight streams drain.`,
        `Set terminationGracePeriodSeconds to at least ${needed + FACTS.shutdown.minBufferSec} (preStop + draining + ${FACTS.shutdown.minBufferSec} s), and more if the app needs time of its own after the draining.`,
      );
    }
  },
);
