import { describeObject } from "@grpc-gke/manifest";
import { resolveTargetPort, tlsEvidence } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";
import { frontendLabel, portLabel } from "../labels.ts";

const H2C = "kubernetes.io/h2c";

/**
 * The other half of GKE-HTTP2-TLS (which catches HTTP2, i.e. TLS, towards a pod that serves plaintext): a Service
 * port marked cleartext h2c whose pod serves TLS on that very port. The signal is port-specific on purpose: an
 * https:// listener bound to the port (in the environment, e.g. Kestrel__Endpoints__*__Url or ASPNETCORE_URLS, or a
 * mounted config file) or an HTTPS probe of it. A mounted Secret alone is not enough: pods mount certificates for
 * other ports and for clients.
 */
export const gatewayH2cTls = defineRule(
  {
    id: "GKE-GATEWAY-H2C-TLS",
    title: "GKE Gateway backend port marked cleartext h2c while the pod serves TLS there",
    why:
      "appProtocol kubernetes.io/h2c makes the GKE Gateway load balancer speak cleartext HTTP/2 (prior knowledge) " +
      "to the pod; a pod that serves TLS on that port answers the cleartext preface with a TLS alert or closes the " +
      "connection, so every request fails ('upstream connect error … protocol error' or 502).",
    fix:
      "Set the Service port's appProtocol to HTTP2 (HTTP/2 over TLS; the load balancer does not verify the " +
      "certificate), or make the pod serve cleartext h2c on that port.",
    link: "https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#load-balancer-tls",
  },
  (set, reporter) => {
    for (const routed of set.routedPorts) {
      if (routed.frontend !== "gateway" || routed.port.appProtocol !== H2C) continue;
      for (const workload of set.selectedWorkloads(routed.service)) {
        const target = resolveTargetPort(workload, routed.port.targetPort);
        const number =
          target?.port.containerPort ??
          (typeof routed.port.targetPort === "number" ? routed.port.targetPort : undefined);
        if (number === undefined) continue;
        const containers = target === undefined ? workload.containers : [target.container];
        const [first, ...others] = tlsEvidence(set, workload, containers, number).portTls;
        if (first === undefined) continue;
        reporter.report(
          workload.document,
          first.path,
          `${portLabel(routed)} is ${H2C} behind ${frontendLabel(routed)}, so the load balancer speaks cleartext HTTP/2 to pod port ${number}, but ${describeObject(workload.document.object)} serves TLS there: ${[first, ...others].map((sign) => sign.reason).join("; ")}.`,
          `Set appProtocol: HTTP2 on ${describeObject(routed.service.document.object)} port ${routed.port.name ?? routed.port.port} (TLS to the pod, certificate not verified), or bind port ${number} with http:// (cleartext HTTP/2).`,
        );
      }
    }
  },
);
