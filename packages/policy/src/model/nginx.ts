/**
 * ingress-nginx (kubernetes/ingress-nginx): which Ingresses it serves and the annotations it reads (what a Service port
 * behind it speaks is model/grpc.ts's). The NGINX-* rules read these through ObjectSet (`nginxIngresses`,
 * `nginxBackends`).
 */
import { FACTS } from "@grpc-gke/facts";
import type { RenderedDocument } from "@grpc-gke/manifest";
import type { IIngressClass } from "kubernetes-models/networking.k8s.io/v1/IngressClass";
import type { Ingress } from "./ingress.ts";
import { nameOf } from "./object.ts";
import { asString, field, readAs } from "./read.ts";
import type { BackendRef, Service, ServicePort } from "./services.ts";

/** The prefix of the annotations ingress-nginx reads (`nginx.ingress.kubernetes.io/`). */
export const NGINX_PREFIX = FACTS.nginx.annotationPrefix;
/** The prefix of F5 NGINX Ingress Controller's annotations, which ingress-nginx never reads. */
export const NGINX_ORG_PREFIX = "nginx.org/";

/** An ingress-nginx annotation key: `nginxAnnotation("backend-protocol")`. */
export function nginxAnnotation(name: string): string {
  return `${NGINX_PREFIX}${name}`;
}

/** `spec.controller` of an IngressClass. */
export function ingressClassController(document: RenderedDocument): string | undefined {
  return asString(field(readAs<IIngressClass>(document.object), "spec")?.controller);
}

/**
 * Whether ingress-nginx serves an Ingress. The controller serves the class whose IngressClass names its controller
 * (`k8s.io/ingress-nginx`), or the legacy annotation `kubernetes.io/ingress.class: nginx`
 * (kubernetes/ingress-nginx internal/ingress/controller/ingressclass/ingressclass.go). A set rarely carries the
 * IngressClass, so without one: the class its chart creates, `nginx` (unless the Ingress carries only `nginx.org/*`
 * annotations: F5's controller's chart names its class `nginx` too), or any class with ingress-nginx annotations.
 * GKE Ingresses (`isGceClass`) never are.
 */
export function isIngressNginx(
  ingress: Ingress,
  controllers: ReadonlyMap<string, string | undefined>,
): boolean {
  if (ingress.gce) return false;
  const keys = Object.keys(ingress.annotations);
  const ownAnnotations = keys.some((key) => key.startsWith(NGINX_PREFIX));
  const className = ingress.className;
  if (className !== undefined && controllers.has(className)) {
    return controllers.get(className) === FACTS.nginx.controller;
  }
  if (className === FACTS.nginx.defaultClassName) {
    return ownAnnotations || !keys.some((key) => key.startsWith(NGINX_ORG_PREFIX));
  }
  return ownAnnotations;
}

/** The IngressClass controllers of a set, by class name. */
export function ingressClassControllers(
  documents: readonly RenderedDocument[],
): ReadonlyMap<string, string | undefined> {
  return new Map(documents.map((document) => [nameOf(document), ingressClassController(document)]));
}

/** The backend protocol ingress-nginx uses for an Ingress (its annotation, `HTTP` when absent), as written. */
export function backendProtocolOf(ingress: Ingress): string {
  return ingress.annotations[nginxAnnotation("backend-protocol")]?.trim() ?? "HTTP";
}

/**
 * Whether a backend protocol makes ingress-nginx proxy with `grpc_pass`: GRPC or GRPCS in any case, as
 * `buildProxyPass` upper-cases it (kubernetes/ingress-nginx internal/ingress/controller/template/template.go).
 */
export function isGrpcProtocol(protocol: string): boolean {
  const upper = protocol.toUpperCase();
  return upper === "GRPC" || upper === "GRPCS";
}

/** A Service port an ingress-nginx Ingress routes to. */
export interface NginxBackend {
  readonly ingress: Ingress;
  readonly ref: BackendRef;
  readonly service: Service;
  readonly port: ServicePort;
}
