import { parseManifests } from "@grpc-gke/manifest";
import { describe, expect, it } from "vitest";
import { checkPolicy, type Problem, RULES_BY_SCOPE, selectRules } from "../src/index.ts";
import { ruleFixture } from "./fixtures.ts";

const podSecurity = selectRules(["pod-security"]);
const check = (yaml: string): Problem[] => checkPolicy(parseManifests(yaml, "inline.yaml"), podSecurity);
/** `CHECK severity path` of each problem, in report order. */
const summary = (problems: readonly Problem[]): string[] =>
  problems.map((problem) => `${problem.check} ${problem.severity} ${problem.path}`);

const RESTRICTED_POD = "{runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}";
const RESTRICTED_CONTAINER = "{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}";

/** A Deployment with one container; `namespace` and security contexts as given. */
function deployment(options: {
  readonly name?: string;
  readonly namespace?: string;
  readonly annotations?: string;
  readonly pod?: string;
  readonly container?: string;
  readonly extra?: string;
}): string {
  const name = options.name ?? "game";
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}${options.namespace === undefined ? "" : `, namespace: ${options.namespace}`}${options.annotations === undefined ? "" : `, annotations: ${options.annotations}`}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      ${options.pod === undefined ? "" : `securityContext: ${options.pod}`}
      containers:
        - name: server
          image: ghcr.io/example/game:1.0.0
          ${options.container === undefined ? "" : `securityContext: ${options.container}`}
${options.extra ?? ""}`;
}

const namespace = (name: string, labels: string): string => `
---
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: {${labels}}}`;

describe("the pod-security rules", () => {
  it("are the pod-security scope, one PSS-* rule per control and PSS-EXCEPTION", () => {
    expect(podSecurity.map((rule) => rule.id)).toEqual(RULES_BY_SCOPE["pod-security"].map((rule) => rule.id));
    expect(podSecurity).toHaveLength(19);
    expect(podSecurity.every((rule) => rule.id.startsWith("PSS-"))).toBe(true);
  });

  it("pass every good.yaml of theirs under all of them (the usual restricted shapes)", () => {
    for (const rule of podSecurity) {
      expect(checkPolicy(ruleFixture(rule.id, "good"), podSecurity), rule.id).toEqual([]);
    }
  });

  it("find only the restricted controls that need a setting in a pod that sets nothing (it meets baseline)", () => {
    expect(summary(check(deployment({})))).toEqual([
      "PSS-PRIVILEGE-ESCALATION error spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation",
      "PSS-RUN-AS-NON-ROOT error spec.template.spec.containers[0].securityContext.runAsNonRoot",
      "PSS-SECCOMP-RESTRICTED error spec.template.spec.containers[0].securityContext.seccompProfile",
      "PSS-CAPABILITIES-RESTRICTED error spec.template.spec.containers[0].securityContext.capabilities.drop",
    ]);
  });

  it("report the object, the container's path, the control, its level, what it allows and the fix", () => {
    const [problem] = check(
      deployment({ namespace: "games", pod: RESTRICTED_POD, container: "{allowPrivilegeEscalation: false}" }),
    );
    expect(problem).toEqual({
      severity: "error",
      check: "PSS-CAPABILITIES-RESTRICTED",
      object: "Deployment/games/game",
      source: "inline.yaml#1",
      path: "spec.template.spec.containers[0].securityContext.capabilities.drop",
      message:
        'container "server" does not drop ALL capabilities; Pod Security Standards restricted control "Capabilities" allows drop including ALL, and adding NET_BIND_SERVICE only.',
      fix: 'Set securityContext.capabilities.drop: [ALL] in container "server". If the workload truly needs it, record why on Deployment/games/game: grpc-gke.dev/pod-security-exception: "PSS-CAPABILITIES-RESTRICTED[server]: <reason>".',
      link: "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    });
  });

  it.each([
    ["Deployment", "apps/v1", "spec: {template: {spec: SPEC}}", "spec.template.spec"],
    ["StatefulSet", "apps/v1", "spec: {serviceName: x, template: {spec: SPEC}}", "spec.template.spec"],
    ["DaemonSet", "apps/v1", "spec: {template: {spec: SPEC}}", "spec.template.spec"],
    ["ReplicaSet", "apps/v1", "spec: {template: {spec: SPEC}}", "spec.template.spec"],
    ["ReplicationController", "v1", "spec: {template: {spec: SPEC}}", "spec.template.spec"],
    ["Job", "batch/v1", "spec: {template: {spec: SPEC}}", "spec.template.spec"],
    [
      "CronJob",
      "batch/v1",
      "spec: {jobTemplate: {spec: {template: {spec: SPEC}}}}",
      "spec.jobTemplate.spec.template.spec",
    ],
    ["Pod", "v1", "spec: SPEC", "spec"],
  ])("check the pod of a %s", (kind, apiVersion, body, podSpec) => {
    const spec = `{securityContext: ${RESTRICTED_POD}, containers: [{name: c, image: i, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, privileged: true}}]}`;
    const yaml = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n${body.replace("SPEC", spec)}`;
    expect(summary(check(yaml))).toEqual([
      `PSS-PRIVILEGED error ${podSpec}.containers[0].securityContext.privileged`,
    ]);
  });

  it("check a helm test pod, init containers, native sidecars and ephemeral containers like any container", () => {
    const yaml = `
apiVersion: v1
kind: Pod
metadata: {name: game-test, annotations: {helm.sh/hook: test}}
spec:
  securityContext: ${RESTRICTED_POD}
  initContainers:
    - {name: init, image: i, securityContext: {allowPrivilegeEscalation: false}}
    - {name: sidecar, image: i, restartPolicy: Always, securityContext: {allowPrivilegeEscalation: false}}
  containers:
    - {name: probe, image: i, securityContext: {allowPrivilegeEscalation: false}}
  ephemeralContainers:
    - {name: debug, image: i, securityContext: {allowPrivilegeEscalation: false}}`;
    expect(check(yaml).map((problem) => problem.message.split(" does not")[0])).toEqual([
      'container "probe"',
      'ephemeral container "debug"',
      'init container "init"',
      'native sidecar "sidecar"',
    ]);
  });
});

describe("the level a workload is checked at", () => {
  /** A pod failing baseline (a privileged container) and restricted (no runAsNonRoot). */
  const failing = (ns?: string): string =>
    deployment({
      ...(ns === undefined ? {} : { namespace: ns }),
      pod: "{seccompProfile: {type: RuntimeDefault}}",
      container: "{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, privileged: true}",
    });
  const severities = (problems: readonly Problem[]): string[] =>
    problems.map((problem) => `${problem.check} ${problem.severity}`);

  it("is restricted without a Namespace in the set: both levels' findings are errors", () => {
    expect(severities(check(failing("games")))).toEqual([
      "PSS-PRIVILEGED error",
      "PSS-RUN-AS-NON-ROOT error",
    ]);
  });

  it("is the enforce label of the workload's Namespace: findings above it are advice (warnings)", () => {
    const enforce = (level: string) =>
      check(failing("games") + namespace("games", `pod-security.kubernetes.io/enforce: ${level}`));
    expect(severities(enforce("restricted"))).toEqual(["PSS-PRIVILEGED error", "PSS-RUN-AS-NON-ROOT error"]);
    expect(severities(enforce("baseline"))).toEqual(["PSS-PRIVILEGED error", "PSS-RUN-AS-NON-ROOT warning"]);
    expect(severities(enforce("privileged"))).toEqual([
      "PSS-PRIVILEGED warning",
      "PSS-RUN-AS-NON-ROOT warning",
    ]);
    expect(enforce("baseline")[1]?.message).toContain(
      "Advice only: Namespace/games enforces baseline, which this passes.",
    );
  });

  it("is restricted for a level pod security admission does not know, as admission reads it", () => {
    const problems = check(
      failing("games") + namespace("games", "pod-security.kubernetes.io/enforce: strict"),
    );
    expect(severities(problems)).toEqual(["PSS-PRIVILEGED error", "PSS-RUN-AS-NON-ROOT error"]);
  });

  it("is the default for a Namespace without the enforce label, another Namespace, or a workload without a namespace", () => {
    const baseline = "pod-security.kubernetes.io/enforce: baseline";
    for (const yaml of [
      failing("games") + namespace("games", "pod-security.kubernetes.io/warn: baseline"),
      failing("games") + namespace("tools", baseline),
      failing() + namespace("games", baseline),
    ]) {
      expect(severities(check(yaml))).toEqual(["PSS-PRIVILEGED error", "PSS-RUN-AS-NON-ROOT error"]);
    }
  });
});

describe("the policy version", () => {
  const pinned = (version: string, pod: string, container: string): Problem[] =>
    check(
      deployment({ namespace: "games", pod, container }) +
        namespace(
          "games",
          `pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/enforce-version: "${version}"`,
        ),
    );

  it("leaves out the controls a pinned version does not have yet (baseline capabilities apply before v1.22)", () => {
    const pod = "{runAsNonRoot: true, runAsUser: 0, seccompProfile: {type: RuntimeDefault}}";
    const container = "{allowPrivilegeEscalation: false, capabilities: {add: [SYS_ADMIN]}}";
    expect(summary(pinned("v1.21", pod, container)).map((line) => line.split(" ")[0])).toEqual([
      "PSS-CAPABILITIES-BASELINE",
    ]);
    expect(summary(pinned("latest", pod, container)).map((line) => line.split(" ")[0])).toEqual([
      "PSS-CAPABILITIES-BASELINE",
      "PSS-RUN-AS-USER",
      "PSS-CAPABILITIES-RESTRICTED",
    ]);
    expect(pinned("v1.21", pod, container)[0]?.message).toContain(
      "Pod Security Standards v1.21 baseline control",
    );
  });

  it("pins the version with enforce-version alone, at the default level", () => {
    const yaml =
      deployment({
        namespace: "games",
        pod: RESTRICTED_POD,
        container: "{allowPrivilegeEscalation: false}",
      }) + namespace("games", "pod-security.kubernetes.io/enforce-version: v1.21");
    expect(check(yaml)).toEqual([]);
  });

  it("evaluates a version past the newest as the newest, and one that is not v1.<minor> as latest", () => {
    const pod = `{runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}, sysctls: [{name: net.ipv4.tcp_wmem, value: "4096 16384 4194304"}]}`;
    expect(pinned("v1.31", pod, RESTRICTED_CONTAINER).map((problem) => problem.check)).toEqual([
      "PSS-SYSCTLS",
    ]);
    expect(pinned("v1.99", pod, RESTRICTED_CONTAINER)).toEqual([]);
    expect(pinned("1.31", pod, RESTRICTED_CONTAINER)).toEqual([]);
  });

  it("exempts Windows pods from the Linux-only restricted controls from v1.25", () => {
    const windows = (version: string) =>
      check(
        `${deployment({ namespace: "games", pod: "{runAsNonRoot: true}" }).replace("    spec:\n", "    spec:\n      os: {name: windows}\n")}${namespace("games", `pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/enforce-version: ${version}`)}`,
      );
    expect(windows("v1.25")).toEqual([]);
    expect(windows("v1.24").map((problem) => problem.check)).toEqual([
      "PSS-PRIVILEGE-ESCALATION",
      "PSS-SECCOMP-RESTRICTED",
      "PSS-CAPABILITIES-RESTRICTED",
    ]);
  });

  it("relaxes running as root for a pod in its own user namespace from v1.35 only", () => {
    const userNamespace = (version: string) =>
      check(
        `${deployment({ namespace: "games", pod: "{runAsUser: 0, seccompProfile: {type: RuntimeDefault}}", container: RESTRICTED_CONTAINER }).replace("    spec:\n", "    spec:\n      hostUsers: false\n")}${namespace("games", `pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/enforce-version: ${version}`)}`,
      );
    expect(userNamespace("v1.35")).toEqual([]);
    expect(userNamespace("v1.34").map((problem) => problem.check)).toEqual([
      "PSS-RUN-AS-NON-ROOT",
      "PSS-RUN-AS-USER",
    ]);
  });
});

describe("one finding, one control", () => {
  it("reports a hostPath volume as baseline's HostPath Volumes only, not restricted's Volume Types too", () => {
    const yaml = deployment({
      pod: RESTRICTED_POD,
      container: RESTRICTED_CONTAINER,
      extra: "      volumes: [{name: logs, hostPath: {path: /var/log}}]",
    });
    expect(summary(check(yaml))).toEqual(["PSS-HOST-PATH error spec.template.spec.volumes[0].hostPath"]);
  });

  it("reports an added capability once: at baseline outside the default set, at restricted inside it", () => {
    const yaml = deployment({
      pod: RESTRICTED_POD,
      container:
        "{allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [SYS_ADMIN, CHOWN, NET_BIND_SERVICE]}}",
    });
    expect(summary(check(yaml))).toEqual([
      "PSS-CAPABILITIES-BASELINE error spec.template.spec.containers[0].securityContext.capabilities.add[0]",
      "PSS-CAPABILITIES-RESTRICTED error spec.template.spec.containers[0].securityContext.capabilities.add[1]",
    ]);
  });

  it("reports an Unconfined pod profile at baseline, and the containers it leaves without one at restricted", () => {
    const yaml = deployment({
      pod: "{runAsNonRoot: true, seccompProfile: {type: Unconfined}}",
      container: RESTRICTED_CONTAINER,
    });
    expect(summary(check(yaml))).toEqual([
      "PSS-SECCOMP-BASELINE error spec.template.spec.securityContext.seccompProfile.type",
      "PSS-SECCOMP-RESTRICTED error spec.template.spec.containers[0].securityContext.seccompProfile",
    ]);
  });
});

describe("named exceptions", () => {
  const twoContainers = (annotation: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  annotations: {grpc-gke.dev/pod-security-exception: "${annotation}"}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      securityContext: {seccompProfile: {type: RuntimeDefault}}
      containers:
        - {name: api, image: i, securityContext: ${RESTRICTED_CONTAINER}}
        - {name: esp, image: i, securityContext: ${RESTRICTED_CONTAINER}}`;
  /** `CHECK containers[i]` of each problem, or `CHECK <path>` for one about the object. */
  const containersReported = (annotation: string) =>
    check(twoContainers(annotation)).map(
      (problem) => `${problem.check} ${/containers\[\d+\]/.exec(problem.path)?.[0] ?? problem.path}`,
    );

  it("silence a control for one container, or for the whole pod without a container", () => {
    expect(containersReported("")).toEqual([
      "PSS-RUN-AS-NON-ROOT containers[0]",
      "PSS-RUN-AS-NON-ROOT containers[1]",
    ]);
    expect(containersReported("PSS-RUN-AS-NON-ROOT[esp]: the image runs as root")).toEqual([
      "PSS-RUN-AS-NON-ROOT containers[0]",
    ]);
    expect(containersReported("pss-run-as-non-root: both images run as root")).toEqual([]);
  });

  it("silence nothing without a reason, and PSS-EXCEPTION says so", () => {
    expect(containersReported("PSS-RUN-AS-NON-ROOT:  ")).toEqual([
      "PSS-RUN-AS-NON-ROOT containers[0]",
      "PSS-RUN-AS-NON-ROOT containers[1]",
      'PSS-EXCEPTION metadata.annotations["grpc-gke.dev/pod-security-exception"]',
    ]);
  });

  it("are read from the workload's own annotations, not its pod template's", () => {
    const yaml = deployment({
      pod: RESTRICTED_POD,
      container: RESTRICTED_CONTAINER.replace("false", "true"),
    }).replace(
      "    metadata: {labels: {app: game}}",
      '    metadata: {labels: {app: game}, annotations: {grpc-gke.dev/pod-security-exception: "PSS-PRIVILEGE-ESCALATION: x"}}',
    );
    expect(check(yaml).map((problem) => problem.check)).toEqual(["PSS-PRIVILEGE-ESCALATION"]);
  });
});
