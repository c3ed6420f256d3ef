/**
 * The Pod Security Standards as the pod-security rules read them: the levels and policy versions, every container
 * of a pod (containers, init containers and native sidecars, ephemeral containers), the level a Namespace in the
 * set enforces, and the named exceptions a workload records.
 *
 * Spec: https://kubernetes.io/docs/concepts/security/pod-security-standards/ (the controls and their allowed
 * values). Reference implementation: kubernetes/pod-security-admission, tag v0.36.2 (Kubernetes 1.36), `policy/
 * check_*.go` (each control's exact test, the version each value list applies from) and `api/helpers.go` (how the
 * namespace labels are read). The allowed-value lists below are those facts, kept in this one place.
 */
import { FACTS } from "@grpc-gke/facts";
import { joinPath, jsonPath, type RenderedDocument } from "@grpc-gke/manifest";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSecurityContext } from "kubernetes-models/v1/PodSecurityContext";
import type { ISecurityContext } from "kubernetes-models/v1/SecurityContext";
import { nameOf } from "./object.ts";
import type { ObjectSet } from "./object-set.ts";
import { asRecord, asString, asStringMap, at, entries, field, type Unchecked } from "./read.ts";
import type { Workload } from "./workloads.ts";

/** The Pod Security Standards levels, least to most restrictive (the spec's "cumulative" policies). */
export const POD_SECURITY_LEVELS = ["privileged", "baseline", "restricted"] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** A control's level: privileged has no controls. */
export type ControlLevel = Exclude<PodSecurityLevel, "privileged">;

/** Whether level `a` is at least as restrictive as `b`. */
export function atLeast(a: PodSecurityLevel, b: PodSecurityLevel): boolean {
  return POD_SECURITY_LEVELS.indexOf(a) >= POD_SECURITY_LEVELS.indexOf(b);
}

/**
 * The policy version "latest" stands for: the Kubernetes minor of the newest released pod-security-admission
 * (v0.36.2 = Kubernetes 1.36). A namespace may pin an older one (`pod-security.kubernetes.io/enforce-version:
 * v1.30`); a newer one is evaluated as this one, as pod-security-admission evaluates a version past its newest
 * check at its newest (policy/registry.go, EvaluatePod).
 */
export const LATEST_POLICY_VERSION = 36;

/** `v1.36` for a policy version. */
export function versionLabel(version: number): string {
  return `v1.${version}`;
}

/** The namespace labels pod security admission reads (kubernetes/pod-security-admission api/constants.go). */
export const ENFORCE_LEVEL_LABEL = "pod-security.kubernetes.io/enforce";
export const ENFORCE_VERSION_LABEL = "pod-security.kubernetes.io/enforce-version";

/**
 * The annotation that records a workload's named exceptions: one `<RULE-ID>[<container>]: <reason>` per line (the
 * container part optional). This checker's own, not Kubernetes': pod security admission has no per-pod exemptions.
 */
export const EXCEPTION_ANNOTATION = "grpc-gke.dev/pod-security-exception";

/**
 * Baseline "Capabilities": the capabilities a container may add (check_capabilities_baseline.go,
 * capabilities_allowed_1_0; the spec's list).
 */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

/** Restricted "Capabilities" (v1.22+): drop must include ALL (exactly so), add may hold NET_BIND_SERVICE only (check_capabilities_restricted.go). */
export const DROP_ALL: string = FACTS.podSecurity.dropAll;
export const RESTRICTED_ADDABLE_CAPABILITY: string = FACTS.podSecurity.restrictedAddableCapability;

/**
 * Baseline "Sysctls": the safe sysctls and the policy version each is allowed from (check_sysctls.go at v0.36.2:
 * sysctlsAllowedV1Dot0, V1Dot27, V1Dot29, V1Dot32). Kubernetes 1.37 adds net.ipv4.tcp_slow_start_after_idle and
 * net.ipv4.tcp_notsent_lowat (not released yet).
 */
const SAFE_SYSCTLS: readonly (readonly [name: string, since: number])[] = FACTS.podSecurity.safeSysctls.map(
  ({ name, since }) => [name, since] as const,
);

/** The sysctls baseline allows at a policy version. */
export function safeSysctls(version: number): readonly string[] {
  return SAFE_SYSCTLS.filter(([, since]) => version >= since).map(([name]) => name);
}

/**
 * Baseline "SELinux": the seLinuxOptions.type values allowed (besides empty) at a policy version
 * (check_seLinuxOptions.go: selinuxAllowedTypes1_0, container_engine_t from 1.31). user and role must stay empty.
 */
export function allowedSeLinuxTypes(version: number): readonly string[] {
  return FACTS.podSecurity.seLinuxTypes.filter(({ since }) => version >= since).map(({ type }) => type);
}

/** Baseline "Seccomp" and restricted "Seccomp": the profile types allowed (check_seccompProfile_baseline.go, validSeccomp). */
export const ALLOWED_SECCOMP_TYPES: readonly string[] = FACTS.podSecurity.seccompTypes;

/** Baseline "AppArmor": the profile types allowed in securityContext.appArmorProfile (check_appArmorProfile.go). */
export const ALLOWED_APPARMOR_TYPES: readonly string[] = FACTS.podSecurity.appArmorTypes;

/** The deprecated AppArmor annotation prefix, allowed values empty, `runtime/default` and `localhost/*` (check_appArmorProfile.go). */
export const APPARMOR_ANNOTATION_PREFIX: string = FACTS.podSecurity.appArmorAnnotationPrefix;

/**
 * The seccomp annotations that policy versions before 1.19 read instead of the field, allowed values
 * `runtime/default`, `docker/default` and `localhost/*` (check_seccompProfile_baseline.go, seccompProfileBaseline_1_0).
 */
export const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

/**
 * Restricted "Volume Types": the inline volume sources allowed (check_restrictedVolumes.go, restrictedVolumes_1_0;
 * `image` is allowed since pod-security-admission ca569ec, 2025). A volume with no source is defaulted to emptyDir
 * by the API server before admission.
 */
export const RESTRICTED_VOLUME_SOURCES: readonly string[] = FACTS.podSecurity.restrictedVolumeSources;

/** The probes and lifecycle hooks whose httpGet/tcpSocket `host` baseline forbids from v1.34 (check_hostProbesAndhostLifecycle.go). */
export const HOST_CHECKED_PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
export const HOST_CHECKED_HOOKS = ["postStart", "preStop"] as const;

export type PodContainerKind = "container" | "initContainer" | "sidecar" | "ephemeralContainer";

/** Any container of a pod, as the controls visit them (every list, like pod-security-admission's visitContainers). */
export interface PodContainer {
  readonly name: string;
  readonly kind: PodContainerKind;
  /** Path inside the workload object, e.g. `spec.template.spec.initContainers[1]`. */
  readonly path: string;
  /** The container (an ephemeral container has the same fields as far as the controls read). */
  readonly spec: Unchecked<IContainer>;
  readonly securityContext: Unchecked<ISecurityContext> | undefined;
  /** `container "server"`, `native sidecar "esp"`, ... for messages. */
  readonly label: string;
}

const KIND_WORDS: Readonly<Record<PodContainerKind, string>> = {
  container: "container",
  initContainer: "init container",
  sidecar: "native sidecar",
  ephemeralContainer: "ephemeral container",
};

/** Every container of a workload's pod, in manifest order: containers, initContainers, ephemeralContainers. */
export function podContainers(workload: Workload): readonly PodContainer[] {
  const lists = ["containers", "initContainers", "ephemeralContainers"] as const;
  return lists.flatMap((list) =>
    entries(workload.podSpec, list).flatMap((spec, index): PodContainer[] => {
      if (spec === undefined) return [];
      const name = asString(spec.name) ?? `#${index}`;
      const kind: PodContainerKind =
        list === "containers"
          ? "container"
          : list === "ephemeralContainers"
            ? "ephemeralContainer"
            : spec.restartPolicy === "Always"
              ? "sidecar"
              : "initContainer";
      return [
        {
          name,
          kind,
          path: jsonPath(...workload.podSpecPath, list, index),
          spec: spec as Unchecked<IContainer>,
          securityContext: field(spec as Unchecked<IContainer>, "securityContext"),
          label: `${KIND_WORDS[kind]} "${name}"`,
        },
      ];
    }),
  );
}

/** The level and policy version a workload's pods are checked at, and where they come from. */
export interface PodSecurityPolicy {
  readonly level: PodSecurityLevel;
  readonly version: number;
  /** `Namespace/games` when a Namespace in the set sets the enforce labels; undefined for the default. */
  readonly namespace: string | undefined;
}

/** Without a labelled Namespace in the set, pods are checked at restricted, latest: what the chart promises. */
export const DEFAULT_POLICY: PodSecurityPolicy = {
  level: "restricted",
  version: LATEST_POLICY_VERSION,
  namespace: undefined,
};

/**
 * A Namespace's enforce labels as pod security admission reads them (api/helpers.go, PolicyToEvaluate): a level
 * that is not privileged, baseline or restricted is restricted; a version that is not `latest` or `v1.<minor>` is
 * latest; a label left out takes the default's value. Undefined when the Namespace sets neither label.
 */
export function namespacePolicy(namespace: RenderedDocument): PodSecurityPolicy | undefined {
  const labels = asStringMap(namespace.object.metadata?.labels);
  const level = labels[ENFORCE_LEVEL_LABEL] ?? DEFAULT_POLICY.level;
  if (labels[ENFORCE_LEVEL_LABEL] === undefined && labels[ENFORCE_VERSION_LABEL] === undefined)
    return undefined;
  const minor = /^v1\.([0-9]|[1-9][0-9]*)$/.exec(labels[ENFORCE_VERSION_LABEL] ?? "latest")?.[1];
  return {
    level: (POD_SECURITY_LEVELS as readonly string[]).includes(level)
      ? (level as PodSecurityLevel)
      : "restricted",
    version: minor === undefined ? LATEST_POLICY_VERSION : Math.min(Number(minor), LATEST_POLICY_VERSION),
    namespace: `Namespace/${nameOf(namespace)}`,
  };
}

/** One entry of the exception annotation. */
export interface PodSecurityException {
  /** The rule id, upper case. */
  readonly control: string;
  /** The container it is limited to; undefined for the whole pod. */
  readonly container: string | undefined;
  readonly reason: string;
  /** The entry as written, for messages. */
  readonly text: string;
}

export interface ExceptionEntries {
  readonly entries: readonly PodSecurityException[];
  /** Lines that are not `<RULE-ID>[<container>]: <reason>`. */
  readonly malformed: readonly string[];
}

const EXCEPTION_ENTRY = /^([A-Za-z0-9]+(?:-[A-Za-z0-9]+)+)\s*(?:\[\s*([^\]]*?)\s*\])?\s*:(.*)$/;

/** Parses the exception annotation: one entry per non-empty line. */
export function parseExceptions(value: string | undefined): ExceptionEntries {
  const entries: PodSecurityException[] = [];
  const malformed: string[] = [];
  for (const line of (value ?? "").split("\n")) {
    const text = line.trim();
    if (text === "") continue;
    const match = EXCEPTION_ENTRY.exec(text);
    if (match === null || match[1] === undefined) {
      malformed.push(text);
      continue;
    }
    entries.push({
      control: match[1].toUpperCase(),
      container: match[2] === undefined || match[2] === "" ? undefined : match[2],
      reason: (match[3] ?? "").trim(),
      text,
    });
  }
  return { entries, malformed };
}

/** A workload's pod as the controls read it. */
export interface PodSecurityTarget {
  readonly workload: Workload;
  readonly document: RenderedDocument;
  /** Path segments of the pod template (`["spec", "template"]`, `[]` for a Pod). */
  readonly templatePath: readonly string[];
  /** Path of the pod-level security context, e.g. `spec.template.spec.securityContext`. */
  readonly securityContextPath: string;
  readonly securityContext: Unchecked<IPodSecurityContext> | undefined;
  /** Annotations of the pod (template) metadata, where the AppArmor and old seccomp annotations live. */
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly containers: readonly PodContainer[];
  /** `spec.os.name: windows`: the restricted Linux-only controls do not apply (v1.25+). */
  readonly windows: boolean;
  /** `spec.hostUsers: false`: the pod runs in a user namespace. */
  readonly userNamespace: boolean;
  readonly policy: PodSecurityPolicy;
  readonly exceptions: ExceptionEntries;
}

/** Path of a field of the pod-level security context. */
export function podSecurityPath(
  target: PodSecurityTarget,
  ...segments: readonly (string | number)[]
): string {
  return joinPath(target.securityContextPath, ...segments);
}

/** Path of a field of a container's security context. */
export function containerSecurityPath(
  container: PodContainer,
  ...segments: readonly (string | number)[]
): string {
  return joinPath(container.path, "securityContext", ...segments);
}

/** Path of a pod (template) annotation. */
export function podAnnotationPath(target: PodSecurityTarget, key: string): string {
  return jsonPath(...target.templatePath, "metadata", "annotations", key);
}

const targetsBySet = new WeakMap<ObjectSet, readonly PodSecurityTarget[]>();

/**
 * Every workload of the set (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob,
 * Pod, including helm test Pods) read once per set for all pod-security rules. The level comes from the enforce label
 * of the workload's Namespace when the set holds it. A workload without metadata.namespace lands in whatever
 * namespace it is applied to (helm's release namespace), which the set cannot tell: it is checked at the default.
 */
export function podSecurityTargets(set: ObjectSet): readonly PodSecurityTarget[] {
  const cached = targetsBySet.get(set);
  if (cached !== undefined) return cached;
  const namespaces = new Map<string, PodSecurityPolicy>();
  for (const document of set.ofKind("Namespace", "")) {
    const policy = namespacePolicy(document);
    if (policy !== undefined && !namespaces.has(nameOf(document))) namespaces.set(nameOf(document), policy);
  }
  const targets = set.workloads.map((workload): PodSecurityTarget => {
    const templatePath = workload.podSpecPath.slice(0, -1);
    const podSpec = workload.podSpec;
    return {
      workload,
      document: workload.document,
      templatePath,
      securityContextPath: jsonPath(...workload.podSpecPath, "securityContext"),
      securityContext: field(podSpec, "securityContext"),
      podAnnotations: asStringMap(
        asRecord(at(workload.document.object, ...templatePath, "metadata"))?.annotations,
      ),
      containers: podContainers(workload),
      windows: field(podSpec, "os")?.name === "windows",
      userNamespace: podSpec.hostUsers === false,
      policy:
        (typeof workload.namespace === "string" ? namespaces.get(workload.namespace) : undefined) ??
        DEFAULT_POLICY,
      exceptions: parseExceptions(
        asStringMap(workload.document.object.metadata?.annotations)[EXCEPTION_ANNOTATION],
      ),
    };
  });
  targetsBySet.set(set, targets);
  return targets;
}
