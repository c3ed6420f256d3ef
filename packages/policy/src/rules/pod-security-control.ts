/**
 * How a Pod Security Standards control becomes a rule (the rules are in pod-security/, one per control of the spec).
 * A control says what it finds on one pod; this decides how each finding is reported: its level against the level
 * the workload is checked at (error at or below it, warning above it), the named exceptions that silence it, and
 * the message every control shares (the control, its level, what the spec allows, the fix).
 */
import { describeObject } from "@grpc-gke/manifest";
import {
  atLeast,
  type ControlLevel,
  EXCEPTION_ANNOTATION,
  LATEST_POLICY_VERSION,
  type PodContainer,
  type PodSecurityTarget,
  podSecurityTargets,
  versionLabel,
} from "../model/pod-security.ts";
import { defineRule, type Rule } from "../rule.ts";

/** One thing a pod does that a control forbids. */
export interface ControlFinding {
  /** The container it is about; undefined for the pod itself (pod-level fields, volumes, annotations). */
  readonly container: PodContainer | undefined;
  /** Path of the field inside the workload object, where it is set or has to be set. */
  readonly path: string;
  /** What the pod does, naming the container or the pod: `container "server" sets securityContext.privileged: true`. */
  readonly message: string;
  /** The specific fix. */
  readonly fix: string;
  /** The level this finding fails, when not the control's own (procMount in a user namespace: restricted only). */
  readonly level?: ControlLevel;
}

export interface ControlDefinition {
  /** PSS-<CONTROL>: the rule id, and what an exception names. */
  readonly id: string;
  readonly title: string;
  readonly why: string;
  readonly fix: string;
  /** The control's name in the spec, e.g. `Privileged Containers`. */
  readonly control: string;
  /** The level whose table lists the control. */
  readonly level: ControlLevel;
  /** The first policy version (Kubernetes minor) the control is in, when not 1.0. */
  readonly since?: number;
  /** What the spec allows, as prose after "allows" (`only false or unset`), at a policy version. */
  readonly allows: string | ((version: number) => string);
  /** The control's findings on one pod, at the target's policy version. */
  check(target: PodSecurityTarget): readonly ControlFinding[];
}

/** A pod-security rule, which also exposes its raw findings (PSS-EXCEPTION tells stale exceptions with them). */
export interface PodSecurityControl extends Rule {
  readonly control: string;
  readonly level: ControlLevel;
  /** Findings on one pod before exceptions; none before the control's first policy version. */
  findings(target: PodSecurityTarget): readonly ControlFinding[];
}

/** The spec page, at the table of a level. */
export function specLink(level: ControlLevel): string {
  return `https://kubernetes.io/docs/concepts/security/pod-security-standards/#${level}`;
}

/** `PSS-RUN-AS-USER[esp]` as an exception names a control for one container (or `PSS-HOST-PATH` for the pod). */
export function exceptionEntry(id: string, container: PodContainer | undefined): string {
  return container === undefined ? id : `${id}[${container.name}]`;
}

/** Whether a named exception with a reason silences a control's finding (for its container, or for the pod). */
function silenced(target: PodSecurityTarget, id: string, finding: ControlFinding): boolean {
  return target.exceptions.entries.some(
    (entry) =>
      entry.control === id &&
      entry.reason !== "" &&
      (entry.container === undefined || entry.container === finding.container?.name),
  );
}

export function defineControl(definition: ControlDefinition): PodSecurityControl {
  const findings = (target: PodSecurityTarget): readonly ControlFinding[] =>
    target.policy.version < (definition.since ?? 0) ? [] : definition.check(target);
  const rule = defineRule(
    {
      id: definition.id,
      title: definition.title,
      why: definition.why,
      fix: definition.fix,
      link: specLink(definition.level),
    },
    (set, reporter) => {
      for (const target of podSecurityTargets(set)) {
        const { policy } = target;
        for (const finding of findings(target)) {
          if (silenced(target, definition.id, finding)) continue;
          const level = finding.level ?? definition.level;
          const version = policy.version === LATEST_POLICY_VERSION ? "" : ` ${versionLabel(policy.version)}`;
          const enforced = atLeast(policy.level, level);
          const allows =
            typeof definition.allows === "string" ? definition.allows : definition.allows(policy.version);
          const advice = enforced
            ? ""
            : ` Advice only: ${policy.namespace ?? "its Namespace"} enforces ${policy.level}, which this passes.`;
          const exception = `${EXCEPTION_ANNOTATION}: "${exceptionEntry(definition.id, finding.container)}: <reason>"`;
          reporter.report(
            target.document,
            finding.path,
            `${finding.message}; Pod Security Standards${version} ${level} control "${definition.control}" allows ${allows}.${advice}`,
            `${finding.fix} If the workload truly needs it, record why on ${describeObject(target.document.object)}: ${exception}.`,
            enforced ? "error" : "warning",
          );
        }
      }
    },
  );
  return { ...rule, control: definition.control, level: definition.level, findings };
}
