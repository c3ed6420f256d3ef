import type { RenderedDocument } from "@grpc-gke/manifest";
import { appProtocolsAnnotation } from "./annotations.ts";
import type { Service, ServicePort } from "./services.ts";

/** The Google load-balancer frontends the rules know: GKE Ingress (ingress-gce) and GKE Gateway. */
export type Frontend = "ingress" | "gateway";

/** A Service port that a GKE load balancer sends traffic to. */
export interface RoutedPort {
  readonly frontend: Frontend;
  /** The Ingress or route that routes to it (the first one found). */
  readonly via: RenderedDocument;
  readonly service: Service;
  readonly port: ServicePort;
}

/** A load-balancer config attached to a Service by name (BackendConfig through its annotation). */
export interface AttachedConfig {
  /** The annotation the name came from. */
  readonly annotation: string;
  readonly name: string;
  readonly document: RenderedDocument | undefined;
}

/**
 * The protocol a GKE load balancer uses to a Service port: Ingress reads the app-protocols annotation by port
 * name (falling back to `appProtocol`, which the hosted controller may honour); Gateway reads only `appProtocol`.
 */
export function backendProtocol(service: Service, port: ServicePort, frontend: Frontend): string | undefined {
  if (frontend === "gateway") return port.appProtocol;
  const annotation = appProtocolsAnnotation(service);
  const fromAnnotation =
    annotation?.ok === true && port.name !== undefined ? annotation.protocols[port.name] : undefined;
  return fromAnnotation ?? port.appProtocol;
}
