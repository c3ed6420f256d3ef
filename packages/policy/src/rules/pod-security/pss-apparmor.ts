import { asString, field } from "../../model/index.ts";
import {
  ALLOWED_APPARMOR_TYPES,
  APPARMOR_ANNOTATION_PREFIX,
  containerSecurityPath,
  podAnnotationPath,
  podSecurityPath,
} from "../../model/pod-security.ts";
import { type ControlFinding, defineControl } from "../pod-security-control.ts";

/** A deprecated AppArmor annotation value baseline accepts (check_appArmorProfile.go, allowedAnnotationValue). */
function allowedAnnotation(value: string): boolean {
  return value === "" || value === "runtime/default" || value.startsWith("localhost/");
}

// kubernetes/pod-security-admission policy/check_appArmorProfile.go: securityContext.appArmorProfile.type of the pod
// and every container RuntimeDefault or Localhost when set, and the deprecated
// container.apparmor.security.beta.kubernetes.io/* pod annotations runtime/default, localhost/* or empty.
export const appArmor = defineControl({
  id: "PSS-APPARMOR",
  title: "AppArmor profile set to Unconfined (Pod Security Standards baseline: AppArmor)",
  why:
    "On nodes with AppArmor the runtime's default profile confines every container; Unconfined (or any other type) " +
    "turns that confinement off.",
  fix: "Remove appArmorProfile (the runtime default applies) or use type RuntimeDefault or Localhost.",
  control: "AppArmor",
  level: "baseline",
  allows: "only RuntimeDefault, Localhost or unset (annotations: runtime/default, localhost/* or empty)",
  check(target) {
    const findings: ControlFinding[] = [];
    const podProfile = field(target.securityContext, "appArmorProfile");
    if (podProfile !== undefined && !ALLOWED_APPARMOR_TYPES.includes(asString(podProfile.type) ?? "")) {
      findings.push({
        container: undefined,
        path: podSecurityPath(target, "appArmorProfile", "type"),
        message: `the pod sets securityContext.appArmorProfile.type: ${String(podProfile.type ?? "(none)")}`,
        fix: "Remove appArmorProfile from the pod's securityContext, or set its type to RuntimeDefault.",
      });
    }
    for (const container of target.containers) {
      const profile = field(container.securityContext, "appArmorProfile");
      if (profile === undefined || ALLOWED_APPARMOR_TYPES.includes(asString(profile.type) ?? "")) continue;
      findings.push({
        container,
        path: containerSecurityPath(container, "appArmorProfile", "type"),
        message: `${container.label} sets securityContext.appArmorProfile.type: ${String(profile.type ?? "(none)")}`,
        fix: `Remove appArmorProfile from ${container.label}, or set its type to RuntimeDefault.`,
      });
    }
    for (const [key, value] of Object.entries(target.podAnnotations)) {
      if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX) || allowedAnnotation(value)) continue;
      findings.push({
        container: target.containers.find(
          (container) => container.name === key.slice(APPARMOR_ANNOTATION_PREFIX.length),
        ),
        path: podAnnotationPath(target, key),
        message: `the pod annotation ${key} is ${value}`,
        fix: `Remove the annotation ${key} (deprecated: use securityContext.appArmorProfile).`,
      });
    }
    return findings;
  },
});
