import { jsonPath } from "@grpc-gke/manifest";
import { MANAGED_CERTIFICATES_KEY, managedCertificateNames } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

export const managedCertificateMissing = defineRule(
  {
    id: "GKE-MANAGED-CERT-MISSING",
    title: "Ingress names a ManagedCertificate that is not in the set",
    why:
      "networking.gke.io/managed-certificates names ManagedCertificates in the Ingress's namespace; a missing one " +
      "leaves the HTTPS listener without that certificate and the Ingress with sync errors.",
    fix: "Render the ManagedCertificate next to the Ingress, or fix the name in the annotation.",
    link: "https://github.com/GoogleCloudPlatform/gke-managed-certs",
  },
  (set, reporter) => {
    for (const ingress of set.ingresses) {
      for (const name of managedCertificateNames(ingress.annotations)) {
        if (set.find("ManagedCertificate", name, ingress.namespace, "networking.gke.io") !== undefined)
          continue;
        reporter.report(
          ingress.document,
          jsonPath("metadata", "annotations", MANAGED_CERTIFICATES_KEY),
          `${MANAGED_CERTIFICATES_KEY} names ManagedCertificate "${name}", which is not in the rendered set.`,
        );
      }
    }
  },
);
