import { describeObject, jsonPath } from "@grpc-gke/manifest";
import { EXCEPTION_ANNOTATION, podSecurityTargets } from "../../model/pod-security.ts";
import { defineRule } from "../../rule.ts";
import { wordList } from "../labels.ts";
import type { PodSecurityControl } from "../pod-security-control.ts";
import { appArmor } from "./pss-apparmor.ts";
import { capabilitiesBaseline } from "./pss-capabilities-baseline.ts";
import { capabilitiesRestricted } from "./pss-capabilities-restricted.ts";
import { hostNamespaces } from "./pss-host-namespaces.ts";
import { hostPath } from "./pss-host-path.ts";
import { hostPorts } from "./pss-host-ports.ts";
import { hostProbes } from "./pss-host-probes.ts";
import { hostProcess } from "./pss-host-process.ts";
import { privilegeEscalation } from "./pss-privilege-escalation.ts";
import { privileged } from "./pss-privileged.ts";
import { procMount } from "./pss-proc-mount.ts";
import { runAsNonRoot } from "./pss-run-as-non-root.ts";
import { runAsUser } from "./pss-run-as-user.ts";
import { seccompBaseline } from "./pss-seccomp-baseline.ts";
import { seccompRestricted } from "./pss-seccomp-restricted.ts";
import { seLinux } from "./pss-selinux.ts";
import { sysctls } from "./pss-sysctls.ts";
import { volumeTypes } from "./pss-volume-types.ts";

/** Every control, baseline's then restricted's, in the spec's order. */
export const POD_SECURITY_CONTROLS: readonly PodSecurityControl[] = [
  hostProcess,
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPath,
  hostPorts,
  hostProbes,
  appArmor,
  seLinux,
  procMount,
  seccompBaseline,
  sysctls,
  volumeTypes,
  privilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompRestricted,
  capabilitiesRestricted,
];

const FORM = "<RULE-ID>[<container>]: <reason>";

export const podSecurityException = defineRule(
  {
    id: "PSS-EXCEPTION",
    title: `${EXCEPTION_ANNOTATION} entry that is malformed, gives no reason or silences nothing`,
    why:
      `A named exception (${EXCEPTION_ANNOTATION}: "${FORM}", one per line, the container part optional) silences one ` +
      "Pod Security Standards control for a workload, or one of its containers, and records why. An entry that " +
      "names no known control or container, or gives no reason, silences nothing; one whose control finds nothing " +
      "there hides the next regression.",
    fix: `Write each entry as ${FORM} with a PSS-* rule id, a container of the pod (or none for the whole pod) and the reason; remove entries that silence nothing.`,
    link: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  },
  (set, reporter) => {
    for (const target of podSecurityTargets(set)) {
      const path = jsonPath("metadata", "annotations", EXCEPTION_ANNOTATION);
      const { entries, malformed } = target.exceptions;
      for (const text of malformed) {
        reporter.report(
          target.document,
          path,
          `${EXCEPTION_ANNOTATION} entry "${text}" is not ${FORM}, so it silences nothing.`,
          `Write the entry as ${FORM}, e.g. "PSS-RUN-AS-NON-ROOT[esp]: the image runs as root".`,
        );
      }
      for (const entry of entries) {
        const control = POD_SECURITY_CONTROLS.find((candidate) => candidate.id === entry.control);
        const container = target.containers.find((candidate) => candidate.name === entry.container);
        if (control === undefined) {
          reporter.report(
            target.document,
            path,
            `${EXCEPTION_ANNOTATION} entry "${entry.text}" names no Pod Security Standards control, so it silences nothing.`,
            `Name one of ${wordList(
              POD_SECURITY_CONTROLS.map((candidate) => candidate.id),
              "or",
            )}.`,
          );
        } else if (entry.container !== undefined && container === undefined) {
          reporter.report(
            target.document,
            path,
            `${EXCEPTION_ANNOTATION} entry "${entry.text}" names container "${entry.container}", which the pod of ${describeObject(target.document.object)} does not have, so it silences nothing.`,
            `Name one of the pod's containers (${target.containers.map((candidate) => candidate.name).join(", ")}), or none for the whole pod.`,
          );
        } else if (entry.reason === "") {
          reporter.report(
            target.document,
            path,
            `${EXCEPTION_ANNOTATION} entry "${entry.text}" gives no reason, so it silences nothing: an exception must say why the workload needs it.`,
            `Write the reason after the colon: "${entry.text} <why the workload needs it>".`,
          );
        } else if (
          !control
            .findings(target)
            .some((finding) => entry.container === undefined || finding.container?.name === entry.container)
        ) {
          reporter.report(
            target.document,
            path,
            `${EXCEPTION_ANNOTATION} entry "${entry.text}" silences nothing: ${container?.label ?? "the pod"} passes ${control.level} control "${control.control}".`,
            "Remove the entry, so the control guards this workload again.",
            "warning",
          );
        }
      }
    }
  },
);
