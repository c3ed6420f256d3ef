import { describeObject, jsonPath } from "@grpc-gke/manifest";
import {
  backendProtocolOf,
  isGrpcProtocol,
  nginxAnnotation,
  resolveTargetPort,
  tlsEvidence,
} from "../../model/index.ts";
import { defineRule } from "../../rule.ts";
import { servicePortLabel } from "../labels.ts";

const KEY = nginxAnnotation("backend-protocol");
const H2C = "kubernetes.io/h2c";

/**
 * The protocol ingress-nginx speaks to a gRPC pod does not match what the pod serves on that port: GRPC is cleartext
 * h2c (`grpc_pass grpc://`), GRPCS is TLS (`grpc_pass grpcs://`) (kubernetes/ingress-nginx
 * internal/ingress/controller/template/template.go, buildProxyPass). The pod's side is the evidence GKE-HTTP2-TLS and
 * GKE-GATEWAY-H2C-TLS weigh (model/listeners.ts): for GRPC, a sign of TLS on that very port (an https:// listener, an
 * HTTPS probe), never a mounted Secret alone; for GRPCS, a sign of plaintext there (an http:// listener, an HTTP or gRPC
 * probe) or the Service port's appProtocol kubernetes.io/h2c.
 */
export const nginxGrpcTls = defineRule(
  {
    id: "NGINX-GRPC-TLS",
    title: "ingress-nginx backend protocol GRPC to a pod serving TLS, or GRPCS to a cleartext one",
    why:
      "backend-protocol GRPC makes ingress-nginx speak cleartext HTTP/2 (h2c) to the pod and GRPCS HTTP/2 over TLS; a " +
      "TLS port answers the cleartext preface with an alert and a cleartext port cannot complete a TLS handshake, so " +
      "every call fails with 502.",
    fix:
      "Make backend-protocol say what the pod serves on that port: GRPCS for TLS (ingress-nginx does not verify the " +
      "certificate unless proxy-ssl-verify is on), GRPC for cleartext h2c.",
    link: "https://github.com/kubernetes/ingress-nginx/blob/main/docs/user-guide/nginx-configuration/annotations.md#backend-protocol",
  },
  (set, reporter) => {
    for (const { ingress, service, port } of set.nginxBackends) {
      const protocol = backendProtocolOf(ingress);
      if (!isGrpcProtocol(protocol)) continue;
      const tls = protocol.toUpperCase() === "GRPCS";
      const where = `${describeObject(ingress.document.object)} has ${KEY}: ${protocol}, so ingress-nginx speaks ${tls ? "HTTP/2 over TLS" : "cleartext HTTP/2"} to ${servicePortLabel(service, port)}`;
      if (tls && port.appProtocol?.toLowerCase() === H2C) {
        reporter.report(
          service.document,
          jsonPath("spec", "ports", port.index, "appProtocol"),
          `${where}, but the Service port's appProtocol ${port.appProtocol} says the pod serves cleartext h2c there.`,
          `Set ${KEY}: GRPC on ${describeObject(ingress.document.object)}, or serve TLS on the port and set its appProtocol to HTTP2.`,
        );
        continue;
      }
      for (const workload of set.selectedWorkloads(service)) {
        const target = resolveTargetPort(workload, port.targetPort);
        const number =
          target?.port.containerPort ?? (typeof port.targetPort === "number" ? port.targetPort : undefined);
        if (number === undefined) continue;
        const containers = target === undefined ? workload.containers : [target.container];
        const evidence = tlsEvidence(set, workload, containers, number);
        const signs = tls ? evidence.plaintext : evidence.portTls;
        const [first] = signs;
        if (first === undefined) continue;
        reporter.report(
          workload.document,
          first.path,
          `${where}, but ${describeObject(workload.document.object)} serves ${tls ? "cleartext" : "TLS"} on pod port ${number}: ${signs.map((sign) => sign.reason).join("; ")}.`,
          tls
            ? `Set ${KEY}: GRPC on ${describeObject(ingress.document.object)} (cleartext h2c to the pod), or bind port ${number} with https:// and a certificate.`
            : `Set ${KEY}: GRPCS on ${describeObject(ingress.document.object)} (TLS to the pod; the certificate is not verified by default), or bind port ${number} with http:// (h2c).`,
        );
      }
    }
  },
);
