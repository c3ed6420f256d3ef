import { containerSecurityPath } from "../../model/pod-security.ts";
import { defineControl } from "../pod-security-control.ts";

// kubernetes/pod-security-admission policy/check_privileged.go: securityContext.privileged unset or false in every
// container.
export const privileged = defineControl({
  id: "PSS-PRIVILEGED",
  title: "Privileged container (Pod Security Standards baseline: Privileged Containers)",
  why:
    "Privileged pods disable most security mechanisms: a privileged container gets every capability and the " +
    "node's devices, so its root is the node's root.",
  fix: "Remove securityContext.privileged (or set it to false); add only the capability the container needs.",
  control: "Privileged Containers",
  level: "baseline",
  allows: "only false or unset",
  check(target) {
    return target.containers
      .filter((container) => container.securityContext?.privileged === true)
      .map((container) => ({
        container,
        path: containerSecurityPath(container, "privileged"),
        message: `${container.label} sets securityContext.privileged: true`,
        fix: `Remove securityContext.privileged from ${container.label}.`,
      }));
  },
});
