import { asArray, field } from "../../model/index.ts";
import { BASELINE_CAPABILITIES, containerSecurityPath } from "../../model/pod-security.ts";
import { wordList } from "../labels.ts";
import { type ControlFinding, defineControl } from "../pod-security-control.ts";

// kubernetes/pod-security-admission policy/check_capabilities_baseline.go: capabilities.add of every container holds
// only the default set. Adding one of those is still refused by restricted (PSS-CAPABILITIES-RESTRICTED).
export const capabilitiesBaseline = defineControl({
  id: "PSS-CAPABILITIES-BASELINE",
  title:
    "Container adding a capability beyond the default set (Pod Security Standards baseline: Capabilities)",
  why:
    "Capabilities beyond the container runtime's default set (SYS_ADMIN, NET_ADMIN, NET_RAW, SYS_PTRACE, ...) " +
    "give a container root powers over the node's kernel, network or other processes.",
  fix: "Remove the capability from securityContext.capabilities.add, and drop ALL.",
  control: "Capabilities",
  level: "baseline",
  allows: `adding only ${wordList([...BASELINE_CAPABILITIES], "and")}`,
  check(target) {
    const findings: ControlFinding[] = [];
    for (const container of target.containers) {
      asArray(field(container.securityContext, "capabilities")?.add).forEach((capability, index) => {
        if (BASELINE_CAPABILITIES.has(String(capability))) return;
        findings.push({
          container,
          path: containerSecurityPath(container, "capabilities", "add", index),
          message: `${container.label} adds capability ${String(capability)}`,
          fix: `Remove ${String(capability)} from securityContext.capabilities.add of ${container.label}.`,
        });
      });
    }
    return findings;
  },
});
