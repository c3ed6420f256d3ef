import { field } from "../../model/index.ts";
import { containerSecurityPath, podSecurityPath } from "../../model/pod-security.ts";
import { type ControlFinding, defineControl } from "../pod-security-control.ts";

// kubernetes/pod-security-admission policy/check_windowsHostProcess.go: the pod and every container (init and
// ephemeral ones too) must not set securityContext.windowsOptions.hostProcess to true.
export const hostProcess = defineControl({
  id: "PSS-HOST-PROCESS",
  title: "Windows HostProcess pod or container (Pod Security Standards baseline: HostProcess)",
  why:
    "A HostProcess container runs as a process on the Windows node itself, outside any container isolation, " +
    "with the node's privileges; the baseline level forbids privileged access to the host.",
  fix: "Remove securityContext.windowsOptions.hostProcess from the pod and its containers (or set it to false).",
  control: "HostProcess",
  level: "baseline",
  allows: "only false or unset",
  check(target) {
    const findings: ControlFinding[] = [];
    if (field(target.securityContext, "windowsOptions")?.hostProcess === true) {
      findings.push({
        container: undefined,
        path: podSecurityPath(target, "windowsOptions", "hostProcess"),
        message: "the pod sets securityContext.windowsOptions.hostProcess: true",
        fix: "Remove windowsOptions.hostProcess from the pod's securityContext.",
      });
    }
    for (const container of target.containers) {
      if (field(container.securityContext, "windowsOptions")?.hostProcess !== true) continue;
      findings.push({
        container,
        path: containerSecurityPath(container, "windowsOptions", "hostProcess"),
        message: `${container.label} sets securityContext.windowsOptions.hostProcess: true`,
        fix: `Remove windowsOptions.hostProcess from the securityContext of ${container.label}.`,
      });
    }
    return findings;
  },
});
