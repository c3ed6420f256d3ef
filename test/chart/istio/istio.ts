/**
 * Typed accessors for the Istio objects of frontend=istio (networking.istio.io/v1), read through the pinned
 * @kubernetes-models/istio types the strict schemas come from. Istio's `Gateway` shares its kind with the Gateway API's,
 * so these look objects up by apiVersion too. The values every Istio render needs to pass the guards are here.
 */
import type { RenderedDocument } from "@grpc-gke/manifest";
import type { IDestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import type { IGateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import type { IVirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import type { Values } from "../../support/chart.ts";
import { listObjects } from "../support.ts";

export const ISTIO_API = "networking.istio.io/v1";
export const HOST = "api.example.com";
/** The Service's fully qualified name, as the VirtualService and DestinationRule name it. */
export const SERVICE_HOST = "gunstars-grpc-gke.games.svc.cluster.local";

/** One host and its TLS Secret: what every render with frontend=istio needs to pass the guards. */
export const MINIMAL = { hosts: [HOST], gateway: { credentialName: "api-example-com-tls" } };

/** Render options for frontend=istio: `istio` over MINIMAL (maps merge one level), then the other values. */
export function istio(own: Values = {}, values: Values = {}): { readonly values: Values } {
  const gateway = { ...MINIMAL.gateway, ...((own.gateway as Values | undefined) ?? {}) };
  return { values: { ...values, frontend: "istio", istio: { ...MINIMAL, ...own, gateway } } };
}

/** ESP on, with a service name and the cleartext grpc port it needs. */
export function esp(own: Values = {}, values: Values = {}): { readonly values: Values } {
  return istio(
    { esp: { enabled: true, service: "grpc-api.endpoints.example.cloud.goog", ...own } },
    { backendTLS: { mode: "disabled" }, ...values },
  );
}

interface IstioKinds {
  Gateway: IGateway & { readonly spec: NonNullable<IGateway["spec"]> };
  VirtualService: IVirtualService & { readonly spec: NonNullable<IVirtualService["spec"]> };
  DestinationRule: IDestinationRule & { readonly spec: NonNullable<IDestinationRule["spec"]> };
}

/** Every Istio object of that kind. */
export function findAllIstio<K extends keyof IstioKinds>(
  documents: readonly RenderedDocument[],
  kind: K,
): IstioKinds[K][] {
  return documents
    .filter(({ object }) => object.kind === kind && object.apiVersion === ISTIO_API)
    .map(({ object }) => object as unknown as IstioKinds[K]);
}

/** The one Istio object of that kind; throws, naming what was rendered, when there is none or several. */
export function findIstio<K extends keyof IstioKinds>(
  documents: readonly RenderedDocument[],
  kind: K,
): IstioKinds[K] {
  const found = findAllIstio(documents, kind);
  const [only] = found;
  if (only === undefined || found.length > 1)
    throw new Error(
      `expected one ${ISTIO_API} ${kind}, found ${found.length} in: ${listObjects(documents).join(", ")}`,
    );
  return only;
}

/** The template an Istio object of that kind came from, e.g. `grpc-gke/templates/istio/gateway.yaml`. */
export function istioSource(
  documents: readonly RenderedDocument[],
  kind: keyof IstioKinds,
): string | undefined {
  return documents.find(({ object }) => object.kind === kind && object.apiVersion === ISTIO_API)?.source;
}
