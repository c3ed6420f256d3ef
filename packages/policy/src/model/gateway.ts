import { jsonPath, type RenderedDocument } from "@grpc-gke/manifest";
import type { IGatewayClassSpec } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GatewayClassSpec";
import type { IGatewaySpec } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GatewaySpec";
import type { IHTTPRouteSpec } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRouteSpec";
import { nameOf, namespaceOf, sameNamespace } from "./object.ts";
import { asNumber, asString, entries, readAs } from "./read.ts";
import type { BackendRef } from "./services.ts";

/** The controller of GKE's own GatewayClasses; `gke-l7-*` class names are GKE's too. */
export const GKE_GATEWAY_CONTROLLER = "networking.gke.io/gateway";

export interface Gateway {
  readonly document: RenderedDocument;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly className: string | undefined;
  /** Served by the GKE Gateway controller (`gke-l7-*` classes). */
  readonly gke: boolean;
}

/** An HTTPRoute or GRPCRoute. */
export interface Route {
  readonly document: RenderedDocument;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  /** Parent Gateways found in the set. */
  readonly gateways: readonly Gateway[];
  readonly backends: readonly BackendRef[];
}

/** Whether a GatewayClass is GKE's, by its controller. */
export function isGkeGatewayClass(document: RenderedDocument): boolean {
  return readAs<IGatewayClassSpec>(document.object.spec)?.controllerName === GKE_GATEWAY_CONTROLLER;
}

export function readGateway(document: RenderedDocument, gkeClasses: ReadonlySet<string>): Gateway {
  const className = asString(readAs<IGatewaySpec>(document.object.spec)?.gatewayClassName);
  return {
    document,
    name: nameOf(document),
    namespace: namespaceOf(document),
    className,
    gke: className !== undefined && (className.startsWith("gke-l7-") || gkeClasses.has(className)),
  };
}

/**
 * A route with its parent Gateways (looked up by name among `gatewaysNamed`) and its Service backends.
 * HTTPRoute and GRPCRoute share these fields (parentRefs, rules[].backendRefs[]), read with HTTPRoute's types.
 */
export function readRoute(
  document: RenderedDocument,
  gatewaysNamed: (name: string | undefined) => readonly Gateway[],
): Route {
  const namespace = namespaceOf(document);
  const spec = readAs<IHTTPRouteSpec>(document.object.spec);
  const parents = entries(spec, "parentRefs").flatMap((parent) => {
    if (parent === undefined || (asString(parent.kind) ?? "Gateway") !== "Gateway") return [];
    const parentNamespace = asString(parent.namespace) ?? namespace;
    return gatewaysNamed(asString(parent.name)).filter((gateway) =>
      sameNamespace(gateway.namespace, parentNamespace),
    );
  });
  const backends: BackendRef[] = [];
  entries(spec, "rules").forEach((rule, ruleIndex) => {
    entries(rule, "backendRefs").forEach((ref, refIndex) => {
      if (ref === undefined) return;
      const kind = asString(ref.kind) ?? "Service";
      const group = asString(ref.group) ?? "";
      const name = asString(ref.name);
      if (kind !== "Service" || group !== "" || name === undefined) return;
      backends.push({
        serviceName: name,
        namespace: asString(ref.namespace) ?? namespace,
        portName: undefined,
        portNumber: asNumber(ref.port),
        path: jsonPath("spec", "rules", ruleIndex, "backendRefs", refIndex),
      });
    });
  });
  return {
    document,
    kind: document.object.kind,
    name: nameOf(document),
    namespace,
    gateways: parents,
    backends,
  };
}
