import { jsonPath, type RenderedDocument } from "@grpc-gke/manifest";
import type { IServiceSpec } from "kubernetes-models/v1/ServiceSpec";
import { annotationsOf, nameOf, namespaceOf } from "./object.ts";
import { asNumber, asRecord, asString, asStringMap, entries, readAs } from "./read.ts";

/** Service port fields the rules read; `targetPort` already defaulted to `port` as Kubernetes does. */
export interface ServicePort {
  readonly index: number;
  readonly name: string | undefined;
  readonly port: number | undefined;
  readonly targetPort: string | number | undefined;
  readonly appProtocol: string | undefined;
  readonly path: string;
}

export interface Service {
  readonly document: RenderedDocument;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly type: string;
  /**
   * `clusterIP: None`: no virtual IP, so kube-proxy is not in the path and the Service's DNS name returns every
   * ready pod (https://kubernetes.io/docs/concepts/services-networking/service/#headless-services).
   */
  readonly headless: boolean;
  /** `spec.publishNotReadyAddresses` (default false). */
  readonly publishNotReadyAddresses: boolean;
  /** undefined when the Service has no selector (its endpoints are managed elsewhere). */
  readonly selector: Readonly<Record<string, string>> | undefined;
  readonly ports: readonly ServicePort[];
  readonly annotations: Readonly<Record<string, string>>;
}

/** A reference to a Service port from an Ingress or a route: by port name or number. */
export interface BackendRef {
  readonly serviceName: string;
  readonly namespace: string | undefined;
  readonly portName: string | undefined;
  readonly portNumber: number | undefined;
  /** Path of the reference inside the Ingress or route. */
  readonly path: string;
}

export function readService(document: RenderedDocument): Service {
  const spec = readAs<IServiceSpec>(document.object.spec) ?? {};
  const selector = asRecord(spec.selector);
  return {
    document,
    name: nameOf(document),
    namespace: namespaceOf(document),
    type: asString(spec.type) ?? "ClusterIP",
    headless: asString(spec.clusterIP) === "None",
    publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
    selector: selector === undefined ? undefined : asStringMap(selector),
    annotations: annotationsOf(document),
    ports: entries(spec, "ports").map((entry, index): ServicePort => {
      const port = entry ?? {};
      const number = asNumber(port.port);
      const target = port.targetPort;
      return {
        index,
        name: asString(port.name),
        port: number,
        targetPort: typeof target === "string" ? target : (asNumber(target) ?? number),
        appProtocol: asString(port.appProtocol),
        path: jsonPath("spec", "ports", index),
      };
    }),
  };
}

/** The Service port an Ingress or route backend names: by port name, else by port number. */
export function findServicePort(service: Service, ref: BackendRef): ServicePort | undefined {
  if (ref.portName !== undefined) return service.ports.find((port) => port.name === ref.portName);
  if (ref.portNumber !== undefined) return service.ports.find((port) => port.port === ref.portNumber);
  return service.ports.length === 1 ? service.ports[0] : undefined;
}
