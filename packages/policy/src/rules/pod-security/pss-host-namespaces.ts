import { jsonPath } from "@grpc-gke/manifest";
import { defineControl } from "../pod-security-control.ts";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

// kubernetes/pod-security-admission policy/check_hostNamespaces.go: spec.hostNetwork, hostPID and hostIPC unset or
// false.
export const hostNamespaces = defineControl({
  id: "PSS-HOST-NAMESPACES",
  title:
    "Pod sharing the node's network, PID or IPC namespace (Pod Security Standards baseline: Host Namespaces)",
  why:
    "A pod in the node's network namespace sees and binds every node interface (and reaches services bound to " +
    "localhost); in its PID or IPC namespace it sees and signals the node's processes and shares its memory.",
  fix: "Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).",
  control: "Host Namespaces",
  level: "baseline",
  allows: "only false or unset",
  check(target) {
    return HOST_NAMESPACES.filter((name) => target.workload.podSpec[name] === true).map((name) => ({
      container: undefined,
      path: jsonPath(...target.workload.podSpecPath, name),
      message: `the pod sets ${name}: true`,
      fix: `Remove ${name} from the pod spec; publish ports through a Service instead of the node's namespaces.`,
    }));
  },
});
