import { joinPath } from "@grpc-gke/manifest";
import { asRecord, asString } from "../../model/index.ts";
import { HOST_CHECKED_HOOKS, HOST_CHECKED_PROBES } from "../../model/pod-security.ts";
import { type ControlFinding, defineControl } from "../pod-security-control.ts";

const HANDLERS = ["httpGet", "tcpSocket"] as const;

// kubernetes/pod-security-admission policy/check_hostProbesAndhostLifecycle.go (v1.34+): httpGet.host and
// tcpSocket.host of the liveness, readiness and startup probes and the postStart and preStop hooks empty or unset.
export const hostProbes = defineControl({
  id: "PSS-HOST-PROBES",
  title:
    "Probe or lifecycle hook aimed at another host (Pod Security Standards baseline: Host Probes / Lifecycle Hooks)",
  why:
    "The kubelet runs probes and httpGet/tcpSocket hooks from the node; a host field makes it connect wherever the " +
    "pod says (node-local services, the cloud metadata server, other pods), a server-side request forgery.",
  fix: "Remove host from the probe or hook: the kubelet then connects to the pod's IP.",
  control: "Host Probes / Lifecycle Hooks",
  level: "baseline",
  since: 34,
  allows: "only an empty or unset host",
  check(target) {
    const findings: ControlFinding[] = [];
    for (const container of target.containers) {
      const handlers = [
        ...HOST_CHECKED_PROBES.map((probe) => ({ at: [probe], value: container.spec[probe] })),
        ...HOST_CHECKED_HOOKS.map((hook) => ({
          at: ["lifecycle", hook],
          value: asRecord(container.spec.lifecycle)?.[hook],
        })),
      ];
      for (const { at, value } of handlers) {
        for (const handler of HANDLERS) {
          const host = asString(asRecord(asRecord(value)?.[handler])?.host);
          if (host === undefined || host === "") continue;
          findings.push({
            container,
            path: joinPath(container.path, ...at, handler, "host"),
            message: `${container.label} aims its ${at.join(".")} ${handler} at host ${host}`,
            fix: `Remove host from ${at.join(".")}.${handler} of ${container.label}.`,
          });
        }
      }
    }
    return findings;
  },
});
