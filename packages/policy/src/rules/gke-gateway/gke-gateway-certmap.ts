import { FACTS } from "@grpc-gke/facts";
import { describeObject, jsonPath } from "@grpc-gke/manifest";
import type { IGatewaySpec } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GatewaySpec";
import { annotationsOf, asArray, asStringMap, entries, field, readAs } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

const CERTMAP = FACTS.gkeGateway.certificateMapAnnotation;
const CLASSES: Readonly<Record<string, { readonly global: boolean }>> = FACTS.gkeGateway.classes;
/** GKE's listener tls.options that name certificates (Compute Engine SSL, Certificate Manager). */
const LISTENER_CERTIFICATE_OPTIONS = [
  "networking.gke.io/pre-shared-certs",
  "networking.gke.io/cert-manager-certs",
];

/** A GKE class's facts, the `-mc` twins read as their single-cluster class (same load balancer). */
function classFacts(className: string | undefined): { readonly global: boolean } | undefined {
  return className === undefined ? undefined : CLASSES[className.replace(/-mc$/, "")];
}

export const gatewayCertmap = defineRule(
  {
    id: "GKE-GATEWAY-CERTMAP",
    title: "Certificate Manager map on a GKE Gateway that cannot use it",
    why:
      "GKE treats a networking.gke.io/certmap annotation next to listener tls.certificateRefs as an error and does not " +
      "program the Gateway, and a target proxy with a certificate map ignores its other certificates (Compute Engine: " +
      "'If set, sslCertificates will be ignored'); and only load balancers built on Google Front Ends (the global classes) take a " +
      "certificate map: regional and internal ones reference Certificate Manager certificates directly, so their " +
      "HTTPS listener ends up with no certificate.",
    fix:
      "Keep the certificate map alone (add the other certificates to it as map entries), or, on a regional or " +
      "internal class, list Certificate Manager certificates in the HTTPS listener's tls.options " +
      "networking.gke.io/cert-manager-certs.",
    link: "https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway",
  },
  (set, reporter) => {
    for (const gateway of set.gateways) {
      if (!gateway.gke) continue;
      const map = annotationsOf(gateway.document)[CERTMAP];
      if (map === undefined || map === "") continue;
      const label = `${describeObject(gateway.document.object)} names certificate map "${map}"`;
      entries(readAs<IGatewaySpec>(gateway.document.object.spec), "listeners").forEach((listener, index) => {
        const tls = field(listener, "tls");
        const name = String(listener?.name ?? index);
        if (asArray(tls?.certificateRefs).length > 0)
          reporter.report(
            gateway.document,
            jsonPath("spec", "listeners", index, "tls", "certificateRefs"),
            `${label} and listener "${name}" has certificateRefs: GKE refuses the two together and does not program the Gateway.`,
          );
        for (const option of LISTENER_CERTIFICATE_OPTIONS) {
          if (asStringMap(tls?.options)[option] === undefined) continue;
          reporter.report(
            gateway.document,
            jsonPath("spec", "listeners", index, "tls", "options", option),
            `${label} and listener "${name}" names certificates in ${option}: a load balancer with a certificate map ignores its other certificates ("If set, sslCertificates will be ignored").`,
          );
        }
      });
      const facts = classFacts(gateway.className);
      if (facts !== undefined && !facts.global)
        reporter.report(
          gateway.document,
          jsonPath("metadata", "annotations", CERTMAP),
          `${label}, but GatewayClass ${gateway.className} makes a regional load balancer, which takes no certificate map.`,
          "List regional Certificate Manager certificates in the HTTPS listener's tls.options networking.gke.io/cert-manager-certs, or use a global class (gke-l7-global-external-managed).",
        );
    }
  },
);
