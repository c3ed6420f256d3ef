import { containerSecurityPath } from "../../model/pod-security.ts";
import { defineControl } from "../pod-security-control.ts";

// kubernetes/pod-security-admission policy/check_allowPrivilegeEscalation.go: every container sets
// allowPrivilegeEscalation: false (v1.8+); Windows pods (spec.os.name: windows) are exempt from v1.25.
export const privilegeEscalation = defineControl({
  id: "PSS-PRIVILEGE-ESCALATION",
  title: "Container that may gain privileges (Pod Security Standards restricted: Privilege Escalation)",
  why:
    "Unless allowPrivilegeEscalation is false, a process can gain more privileges than its parent (set-user-ID and " +
    "set-group-ID binaries, file capabilities): no_new_privs is off, and unset means allowed.",
  fix: "Set securityContext.allowPrivilegeEscalation: false in every container.",
  control: "Privilege Escalation",
  level: "restricted",
  since: 8,
  allows: "only false (unset allows escalation)",
  check(target) {
    if (target.windows && target.policy.version >= 25) return [];
    return target.containers.flatMap((container) => {
      const value = container.securityContext?.allowPrivilegeEscalation;
      if (value === false) return [];
      return [
        {
          container,
          path: containerSecurityPath(container, "allowPrivilegeEscalation"),
          message:
            value === undefined
              ? `${container.label} does not set securityContext.allowPrivilegeEscalation: false`
              : `${container.label} sets securityContext.allowPrivilegeEscalation: ${String(value)}`,
          fix: `Set securityContext.allowPrivilegeEscalation: false in ${container.label}.`,
        },
      ];
    });
  },
});
