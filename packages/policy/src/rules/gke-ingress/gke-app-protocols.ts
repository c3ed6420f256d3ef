import { jsonPath } from "@grpc-gke/manifest";
import { appProtocolsAnnotation } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

/** The app-protocols values ingress-gce accepts, in this case. */
const INGRESS_PROTOCOLS = ["HTTP", "HTTPS", "HTTP2"];

export const appProtocolValue = defineRule(
  {
    id: "GKE-APP-PROTOCOLS",
    title: "cloud.google.com/app-protocols that GKE Ingress cannot use",
    why:
      "ingress-gce accepts only HTTP, HTTPS and HTTP2 (exact case) as app-protocols values and fails the whole " +
      "Ingress sync on anything else; there is no H2C or GRPC for Ingress, so cleartext HTTP/2 to pods is impossible.",
    fix: 'Use a JSON map of Service port name to HTTP, HTTPS or HTTP2, e.g. {"grpc":"HTTP2"}, and serve TLS on HTTP2 ports.',
    link: "https://github.com/kubernetes/ingress-gce/blob/master/pkg/annotations/service.go",
  },
  (set, reporter) => {
    for (const service of set.services) {
      const annotation = appProtocolsAnnotation(service);
      if (annotation === undefined) continue;
      const path = jsonPath("metadata", "annotations", annotation.key);
      if (!annotation.ok) {
        reporter.report(service.document, path, `${annotation.key} ${annotation.error}.`);
        continue;
      }
      for (const [portName, protocol] of Object.entries(annotation.protocols)) {
        if (INGRESS_PROTOCOLS.includes(protocol)) continue;
        const hint = INGRESS_PROTOCOLS.includes(protocol.toUpperCase())
          ? ` Write it in upper case: "${protocol.toUpperCase()}".`
          : " gRPC needs HTTP2 with TLS on the pod; cleartext h2c is only possible through GKE Gateway (appProtocol kubernetes.io/h2c).";
        reporter.report(
          service.document,
          path,
          `${annotation.key} sets port "${portName}" to "${protocol}", which GKE Ingress rejects (only HTTP, HTTPS, HTTP2).`,
          `Set port "${portName}" to HTTP, HTTPS or HTTP2.${hint}`,
        );
      }
    }
  },
);
