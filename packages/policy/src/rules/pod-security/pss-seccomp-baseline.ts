import { asString, field } from "../../model/index.ts";
import {
  ALLOWED_SECCOMP_TYPES,
  containerSecurityPath,
  type PodSecurityTarget,
  podAnnotationPath,
  podSecurityPath,
  SECCOMP_CONTAINER_ANNOTATION_PREFIX,
  SECCOMP_POD_ANNOTATION,
} from "../../model/pod-security.ts";
import { type ControlFinding, defineControl } from "../pod-security-control.ts";

/** A seccomp annotation value policy versions before 1.19 accept (check_seccompProfile_baseline.go). */
function allowedAnnotation(value: string): boolean {
  return value === "runtime/default" || value === "docker/default" || value.startsWith("localhost/");
}

/** Before v1.19 baseline read the alpha seccomp annotations (seccompProfileBaseline_1_0). */
function annotationFindings(target: PodSecurityTarget): ControlFinding[] {
  const keys = [
    { key: SECCOMP_POD_ANNOTATION, container: undefined },
    ...target.containers.map((container) => ({
      key: `${SECCOMP_CONTAINER_ANNOTATION_PREFIX}${container.name}`,
      container,
    })),
  ];
  return keys.flatMap(({ key, container }) => {
    const value = target.podAnnotations[key];
    if (value === undefined || allowedAnnotation(value)) return [];
    return [
      {
        container,
        path: podAnnotationPath(target, key),
        message: `the pod annotation ${key} is ${value}`,
        fix: `Set ${key} to runtime/default.`,
      },
    ];
  });
}

// kubernetes/pod-security-admission policy/check_seccompProfile_baseline.go (v1.19+): securityContext.seccompProfile.type
// of the pod and every container RuntimeDefault or Localhost when set. Restricted also requires one to be set
// (PSS-SECCOMP-RESTRICTED).
export const seccompBaseline = defineControl({
  id: "PSS-SECCOMP-BASELINE",
  title: "Seccomp profile set to Unconfined (Pod Security Standards baseline: Seccomp)",
  why:
    "A seccomp profile limits the system calls a container can make into the node's shared kernel; Unconfined " +
    "lifts every limit.",
  fix: "Set securityContext.seccompProfile.type to RuntimeDefault (or Localhost with a reviewed profile).",
  control: "Seccomp",
  level: "baseline",
  allows: "only RuntimeDefault, Localhost or unset",
  check(target) {
    if (target.policy.version < 19) return annotationFindings(target);
    const findings: ControlFinding[] = [];
    const podProfile = field(target.securityContext, "seccompProfile");
    if (podProfile !== undefined && !ALLOWED_SECCOMP_TYPES.includes(asString(podProfile.type) ?? "")) {
      findings.push({
        container: undefined,
        path: podSecurityPath(target, "seccompProfile", "type"),
        message: `the pod sets securityContext.seccompProfile.type: ${String(podProfile.type ?? "(none)")}`,
        fix: "Set the pod's securityContext.seccompProfile.type to RuntimeDefault.",
      });
    }
    for (const container of target.containers) {
      const profile = field(container.securityContext, "seccompProfile");
      if (profile === undefined || ALLOWED_SECCOMP_TYPES.includes(asString(profile.type) ?? "")) continue;
      findings.push({
        container,
        path: containerSecurityPath(container, "seccompProfile", "type"),
        message: `${container.label} sets securityContext.seccompProfile.type: ${String(profile.type ?? "(none)")}`,
        fix: `Set securityContext.seccompProfile.type of ${container.label} to RuntimeDefault, or remove it to inherit the pod's.`,
      });
    }
    return findings;
  },
});
