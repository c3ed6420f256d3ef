import { jsonPath } from "@grpc-gke/manifest";
import { asString, entries } from "../../model/index.ts";
import { RESTRICTED_VOLUME_SOURCES } from "../../model/pod-security.ts";
import { wordList } from "../labels.ts";
import { defineControl } from "../pod-security-control.ts";

// kubernetes/pod-security-admission policy/check_restrictedVolumes.go: every volume sets one of the allowed sources.
// hostPath is left to PSS-HOST-PATH (baseline), which restricted's check overrides with this one.
export const volumeTypes = defineControl({
  id: "PSS-VOLUME-TYPES",
  title: "Volume of a type restricted does not allow (Pod Security Standards restricted: Volume Types)",
  why:
    "Restricted allows only the core volume types (ConfigMap, Secret, downward API, projected, emptyDir, CSI, " +
    "ephemeral, image) and PersistentVolumeClaims; in-tree network and cloud volumes (nfs, gcePersistentDisk, " +
    "gitRepo, ...) mount storage the cluster admin has not provisioned as a PersistentVolume.",
  fix: "Provision the storage as a PersistentVolume and mount it through a PersistentVolumeClaim.",
  control: "Volume Types",
  level: "restricted",
  allows: `only ${wordList(RESTRICTED_VOLUME_SOURCES, "and")} volumes`,
  check(target) {
    return entries(target.workload.podSpec, "volumes").flatMap((volume, index) => {
      if (volume === undefined) return [];
      const sources = Object.entries(volume)
        .filter(([key, value]) => key !== "name" && value !== undefined && value !== null)
        .map(([key]) => key);
      // No source: the API server defaults the volume to an emptyDir.
      if (sources.length === 0 || sources.some((source) => RESTRICTED_VOLUME_SOURCES.includes(source)))
        return [];
      if (sources.includes("hostPath")) return [];
      const name = asString(volume.name) ?? `#${index}`;
      const type = sources[0] ?? "";
      return [
        {
          container: undefined,
          path: jsonPath(...target.workload.podSpecPath, "volumes", index, type),
          message: `volume "${name}" uses the ${type} volume source`,
          fix: `Mount the storage of volume "${name}" through a persistentVolumeClaim (its PersistentVolume can be ${type}).`,
        },
      ];
    });
  },
});
