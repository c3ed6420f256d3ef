import { asString, field } from "../../model/index.ts";
import { allowedSeLinuxTypes, containerSecurityPath, podSecurityPath } from "../../model/pod-security.ts";
import { wordList } from "../labels.ts";
import { type ControlFinding, defineControl } from "../pod-security-control.ts";

// kubernetes/pod-security-admission policy/check_seLinuxOptions.go: seLinuxOptions of the pod and every container
// with type empty or one of the container types (container_engine_t from v1.31), and user and role empty.
export const seLinux = defineControl({
  id: "PSS-SELINUX",
  title: "Custom SELinux user, role or type (Pod Security Standards baseline: SELinux)",
  why:
    "The SELinux label decides what a container's processes may touch on the node: a custom user or role, or a " +
    "type other than the container types (spc_t, unconfined_t, ...), escapes the confinement the runtime applies.",
  fix: "Remove seLinuxOptions, or keep only level (and a container_t type).",
  control: "SELinux",
  level: "baseline",
  allows: (version) =>
    `a type of ${wordList([...allowedSeLinuxTypes(version), "empty"], "or")}, and no user or role`,
  check(target) {
    const allowed = ["", ...allowedSeLinuxTypes(target.policy.version)];
    const setters = [
      {
        container: undefined,
        options: field(target.securityContext, "seLinuxOptions"),
        subject: "the pod",
        path: (key: string) => podSecurityPath(target, "seLinuxOptions", key),
      },
      ...target.containers.map((container) => ({
        container,
        options: field(container.securityContext, "seLinuxOptions"),
        subject: container.label,
        path: (key: string) => containerSecurityPath(container, "seLinuxOptions", key),
      })),
    ];
    const findings: ControlFinding[] = [];
    for (const { container, options, subject, path } of setters) {
      if (options === undefined) continue;
      const type = asString(options.type) ?? "";
      if (!allowed.includes(type)) {
        findings.push({
          container,
          path: path("type"),
          message: `${subject} sets securityContext.seLinuxOptions.type: ${type}`,
          fix: `Remove seLinuxOptions.type from ${subject} (the runtime uses container_t).`,
        });
      }
      for (const key of ["user", "role"] as const) {
        const value = asString(options[key]) ?? "";
        if (value === "") continue;
        findings.push({
          container,
          path: path(key),
          message: `${subject} sets securityContext.seLinuxOptions.${key}: ${value}`,
          fix: `Remove seLinuxOptions.${key} from ${subject}.`,
        });
      }
    }
    return findings;
  },
});
