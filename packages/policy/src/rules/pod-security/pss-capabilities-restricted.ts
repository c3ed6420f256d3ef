import { asArray, field } from "../../model/index.ts";
import {
  BASELINE_CAPABILITIES,
  containerSecurityPath,
  DROP_ALL,
  RESTRICTED_ADDABLE_CAPABILITY,
} from "../../model/pod-security.ts";
import { type ControlFinding, defineControl } from "../pod-security-control.ts";

// kubernetes/pod-security-admission policy/check_capabilities_restricted.go (v1.22+): every container drops ALL
// (exactly that string) and adds NET_BIND_SERVICE at most; Windows pods (spec.os.name: windows) are exempt from
// v1.25. Adding a capability outside the default set is baseline's (PSS-CAPABILITIES-BASELINE).
export const capabilitiesRestricted = defineControl({
  id: "PSS-CAPABILITIES-RESTRICTED",
  title: "Container that does not drop ALL capabilities (Pod Security Standards restricted: Capabilities)",
  why:
    "Containers start with the runtime's default capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, ...); " +
    "restricted requires dropping ALL of them and adding back at most NET_BIND_SERVICE (binding ports below 1024), " +
    "so a compromised process holds no capability the container was not meant to have.",
  fix: "Set securityContext.capabilities.drop: [ALL] in every container, and add only NET_BIND_SERVICE if needed.",
  control: "Capabilities",
  level: "restricted",
  since: 22,
  allows: `drop including ${DROP_ALL}, and adding ${RESTRICTED_ADDABLE_CAPABILITY} only`,
  check(target) {
    if (target.windows && target.policy.version >= 25) return [];
    const findings: ControlFinding[] = [];
    for (const container of target.containers) {
      const capabilities = field(container.securityContext, "capabilities");
      if (!asArray(capabilities?.drop).includes(DROP_ALL)) {
        findings.push({
          container,
          path: containerSecurityPath(container, "capabilities", "drop"),
          message: `${container.label} does not drop ALL capabilities`,
          fix: `Set securityContext.capabilities.drop: [ALL] in ${container.label}.`,
        });
      }
      asArray(capabilities?.add).forEach((capability, index) => {
        const name = String(capability);
        // Outside the default set it fails baseline already (PSS-CAPABILITIES-BASELINE).
        if (name === RESTRICTED_ADDABLE_CAPABILITY || !BASELINE_CAPABILITIES.has(name)) return;
        findings.push({
          container,
          path: containerSecurityPath(container, "capabilities", "add", index),
          message: `${container.label} adds capability ${name}`,
          fix: `Remove ${name} from securityContext.capabilities.add of ${container.label}.`,
        });
      });
    }
    return findings;
  },
});
