import { asString, entries } from "../../model/index.ts";
import { podSecurityPath, safeSysctls } from "../../model/pod-security.ts";
import { wordList } from "../labels.ts";
import { defineControl } from "../pod-security-control.ts";

// kubernetes/pod-security-admission policy/check_sysctls.go: spec.securityContext.sysctls[*].name one of the safe
// sysctls of the policy version.
export const sysctls = defineControl({
  id: "PSS-SYSCTLS",
  title: "Sysctl outside the safe set (Pod Security Standards baseline: Sysctls)",
  why:
    "Only sysctls namespaced to the pod and isolated from other pods and the node are safe; the others can turn " +
    "off security mechanisms or change every container on the node.",
  fix: "Remove the sysctl from spec.securityContext.sysctls, or set it on the nodes instead.",
  control: "Sysctls",
  level: "baseline",
  allows: (version) => `only ${wordList(safeSysctls(version), "and")}`,
  check(target) {
    const safe = safeSysctls(target.policy.version);
    return entries(target.securityContext, "sysctls").flatMap((sysctl, index) => {
      const name = asString(sysctl?.name) ?? "";
      if (safe.includes(name)) return [];
      return [
        {
          container: undefined,
          path: podSecurityPath(target, "sysctls", index, "name"),
          message: `the pod sets sysctl ${name === "" ? "(no name)" : name}`,
          fix: `Remove sysctls[${index}] from the pod's securityContext.`,
        },
      ];
    });
  },
});
