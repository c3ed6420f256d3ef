import { describeObject, jsonPath } from "@grpc-gke/manifest";
import { backendProtocol, resolveTargetPort, tlsEvidence } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";
import { frontendLabel, portLabel } from "../labels.ts";

export const http2Tls = defineRule(
  {
    id: "GKE-HTTP2-TLS",
    title: "HTTP/2 backend behind a GKE load balancer that does not serve TLS",
    why:
      "With backend protocol HTTP2 the Google Front End speaks HTTP/2 over TLS to the pod (it never sends cleartext " +
      "h2c on that protocol); a pod serving plaintext fails the handshake and clients get 502 " +
      "failed_to_connect_to_backend.",
    fix:
      "Serve TLS on that container port (a self-signed certificate from a mounted kubernetes.io/tls Secret is " +
      "enough: the GFE does not verify it) and keep health checks on a separate plain HTTP port.",
    link: "https://cloud.google.com/load-balancing/docs/ssl-certificates/encryption-to-the-backends",
  },
  (set, reporter) => {
    for (const routed of set.routedPorts) {
      if (backendProtocol(routed.service, routed.port, routed.frontend) !== "HTTP2") continue;
      for (const workload of set.selectedWorkloads(routed.service)) {
        const target = resolveTargetPort(workload, routed.port.targetPort);
        const containers = target === undefined ? workload.containers : [target.container];
        const number =
          target?.port.containerPort ??
          (typeof routed.port.targetPort === "number" ? routed.port.targetPort : undefined);
        const evidence = tlsEvidence(set, workload, containers, number);
        const where = `${portLabel(routed)} is HTTP2 behind ${frontendLabel(routed)}, so the GFE dials pod port ${number ?? routed.port.targetPort} with TLS`;
        const gatewayFix =
          routed.frontend === "gateway"
            ? " Or, on GKE Gateway only, set the Service port's appProtocol to kubernetes.io/h2c for cleartext HTTP/2."
            : "";
        const containerPath = target?.container.path ?? jsonPath(...workload.podSpecPath, "containers");
        const first = evidence.plaintext[0];
        if (first !== undefined) {
          reporter.report(
            workload.document,
            first.path,
            `${where}, but ${describeObject(workload.document.object)} serves plaintext there: ${evidence.plaintext.map((sign) => sign.reason).join("; ")}.`,
            `Bind port ${number ?? routed.port.targetPort} with https:// and a certificate (a mounted kubernetes.io/tls Secret; self-signed is fine, the GFE does not verify it); serve health checks on a separate plain HTTP port.${gatewayFix}`,
          );
        } else if (evidence.tls.length === 0) {
          reporter.report(
            workload.document,
            containerPath,
            `${where}, but ${describeObject(workload.document.object)} shows no sign of TLS on it: no Secret is mounted and nothing sets an https:// listener for that port.`,
            `Mount a certificate (a kubernetes.io/tls Secret, e.g. from cert-manager) and serve TLS on port ${number ?? routed.port.targetPort}.${gatewayFix}`,
          );
        }
      }
    }
  },
);
