import { jsonPath } from "@grpc-gke/manifest";
import { asString, entries } from "../../model/index.ts";
import { defineControl } from "../pod-security-control.ts";

// kubernetes/pod-security-admission policy/check_hostPathVolumes.go: no volume has a hostPath source. (Restricted's
// Volume Types control forbids hostPath too; PSS-VOLUME-TYPES leaves it to this rule.)
export const hostPath = defineControl({
  id: "PSS-HOST-PATH",
  title: "hostPath volume (Pod Security Standards baseline: HostPath Volumes)",
  why:
    "A hostPath volume mounts a file or directory of the node into the pod: it can read the node's secrets and " +
    "other pods' data, or write where the node runs what it finds.",
  fix: "Use an emptyDir, a ConfigMap, Secret or projected volume, or a PersistentVolumeClaim instead of hostPath.",
  control: "HostPath Volumes",
  level: "baseline",
  allows: "no hostPath volumes",
  check(target) {
    return entries(target.workload.podSpec, "volumes").flatMap((volume, index) => {
      if (volume?.hostPath === undefined || volume.hostPath === null) return [];
      const name = asString(volume.name) ?? `#${index}`;
      return [
        {
          container: undefined,
          path: jsonPath(...target.workload.podSpecPath, "volumes", index, "hostPath"),
          message: `volume "${name}" mounts a path of the node (hostPath)`,
          fix: `Replace the hostPath source of volume "${name}" with an emptyDir, ConfigMap, Secret or PersistentVolumeClaim.`,
        },
      ];
    });
  },
});
