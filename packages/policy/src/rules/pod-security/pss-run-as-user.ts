import { containerSecurityPath, podSecurityPath } from "../../model/pod-security.ts";
import { type ControlFinding, defineControl } from "../pod-security-control.ts";

// kubernetes/pod-security-admission policy/check_runAsUser.go (v1.23+): runAsUser is not 0 on the pod or any
// container; from v1.35 a pod with its own user namespace (spec.hostUsers: false) passes (runAsUser1_35).
export const runAsUser = defineControl({
  id: "PSS-RUN-AS-USER",
  title: "Pod or container running as UID 0 (Pod Security Standards restricted: Running as Non-root user)",
  why:
    "runAsUser: 0 runs the container's processes as root (UID 0), the node's root unless the pod has its own user " +
    "namespace; the restricted level refuses it outright.",
  fix: "Set runAsUser to a non-zero UID (e.g. 65532), or remove it and let the image's non-root user apply.",
  control: "Running as Non-root user",
  level: "restricted",
  since: 23,
  allows: "any runAsUser but 0 (unset too)",
  check(target) {
    if (target.userNamespace && target.policy.version >= 35) return [];
    const findings: ControlFinding[] = [];
    if (target.securityContext?.runAsUser === 0) {
      findings.push({
        container: undefined,
        path: podSecurityPath(target, "runAsUser"),
        message: "the pod sets securityContext.runAsUser: 0",
        fix: "Set the pod's securityContext.runAsUser to a non-zero UID.",
      });
    }
    for (const container of target.containers) {
      if (container.securityContext?.runAsUser !== 0) continue;
      findings.push({
        container,
        path: containerSecurityPath(container, "runAsUser"),
        message: `${container.label} sets securityContext.runAsUser: 0`,
        fix: `Set securityContext.runAsUser of ${container.label} to a non-zero UID.`,
      });
    }
    return findings;
  },
});
