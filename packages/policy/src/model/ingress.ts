import { jsonPath, type PathSegment, type RenderedDocument } from "@grpc-gke/manifest";
import type { IIngressBackend } from "kubernetes-models/networking.k8s.io/v1/IngressBackend";
import type { IIngressSpec } from "kubernetes-models/networking.k8s.io/v1/IngressSpec";
import { INGRESS_CLASS_KEY } from "./annotations.ts";
import { annotationsOf, nameOf, namespaceOf } from "./object.ts";
import { asArray, asNumber, asRecord, asString, entries, field, readAs } from "./read.ts";
import type { BackendRef } from "./services.ts";

export interface Ingress {
  readonly document: RenderedDocument;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly annotations: Readonly<Record<string, string>>;
  /** Served by ingress-gce (GKE Ingress), following `IsGCEIngress`. */
  readonly gce: boolean;
  readonly backends: readonly BackendRef[];
  readonly hosts: readonly string[];
  readonly hasDefaultBackend: boolean;
  /** `spec.ingressClassName`, else the legacy `kubernetes.io/ingress.class` annotation. */
  readonly className: string | undefined;
  /** The host rules, with where each is (`spec.rules[0]`); a rule without a host is left out. */
  readonly rules: readonly IngressRule[];
  /** `spec.tls` entries. */
  readonly tls: readonly IngressTls[];
}

export interface IngressRule {
  readonly host: string;
  readonly path: string;
}

export interface IngressTls {
  readonly hosts: readonly { readonly host: string; readonly path: string }[];
  readonly secretName: string | undefined;
  readonly path: string;
}

/**
 * ingress-gce's `IsGCEIngress`: the class annotation decides (`gce`, `gce-internal`, ...); without it, an Ingress
 * is GKE's only when it has no `spec.ingressClassName` either, because ingress-gce ignores that field.
 */
export function isGceClass(
  annotations: Readonly<Record<string, string>>,
  ingressClassName: unknown,
): boolean {
  const annotationClass = annotations[INGRESS_CLASS_KEY];
  if (annotationClass !== undefined && annotationClass !== "") return annotationClass.startsWith("gce");
  return ingressClassName === undefined || ingressClassName === null;
}

function readIngressBackend(value: unknown, path: readonly PathSegment[]): BackendRef | undefined {
  const backend = readAs<IIngressBackend>(value);
  if (backend === undefined) return undefined;
  const service = field(backend, "service");
  if (service !== undefined) {
    const name = asString(service.name);
    if (name === undefined) return undefined;
    const port = field(service, "port");
    return {
      serviceName: name,
      namespace: undefined,
      portName: asString(port?.name),
      portNumber: asNumber(port?.number),
      path: jsonPath(...path, "service"),
    };
  }
  // extensions/v1beta1 and networking.k8s.io/v1beta1 (not in the v1 types): serviceName + servicePort.
  const legacy = asRecord(value) ?? {};
  const legacyName = asString(legacy.serviceName);
  if (legacyName === undefined) return undefined;
  const legacyPort = legacy.servicePort;
  return {
    serviceName: legacyName,
    namespace: undefined,
    portName: typeof legacyPort === "string" && asNumber(legacyPort) === undefined ? legacyPort : undefined,
    portNumber: asNumber(legacyPort),
    path: jsonPath(...path),
  };
}

export function readIngress(document: RenderedDocument): Ingress {
  const spec = readAs<IIngressSpec>(document.object.spec) ?? {};
  const annotations = annotationsOf(document);
  const backends: BackendRef[] = [];
  // `backend` is the v1beta1 name of `defaultBackend`.
  const defaultField = spec.defaultBackend !== undefined ? "defaultBackend" : "backend";
  const defaultBackend = readIngressBackend(asRecord(spec)?.[defaultField], ["spec", defaultField]);
  if (defaultBackend !== undefined) backends.push(defaultBackend);
  const hosts: string[] = [];
  const rules: IngressRule[] = [];
  entries(spec, "rules").forEach((rule, ruleIndex) => {
    const host = asString(rule?.host);
    if (host !== undefined && host !== "") {
      hosts.push(host);
      rules.push({ host, path: jsonPath("spec", "rules", ruleIndex) });
    }
    entries(field(rule, "http"), "paths").forEach((path, pathIndex) => {
      const ref = readIngressBackend(path?.backend, [
        "spec",
        "rules",
        ruleIndex,
        "http",
        "paths",
        pathIndex,
        "backend",
      ]);
      if (ref !== undefined) backends.push(ref);
    });
  });
  const tls = entries(spec, "tls").map((entry, tlsIndex): IngressTls => {
    const path = jsonPath("spec", "tls", tlsIndex);
    return {
      hosts: asArray(entry?.hosts).flatMap((host, hostIndex) => {
        const name = asString(host);
        return name === undefined
          ? []
          : [{ host: name, path: jsonPath("spec", "tls", tlsIndex, "hosts", hostIndex) }];
      }),
      secretName: asString(entry?.secretName),
      path,
    };
  });
  return {
    document,
    name: nameOf(document),
    namespace: namespaceOf(document),
    annotations,
    gce: isGceClass(annotations, spec.ingressClassName),
    backends,
    hosts,
    hasDefaultBackend: defaultBackend !== undefined,
    className: asString(spec.ingressClassName) ?? annotations[INGRESS_CLASS_KEY],
    rules,
    tls,
  };
}
