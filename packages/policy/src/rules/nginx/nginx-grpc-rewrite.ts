import { describeObject, jsonPath } from "@grpc-gke/manifest";
import { backendProtocolOf, grpcPortEvidence, isGrpcProtocol, nginxAnnotation } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

const KEY = nginxAnnotation("rewrite-target");

/**
 * rewrite-target on an ingress-nginx Ingress that carries gRPC: the controller puts `rewrite "(?i)<path>" <target>
 * break;` before grpc_pass (kubernetes/ingress-nginx internal/ingress/controller/template/template.go,
 * buildProxyPass), and nginx sends the rewritten URI as the request's :path (nginx src/http/modules/
 * ngx_http_grpc_module.c), so `/package.Service/Method` reaches the server as something else.
 */
export const nginxGrpcRewrite = defineRule(
  {
    id: "NGINX-GRPC-REWRITE",
    title: "rewrite-target on an ingress-nginx Ingress that carries gRPC",
    why:
      "A gRPC call's path is /package.Service/Method; with rewrite-target ingress-nginx rewrites the URI before " +
      "grpc_pass and nginx sends the rewritten one as :path, so the server finds no such method (UNIMPLEMENTED) or " +
      "another one. The annotation also turns every path of the host into a regular expression.",
    fix:
      "Remove rewrite-target from the gRPC Ingress and route by /package.Service/ prefixes; keep rewrites for " +
      "HTTP/1.1 paths in a separate Ingress.",
    link: "https://github.com/kubernetes/ingress-nginx/blob/main/docs/user-guide/nginx-configuration/annotations.md#rewrite",
  },
  (set, reporter) => {
    const grpcIngresses = new Set(
      set.nginxBackends
        .filter(({ service, port }) => grpcPortEvidence(set, service, port) !== undefined)
        .map(({ ingress }) => ingress),
    );
    for (const ingress of set.nginxIngresses) {
      const target = ingress.annotations[KEY];
      if (target === undefined) continue;
      const protocol = backendProtocolOf(ingress);
      if (!isGrpcProtocol(protocol) && !grpcIngresses.has(ingress)) continue;
      const why = isGrpcProtocol(protocol) ? `backend-protocol ${protocol}` : "a backend that is a gRPC port";
      reporter.report(
        ingress.document,
        jsonPath("metadata", "annotations", KEY),
        `${describeObject(ingress.document.object)} carries gRPC (${why}) and rewrites its paths to "${target}": nginx sends the rewritten URI as the gRPC :path, so /package.Service/Method no longer names the method.`,
      );
    }
  },
);
