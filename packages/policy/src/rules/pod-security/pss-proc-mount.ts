import { containerSecurityPath } from "../../model/pod-security.ts";
import { defineControl } from "../pod-security-control.ts";

// kubernetes/pod-security-admission policy/check_procMount_baseline.go and check_procMount_restricted.go:
// securityContext.procMount unset or Default in every container. From v1.35 baseline allows any value in a pod with
// its own user namespace (spec.hostUsers: false) and only restricted still refuses it.
export const procMount = defineControl({
  id: "PSS-PROC-MOUNT",
  title: "Unmasked /proc (Pod Security Standards baseline: /proc Mount Type)",
  why:
    "The runtime masks and makes read-only the parts of /proc that expose or control the node's kernel; " +
    "procMount: Unmasked removes those masks.",
  fix: "Remove securityContext.procMount (or set it to Default).",
  control: "/proc Mount Type",
  level: "baseline",
  allows: "only Default or unset",
  check(target) {
    const userNamespace = target.userNamespace && target.policy.version >= 35;
    return target.containers.flatMap((container) => {
      const value = container.securityContext?.procMount;
      if (value === undefined || value === null || value === "Default") return [];
      return [
        {
          container,
          path: containerSecurityPath(container, "procMount"),
          message: `${container.label} sets securityContext.procMount: ${String(value)}${userNamespace ? " (baseline allows it in a pod with hostUsers: false, restricted does not)" : ""}`,
          fix: `Remove securityContext.procMount from ${container.label}.`,
          ...(userNamespace ? { level: "restricted" as const } : {}),
        },
      ];
    });
  },
});
