import { joinPath } from "@grpc-gke/manifest";
import { asNumber, entries } from "../../model/index.ts";
import { type ControlFinding, defineControl } from "../pod-security-control.ts";

// kubernetes/pod-security-admission policy/check_hostPorts.go: every container's ports[*].hostPort unset or 0 (the
// built-in admission supports no allowed list, so neither does this rule).
export const hostPorts = defineControl({
  id: "PSS-HOST-PORTS",
  title: "Container port published on the node (Pod Security Standards baseline: Host Ports)",
  why:
    "A hostPort binds the port on the node's own address: whatever reaches the node reaches the pod, and the pod " +
    "can only run on nodes where that port is free.",
  fix: "Remove hostPort and reach the pod through a Service (or the load balancer's NEG).",
  control: "Host Ports",
  level: "baseline",
  allows: "only 0 or unset",
  check(target) {
    const findings: ControlFinding[] = [];
    for (const container of target.containers) {
      entries(container.spec, "ports").forEach((port, index) => {
        const hostPort = asNumber(port?.hostPort);
        if (hostPort === undefined || hostPort === 0) return;
        findings.push({
          container,
          path: joinPath(container.path, "ports", index, "hostPort"),
          message: `${container.label} publishes hostPort ${hostPort}`,
          fix: `Remove hostPort from ports[${index}] of ${container.label}; a Service reaches the containerPort.`,
        });
      });
    }
    return findings;
  },
});
