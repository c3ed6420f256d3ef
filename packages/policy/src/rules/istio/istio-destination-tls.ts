import { describeObject, joinPath } from "@grpc-gke/manifest";
import { istioPortPolicy, istioRoutes, resolveTargetPort, tlsEvidence } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";
import { servicePortLabel } from "../labels.ts";

/**
 * What the ingress gateway speaks to a routed port does not match what the pod serves there. The DestinationRule's
 * `tls.mode` decides: SIMPLE or MUTUAL originate TLS (istio/istio pilot/pkg/networking/core/cluster_tls.go); none,
 * DISABLE or ISTIO_MUTUAL hand the app cleartext (ISTIO_MUTUAL ends at the pod's sidecar, which forwards cleartext). The
 * pod's side is the evidence NGINX-GRPC-TLS weighs (model/listeners.ts): for TLS origination a sign of plaintext on that
 * port, for cleartext a sign of TLS on that very port (never a mounted Secret alone).
 */
export const istioDestinationTls = defineRule(
  {
    id: "ISTIO-DESTINATION-TLS",
    title: "Istio gateway speaking TLS to a cleartext pod port, or cleartext to a TLS one",
    why:
      "A DestinationRule with tls.mode SIMPLE (or MUTUAL) makes Istio originate TLS to the pod; without one (or with " +
      "DISABLE, or ISTIO_MUTUAL, which a sidecar ends before the app) the app gets cleartext HTTP/2. A cleartext port " +
      "cannot complete the TLS handshake and a TLS port answers the cleartext preface with an alert, so every call " +
      "fails (503 upstream connect error).",
    fix:
      "Make the DestinationRule say what the pod serves on the port: tls.mode SIMPLE (insecureSkipVerify: true for a " +
      "self-signed certificate) for a TLS port; no tls, DISABLE or ISTIO_MUTUAL for a cleartext (h2c) one.",
    link: "https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings",
  },
  (set, reporter) => {
    const seen = new Set<unknown>();
    for (const route of istioRoutes(set)) {
      if (seen.has(route.port)) continue;
      seen.add(route.port);
      const { service, port } = route;
      const policy = istioPortPolicy(set, service, port);
      const mode = policy?.tlsMode?.toUpperCase();
      const tls = mode === "SIMPLE" || mode === "MUTUAL";
      const how =
        policy === undefined
          ? "no DestinationRule sets TLS for it, so Istio speaks cleartext HTTP/2 (or mTLS a sidecar ends)"
          : mode === undefined
            ? `${describeObject(policy.destinationRule.object)} sets no tls for it, so Istio speaks cleartext HTTP/2 (or mTLS a sidecar ends)`
            : `${describeObject(policy.destinationRule.object)} sets tls.mode ${policy.tlsMode}, so ${tls ? "Istio originates TLS" : "the app gets cleartext HTTP/2"}`;
      for (const workload of set.selectedWorkloads(service)) {
        const target = resolveTargetPort(workload, port.targetPort);
        const number =
          target?.port.containerPort ?? (typeof port.targetPort === "number" ? port.targetPort : undefined);
        if (number === undefined) continue;
        const evidence = tlsEvidence(
          set,
          workload,
          target === undefined ? workload.containers : [target.container],
          number,
        );
        const signs = tls ? evidence.plaintext : evidence.portTls;
        const [first] = signs;
        if (first === undefined) continue;
        const where = `${describeObject(route.virtualService.object)} routes to ${servicePortLabel(service, port)}; ${how}`;
        const message = `${where}, but ${describeObject(workload.document.object)} serves ${tls ? "cleartext" : "TLS"} on pod port ${number}: ${signs.map((sign) => sign.reason).join("; ")}.`;
        if (tls && policy !== undefined)
          reporter.report(policy.destinationRule, joinPath(policy.tlsPath, "mode"), message);
        else reporter.report(workload.document, first.path, message);
      }
    }
  },
);
