import { asString, field } from "../../model/index.ts";
import { ALLOWED_SECCOMP_TYPES, containerSecurityPath } from "../../model/pod-security.ts";
import { defineControl } from "../pod-security-control.ts";

// kubernetes/pod-security-admission policy/check_seccompProfile_restricted.go (v1.19+): every container has an
// allowed seccomp profile, its own or the pod's; Windows pods (spec.os.name: windows) are exempt from v1.25. An
// explicitly bad type is baseline's (PSS-SECCOMP-BASELINE). Unconfined is the default without a profile unless the kubelet
// enables seccompDefault: https://kubernetes.io/docs/tutorials/security/seccomp/
export const seccompRestricted = defineControl({
  id: "PSS-SECCOMP-RESTRICTED",
  title: "Container without a seccomp profile (Pod Security Standards restricted: Seccomp)",
  why:
    "Restricted requires a seccomp profile, not only no Unconfined one: without securityContext.seccompProfile a " +
    "container runs Unconfined unless the node's kubelet enables seccompDefault.",
  fix: "Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod (every container inherits it).",
  control: "Seccomp",
  level: "restricted",
  since: 19,
  allows: "RuntimeDefault or Localhost, set on the pod or on every container",
  check(target) {
    if (target.windows && target.policy.version >= 25) return [];
    const podProfile = field(target.securityContext, "seccompProfile");
    if (podProfile !== undefined && ALLOWED_SECCOMP_TYPES.includes(asString(podProfile.type) ?? ""))
      return [];
    const pod =
      podProfile === undefined
        ? "the pod sets none"
        : `the pod's is ${String(podProfile.type ?? "(no type)")}`;
    return target.containers
      .filter((container) => field(container.securityContext, "seccompProfile") === undefined)
      .map((container) => ({
        container,
        path: containerSecurityPath(container, "seccompProfile"),
        message: `${container.label} sets no securityContext.seccompProfile and ${pod}`,
        fix: "Set the pod's securityContext.seccompProfile.type to RuntimeDefault.",
      }));
  },
});
