/** Rules for ingress-nginx (kubernetes/ingress-nginx, retired in March 2026): gRPC and streams behind it. */
import type { Rule } from "../../rule.ts";
import { nginxGrpcBackendProtocol } from "./nginx-grpc-backend-protocol.ts";
import { nginxGrpcRewrite } from "./nginx-grpc-rewrite.ts";
import { nginxGrpcTls } from "./nginx-grpc-tls.ts";
import { nginxOrgAnnotations } from "./nginx-org-annotations.ts";
import { nginxStreamTimeout } from "./nginx-stream-timeout.ts";
import { nginxTlsHosts } from "./nginx-tls-hosts.ts";

export const nginxRules: readonly Rule[] = [
  nginxGrpcBackendProtocol,
  nginxGrpcTls,
  nginxStreamTimeout,
  nginxGrpcRewrite,
  nginxOrgAnnotations,
  nginxTlsHosts,
];
