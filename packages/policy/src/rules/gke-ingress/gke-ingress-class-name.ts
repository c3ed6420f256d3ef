import { describeObject } from "@grpc-gke/manifest";
import type { IIngressSpec } from "kubernetes-models/networking.k8s.io/v1/IngressSpec";
import { asString, INGRESS_CLASS_KEY, MANAGED_CERTIFICATES_KEY, readAs } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

/** Annotations only GKE Ingress reads: an Ingress carrying them is meant for GKE. */
const GCE_ONLY_ANNOTATIONS = [
  "kubernetes.io/ingress.global-static-ip-name",
  "kubernetes.io/ingress.regional-static-ip-name",
  MANAGED_CERTIFICATES_KEY,
  "ingress.gcp.kubernetes.io/pre-shared-cert",
  "networking.gke.io/v1beta1.FrontendConfig",
  "kubernetes.io/ingress.allow-http",
];

export const ingressClassName = defineRule(
  {
    id: "GKE-INGRESS-CLASS-NAME",
    title: "Ingress meant for GKE that uses spec.ingressClassName",
    why:
      "ingress-gce ignores spec.ingressClassName and only serves an Ingress with the kubernetes.io/ingress.class " +
      "annotation, or with neither; an Ingress with ingressClassName and no annotation is never picked up by GKE.",
    fix: "Drop spec.ingressClassName and set the annotation kubernetes.io/ingress.class: gce (or gce-internal).",
    link: "https://github.com/kubernetes/ingress-gce/blob/master/pkg/utils/utils.go",
  },
  (set, reporter) => {
    for (const ingress of set.ingresses) {
      const className = asString(readAs<IIngressSpec>(ingress.document.object.spec)?.ingressClassName);
      if (className === undefined || ingress.annotations[INGRESS_CLASS_KEY] !== undefined) continue;
      const gceAnnotations = GCE_ONLY_ANNOTATIONS.filter((key) => ingress.annotations[key] !== undefined);
      if (!className.startsWith("gce") && gceAnnotations.length === 0) continue;
      const sign = className.startsWith("gce")
        ? `ingressClassName "${className}"`
        : `GKE-only annotations (${gceAnnotations.join(", ")}) with ingressClassName "${className}"`;
      reporter.report(
        ingress.document,
        "spec.ingressClassName",
        `${describeObject(ingress.document.object)} has ${sign} and no ${INGRESS_CLASS_KEY} annotation, so GKE Ingress ignores it.`,
      );
    }
  },
);
