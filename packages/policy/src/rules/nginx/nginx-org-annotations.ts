import { describeObject, jsonPath } from "@grpc-gke/manifest";
import { NGINX_ORG_PREFIX } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

/**
 * `nginx.org/*` annotations are F5 NGINX Ingress Controller's (nginx.org/grpc-services, websocket-services,
 * proxy-read-timeout, ...); ingress-nginx reads only `nginx.ingress.kubernetes.io/*`
 * (kubernetes/ingress-nginx internal/ingress/annotations/parser/main.go, AnnotationsPrefix), so on an Ingress it
 * serves they are silently ignored. Only Ingresses the model attributes to ingress-nginx are checked (see
 * isIngressNginx): an Ingress of class `nginx` that carries nothing but `nginx.org/*` annotations is taken for F5's.
 */
export const nginxOrgAnnotations = defineRule(
  {
    id: "NGINX-ORG-ANNOTATIONS",
    title: "nginx.org/* annotations on an Ingress ingress-nginx serves",
    why:
      "nginx.org/* annotations belong to F5's NGINX Ingress Controller, another controller that also calls its class " +
      "nginx; ingress-nginx ignores them, so what they ask for (gRPC or websocket services, timeouts, body size) " +
      "silently does not happen. ingress-nginx needs no annotation for websockets and uses " +
      "nginx.ingress.kubernetes.io/backend-protocol for gRPC.",
    fix:
      "Replace each with its nginx.ingress.kubernetes.io/ counterpart (backend-protocol: GRPC or GRPCS instead of " +
      "grpc-services, proxy-read-timeout/proxy-send-timeout instead of websocket-services), or drop it.",
    link: "https://github.com/kubernetes/ingress-nginx/blob/main/docs/user-guide/nginx-configuration/annotations.md",
  },
  (set, reporter) => {
    for (const ingress of set.nginxIngresses) {
      for (const key of Object.keys(ingress.annotations).sort()) {
        if (!key.startsWith(NGINX_ORG_PREFIX)) continue;
        reporter.report(
          ingress.document,
          jsonPath("metadata", "annotations", key),
          `${describeObject(ingress.document.object)} is served by ingress-nginx (class ${ingress.className ?? "none"}), which ignores ${key}: it is an annotation of F5's NGINX Ingress Controller.`,
        );
      }
    }
  },
);
