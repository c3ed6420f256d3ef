import { containerSecurityPath, podSecurityPath } from "../../model/pod-security.ts";
import { type ControlFinding, defineControl } from "../pod-security-control.ts";

// kubernetes/pod-security-admission policy/check_runAsNonRoot.go: runAsNonRoot true on the pod or on every container,
// and false nowhere (a container may leave it unset when the pod sets true). From v1.35 a pod with its own user
// namespace (spec.hostUsers: false) passes (runAsNonRoot1_35).
export const runAsNonRoot = defineControl({
  id: "PSS-RUN-AS-NON-ROOT",
  title: "Container allowed to run as root (Pod Security Standards restricted: Running as Non-root)",
  why:
    "runAsNonRoot: true makes the kubelet refuse to start a container whose user is root (UID 0), whatever the " +
    "image says; without it an image that runs as root does so.",
  fix: "Set securityContext.runAsNonRoot: true on the pod (or every container), with a non-root runAsUser if the image runs as root.",
  control: "Running as Non-root",
  level: "restricted",
  allows: "only true, set on the pod or on every container",
  check(target) {
    if (target.userNamespace && target.policy.version >= 35) return [];
    const findings: ControlFinding[] = [];
    const pod = target.securityContext?.runAsNonRoot;
    if (pod === false) {
      findings.push({
        container: undefined,
        path: podSecurityPath(target, "runAsNonRoot"),
        message: "the pod sets securityContext.runAsNonRoot: false",
        fix: "Set the pod's securityContext.runAsNonRoot to true.",
      });
    }
    for (const container of target.containers) {
      const value = container.securityContext?.runAsNonRoot;
      if (value === true || (value === undefined && pod === true)) continue;
      findings.push({
        container,
        path: containerSecurityPath(container, "runAsNonRoot"),
        message:
          value === undefined
            ? `${container.label} does not set securityContext.runAsNonRoot and the pod does not set it to true`
            : `${container.label} sets securityContext.runAsNonRoot: ${String(value)}`,
        fix:
          value === undefined
            ? `Set runAsNonRoot: true in the pod's securityContext (or in ${container.label}).`
            : `Set securityContext.runAsNonRoot of ${container.label} to true (or remove it to inherit the pod's true).`,
      });
    }
    return findings;
  },
});
