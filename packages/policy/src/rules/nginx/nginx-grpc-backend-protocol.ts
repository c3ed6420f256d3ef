import { describeObject, jsonPath } from "@grpc-gke/manifest";
import { backendProtocolOf, grpcPortEvidence, isGrpcProtocol, nginxAnnotation } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";
import { servicePortLabel } from "../labels.ts";

const KEY = nginxAnnotation("backend-protocol");

/**
 * An ingress-nginx Ingress routing to a Service port that speaks gRPC (model/grpc.ts: appProtocol HTTP2,
 * kubernetes.io/h2c or grpc, or a port named grpc) without backend-protocol GRPC or GRPCS. Without it the controller proxies with `proxy_pass`
 * over HTTP/1.1 (kubernetes/ingress-nginx internal/ingress/controller/template/template.go, buildProxyPass), which a
 * gRPC server cannot answer.
 */
export const nginxGrpcBackendProtocol = defineRule(
  {
    id: "NGINX-GRPC-BACKEND-PROTOCOL",
    title: "ingress-nginx Ingress routing to a gRPC port without backend-protocol GRPC or GRPCS",
    why:
      "ingress-nginx proxies with proxy_pass over HTTP/1.1 unless the Ingress's nginx.ingress.kubernetes.io/" +
      "backend-protocol is GRPC or GRPCS, which switch it to grpc_pass (HTTP/2); a gRPC server does not answer " +
      "HTTP/1.1, so every call fails (502, or 'missing HTTP/2 preface' on the server).",
    fix:
      "Set nginx.ingress.kubernetes.io/backend-protocol: GRPCS when the pod serves TLS on that port, GRPC when it " +
      "serves cleartext h2c; put HTTP/1.1 paths of the same host in a second Ingress.",
    link: "https://github.com/kubernetes/ingress-nginx/blob/main/docs/examples/grpc/README.md",
  },
  (set, reporter) => {
    for (const { ingress, ref, service, port } of set.nginxBackends) {
      const sign = grpcPortEvidence(set, service, port);
      if (sign === undefined) continue;
      const protocol = backendProtocolOf(ingress);
      if (isGrpcProtocol(protocol)) continue;
      const given =
        ingress.annotations[KEY] === undefined
          ? "no backend-protocol (HTTP, the default)"
          : `backend-protocol ${protocol}`;
      reporter.report(
        ingress.document,
        jsonPath("metadata", "annotations", KEY),
        `${describeObject(ingress.document.object)} routes to ${servicePortLabel(service, port)}, a gRPC port (${sign}), with ${given}: ingress-nginx would speak HTTP/1.1 to it and every gRPC call fails.`,
        `Set ${KEY}: GRPCS on ${describeObject(ingress.document.object)} if ${describeObject(service.document.object)} port ${port.name ?? port.port} serves TLS, GRPC if it serves cleartext h2c (route its HTTP/1.1 paths through another Ingress; ${ref.path} names the port).`,
      );
    }
  },
);
