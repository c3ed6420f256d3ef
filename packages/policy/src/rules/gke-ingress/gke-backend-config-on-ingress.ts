import { describeObject, jsonPath } from "@grpc-gke/manifest";
import { BACKEND_CONFIG_KEYS } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

export const backendConfigOnIngress = defineRule(
  {
    id: "GKE-BACKEND-CONFIG-ON-INGRESS",
    title: "cloud.google.com/backend-config set on an Ingress instead of the Service",
    why:
      "ingress-gce reads backend-config only from Services; on an Ingress it is ignored, so timeoutSec, health " +
      "check and draining silently stay at their defaults.",
    fix: "Move the annotation to each backend Service (keyed by port name if needed).",
    link: "https://github.com/kubernetes/ingress-gce/issues/1803",
  },
  (set, reporter) => {
    for (const ingress of set.ingresses) {
      for (const key of BACKEND_CONFIG_KEYS) {
        if (ingress.annotations[key] === undefined) continue;
        reporter.report(
          ingress.document,
          jsonPath("metadata", "annotations", key),
          `${key} is on ${describeObject(ingress.document.object)}, where GKE ignores it (it belongs on the backend Services).`,
        );
      }
    }
  },
);
