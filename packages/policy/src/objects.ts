import { describeObject, type RenderedDocument } from "@grpc-gke/render";
import {
  asArray,
  asNumber,
  asRecord,
  asString,
  asStringMap,
  at,
  type JsonRecord,
  jsonPath,
  parseJson,
} from "./json.ts";

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
  /** undefined when the Service has no selector (its endpoints are managed elsewhere). */
  readonly selector: Readonly<Record<string, string>> | undefined;
  readonly ports: readonly ServicePort[];
  readonly annotations: Readonly<Record<string, string>>;
}

export interface ContainerPort {
  readonly name: string | undefined;
  readonly containerPort: number;
}

export interface Container {
  readonly name: string;
  /** Path of the container inside its workload object, e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
  readonly ports: readonly ContainerPort[];
  readonly spec: JsonRecord;
}

/** Anything that owns a pod template: Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, or a Pod. */
export interface Workload {
  readonly document: RenderedDocument;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podSpec: JsonRecord;
  /** Path segments of the pod spec, e.g. ["spec", "template", "spec"]. */
  readonly podSpecPath: readonly string[];
  /** Long-running containers: `containers` and native sidecars (`initContainers` with restartPolicy Always). */
  readonly containers: readonly Container[];
}

export interface BackendRef {
  readonly serviceName: string;
  readonly namespace: string | undefined;
  readonly portName: string | undefined;
  readonly portNumber: number | undefined;
  /** Path of the reference inside the Ingress or route. */
  readonly path: string;
}

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
}

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

export type Frontend = "ingress" | "gateway";

/** A Service port that a GKE load balancer sends traffic to. */
export interface RoutedPort {
  readonly frontend: Frontend;
  /** The Ingress or route that routes to it (the first one found). */
  readonly via: RenderedDocument;
  readonly service: Service;
  readonly port: ServicePort;
}

export interface AttachedConfig {
  /** The annotation the name came from. */
  readonly annotation: string;
  readonly name: string;
  readonly document: RenderedDocument | undefined;
}

export const APP_PROTOCOLS_KEYS = [
  "service.alpha.kubernetes.io/app-protocols",
  "cloud.google.com/app-protocols",
] as const;
export const BACKEND_CONFIG_KEYS = [
  "cloud.google.com/backend-config",
  "beta.cloud.google.com/backend-config",
] as const;
export const NEG_KEY = "cloud.google.com/neg";
export const INGRESS_CLASS_KEY = "kubernetes.io/ingress.class";
export const MANAGED_CERTIFICATES_KEY = "networking.gke.io/managed-certificates";
const GKE_GATEWAY_CONTROLLER = "networking.gke.io/gateway";

/** Objects in the same namespace; a missing namespace (helm's release namespace) matches any. */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

export function annotationsOf(document: RenderedDocument): Readonly<Record<string, string>> {
  return asStringMap(document.object.metadata?.annotations);
}

function nameOf(document: RenderedDocument): string {
  return document.object.metadata?.name ?? "";
}

/** The whole rendered set, indexed once, with the references GKE follows between objects resolved. */
export class ObjectSet {
  readonly documents: readonly RenderedDocument[];
  readonly services: readonly Service[];
  readonly workloads: readonly Workload[];
  readonly ingresses: readonly Ingress[];
  readonly gateways: readonly Gateway[];
  readonly routes: readonly Route[];
  readonly routedPorts: readonly RoutedPort[];

  constructor(documents: readonly RenderedDocument[]) {
    this.documents = documents;
    this.services = documents.filter((document) => isKind(document, "Service", "")).map(readService);
    this.workloads = documents.flatMap((document) => {
      const workload = readWorkload(document);
      return workload === undefined ? [] : [workload];
    });
    this.ingresses = documents
      .filter((document) => isKind(document, "Ingress", "networking.k8s.io", "extensions"))
      .map(readIngress);
    const gkeClasses = new Set(
      documents
        .filter((document) => isKind(document, "GatewayClass", "gateway.networking.k8s.io"))
        .filter((document) => at(document.object, "spec", "controllerName") === GKE_GATEWAY_CONTROLLER)
        .map(nameOf),
    );
    this.gateways = documents
      .filter((document) => isKind(document, "Gateway", "gateway.networking.k8s.io"))
      .map((document) => readGateway(document, gkeClasses));
    this.routes = documents
      .filter(
        (document) =>
          isKind(document, "HTTPRoute", "gateway.networking.k8s.io") ||
          isKind(document, "GRPCRoute", "gateway.networking.k8s.io"),
      )
      .map((document) => readRoute(document, this.gateways));
    this.routedPorts = this.resolveRoutedPorts();
  }

  /** Objects of a kind, optionally limited to API groups (`""` is the core group). */
  ofKind(kind: string, ...groups: readonly string[]): RenderedDocument[] {
    return this.documents.filter((document) => isKind(document, kind, ...groups));
  }

  find(
    kind: string,
    name: string,
    namespace: string | undefined,
    ...groups: readonly string[]
  ): RenderedDocument | undefined {
    return this.ofKind(kind, ...groups).find(
      (document) =>
        nameOf(document) === name && sameNamespace(document.object.metadata?.namespace, namespace),
    );
  }

  service(name: string, namespace: string | undefined): Service | undefined {
    return this.services.find(
      (service) => service.name === name && sameNamespace(service.namespace, namespace),
    );
  }

  /** Workloads whose pod template carries every label of the Service selector. */
  selectedWorkloads(service: Service): Workload[] {
    const selector = service.selector;
    if (selector === undefined || Object.keys(selector).length === 0) return [];
    return this.workloads.filter(
      (workload) =>
        sameNamespace(workload.namespace, service.namespace) &&
        Object.entries(selector).every(([key, value]) => workload.podLabels[key] === value),
    );
  }

  /** Services whose selector matches the workload's pod template. */
  servicesSelecting(workload: Workload): Service[] {
    return this.services.filter((service) => this.selectedWorkloads(service).includes(workload));
  }

  routedPortsOf(service: Service): RoutedPort[] {
    return this.routedPorts.filter((routed) => routed.service === service);
  }

  /** The BackendConfig a Service port gets, by the `cloud.google.com/backend-config` annotation. */
  backendConfigFor(service: Service, port: ServicePort): AttachedConfig | undefined {
    const annotation = backendConfigAnnotation(service);
    if (annotation === undefined || !annotation.ok) return undefined;
    const byName = port.name === undefined ? undefined : annotation.ports[port.name];
    const byNumber = port.port === undefined ? undefined : annotation.ports[String(port.port)];
    const name = byName ?? byNumber ?? annotation.default;
    if (name === undefined) return undefined;
    return {
      annotation: annotation.key,
      name,
      document: this.find("BackendConfig", name, service.namespace, "cloud.google.com"),
    };
  }

  /** A GKE Gateway policy (`GCPBackendPolicy`, `HealthCheckPolicy`) whose targetRef is the Service. */
  policyFor(kind: "GCPBackendPolicy" | "HealthCheckPolicy", service: Service): RenderedDocument | undefined {
    return this.ofKind(kind, "networking.gke.io").find((document) => {
      const target = asRecord(at(document.object, "spec", "targetRef"));
      return (
        target !== undefined &&
        (asString(target.kind) ?? "Service") === "Service" &&
        asString(target.name) === service.name &&
        sameNamespace(document.object.metadata?.namespace, service.namespace)
      );
    });
  }

  private resolveRoutedPorts(): RoutedPort[] {
    const routed: RoutedPort[] = [];
    const add = (frontend: Frontend, via: RenderedDocument, ref: BackendRef): void => {
      const service = this.service(ref.serviceName, ref.namespace ?? via.object.metadata?.namespace);
      if (service === undefined) return;
      const port = findServicePort(service, ref);
      if (port === undefined) return;
      if (
        routed.some(
          (entry) => entry.frontend === frontend && entry.service === service && entry.port === port,
        )
      )
        return;
      routed.push({ frontend, via, service, port });
    };
    for (const ingress of this.ingresses) {
      if (!ingress.gce) continue;
      for (const ref of ingress.backends) add("ingress", ingress.document, ref);
    }
    for (const route of this.routes) {
      if (route.kind !== "HTTPRoute" || !route.gateways.some((gateway) => gateway.gke)) continue;
      for (const ref of route.backends) add("gateway", route.document, ref);
    }
    return routed;
  }
}

/** The Service port an Ingress or route backend names: by port name, else by port number. */
export function findServicePort(service: Service, ref: BackendRef): ServicePort | undefined {
  if (ref.portName !== undefined) return service.ports.find((port) => port.name === ref.portName);
  if (ref.portNumber !== undefined) return service.ports.find((port) => port.port === ref.portNumber);
  return service.ports.length === 1 ? service.ports[0] : undefined;
}

/** The container and container port a Service targetPort lands on, in one workload. */
export function resolveTargetPort(
  workload: Workload,
  targetPort: string | number | undefined,
): { readonly container: Container; readonly port: ContainerPort } | undefined {
  if (targetPort === undefined) return undefined;
  for (const container of workload.containers) {
    const port = container.ports.find((candidate) =>
      typeof targetPort === "number" ? candidate.containerPort === targetPort : candidate.name === targetPort,
    );
    if (port !== undefined) return { container, port };
  }
  return undefined;
}

/** A probe's or health check's port (name or number) as a number, via the container's declared ports. */
export function portNumber(container: Container, port: unknown): number | undefined {
  const number = asNumber(port);
  if (number !== undefined) return number;
  const name = asString(port);
  return container.ports.find((candidate) => candidate.name === name)?.containerPort;
}

export type AnnotationParse<T> =
  | ({ readonly ok: true; readonly key: string } & T)
  | { readonly ok: false; readonly key: string; readonly error: string };

/** `cloud.google.com/app-protocols` (the legacy alpha key is read first, as ingress-gce does). */
export function appProtocolsAnnotation(
  service: Service,
): AnnotationParse<{ readonly protocols: Readonly<Record<string, string>> }> | undefined {
  const key = APP_PROTOCOLS_KEYS.find((candidate) => service.annotations[candidate] !== undefined);
  if (key === undefined) return undefined;
  const parsed = parseJson(service.annotations[key]);
  if (parsed === undefined) return undefined;
  if (!parsed.ok) return { ok: false, key, error: `is not JSON (${parsed.error})` };
  const record = asRecord(parsed.value);
  if (record === undefined)
    return { ok: false, key, error: "must be a JSON object of port name to protocol" };
  const protocols: Record<string, string> = {};
  for (const [portName, protocol] of Object.entries(record)) protocols[portName] = String(protocol);
  return { ok: true, key, protocols };
}

/** `cloud.google.com/backend-config` (GA key wins over the beta key). */
export function backendConfigAnnotation(service: Service):
  | AnnotationParse<{
      readonly default: string | undefined;
      readonly ports: Readonly<Record<string, string>>;
    }>
  | undefined {
  const key = BACKEND_CONFIG_KEYS.find((candidate) => service.annotations[candidate] !== undefined);
  if (key === undefined) return undefined;
  const parsed = parseJson(service.annotations[key]);
  if (parsed === undefined) return undefined;
  if (!parsed.ok) return { ok: false, key, error: `is not JSON (${parsed.error})` };
  const record = asRecord(parsed.value);
  if (record === undefined) return { ok: false, key, error: 'must be a JSON object like {"default":"name"}' };
  return {
    ok: true,
    key,
    default: asString(record.default),
    ports: asStringMap(record.ports),
  };
}

/** `cloud.google.com/neg`: whether the Service asks for NEGs for Ingress. */
export function negAnnotation(service: Service): AnnotationParse<{ readonly ingress: boolean }> | undefined {
  const parsed = parseJson(service.annotations[NEG_KEY]);
  if (parsed === undefined) return undefined;
  if (!parsed.ok) return { ok: false, key: NEG_KEY, error: `is not JSON (${parsed.error})` };
  const record = asRecord(parsed.value);
  if (record === undefined)
    return { ok: false, key: NEG_KEY, error: 'must be a JSON object like {"ingress":true}' };
  return { ok: true, key: NEG_KEY, ingress: record.ingress === true };
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

function apiGroup(document: RenderedDocument): string {
  const apiVersion = document.object.apiVersion;
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

function isKind(document: RenderedDocument, kind: string, ...groups: readonly string[]): boolean {
  return document.object.kind === kind && (groups.length === 0 || groups.includes(apiGroup(document)));
}

function readService(document: RenderedDocument): Service {
  const spec = asRecord(at(document.object, "spec")) ?? {};
  const selector = asRecord(spec.selector);
  return {
    document,
    name: nameOf(document),
    namespace: document.object.metadata?.namespace,
    type: asString(spec.type) ?? "ClusterIP",
    selector: selector === undefined ? undefined : asStringMap(selector),
    annotations: annotationsOf(document),
    ports: asArray(spec.ports).map((entry, index): ServicePort => {
      const port = asRecord(entry) ?? {};
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

const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  ReplicationController: ["spec", "template"],
  Job: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"],
  Pod: [],
};

function readWorkload(document: RenderedDocument): Workload | undefined {
  const templatePath = POD_TEMPLATE_PATHS[document.object.kind];
  if (templatePath === undefined) return undefined;
  const template = templatePath.length === 0 ? document.object : at(document.object, ...templatePath);
  const podSpec = asRecord(at(template, "spec"));
  if (podSpec === undefined) return undefined;
  const podSpecPath = [...templatePath, "spec"];
  const containers: Container[] = [];
  for (const field of ["containers", "initContainers"] as const) {
    asArray(podSpec[field]).forEach((entry, index) => {
      const spec = asRecord(entry);
      if (spec === undefined) return;
      if (field === "initContainers" && spec.restartPolicy !== "Always") return;
      containers.push({
        name: asString(spec.name) ?? `#${index}`,
        path: jsonPath(...podSpecPath, field, index),
        spec,
        ports: asArray(spec.ports).flatMap((portEntry) => {
          const containerPort = asNumber(at(portEntry, "containerPort"));
          return containerPort === undefined
            ? []
            : [{ name: asString(at(portEntry, "name")), containerPort }];
        }),
      });
    });
  }
  return {
    document,
    name: nameOf(document),
    namespace: document.object.metadata?.namespace,
    podLabels: asStringMap(at(template, "metadata", "labels")),
    podSpec,
    podSpecPath,
    containers,
  };
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

function readIngressBackend(value: unknown, path: readonly (string | number)[]): BackendRef | undefined {
  const backend = asRecord(value);
  if (backend === undefined) return undefined;
  const service = asRecord(backend.service);
  if (service !== undefined) {
    const name = asString(service.name);
    if (name === undefined) return undefined;
    return {
      serviceName: name,
      namespace: undefined,
      portName: asString(at(service, "port", "name")),
      portNumber: asNumber(at(service, "port", "number")),
      path: jsonPath(...path, "service"),
    };
  }
  // extensions/v1beta1 and networking.k8s.io/v1beta1: serviceName + servicePort (name or number).
  const legacyName = asString(backend.serviceName);
  if (legacyName === undefined) return undefined;
  const legacyPort = backend.servicePort;
  return {
    serviceName: legacyName,
    namespace: undefined,
    portName: typeof legacyPort === "string" && asNumber(legacyPort) === undefined ? legacyPort : undefined,
    portNumber: asNumber(legacyPort),
    path: jsonPath(...path),
  };
}

function readIngress(document: RenderedDocument): Ingress {
  const spec = asRecord(at(document.object, "spec")) ?? {};
  const annotations = annotationsOf(document);
  const backends: BackendRef[] = [];
  const defaultField = spec.defaultBackend !== undefined ? "defaultBackend" : "backend";
  const defaultBackend = readIngressBackend(spec[defaultField], ["spec", defaultField]);
  if (defaultBackend !== undefined) backends.push(defaultBackend);
  const hosts: string[] = [];
  asArray(spec.rules).forEach((rule, ruleIndex) => {
    const host = asString(at(rule, "host"));
    if (host !== undefined && host !== "") hosts.push(host);
    asArray(at(rule, "http", "paths")).forEach((path, pathIndex) => {
      const ref = readIngressBackend(at(path, "backend"), [
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
  return {
    document,
    name: nameOf(document),
    namespace: document.object.metadata?.namespace,
    annotations,
    gce: isGceClass(annotations, spec.ingressClassName),
    backends,
    hosts,
    hasDefaultBackend: defaultBackend !== undefined,
  };
}

function readGateway(document: RenderedDocument, gkeClasses: ReadonlySet<string>): Gateway {
  const className = asString(at(document.object, "spec", "gatewayClassName"));
  return {
    document,
    name: nameOf(document),
    namespace: document.object.metadata?.namespace,
    className,
    gke: className !== undefined && (className.startsWith("gke-l7-") || gkeClasses.has(className)),
  };
}

function readRoute(document: RenderedDocument, gateways: readonly Gateway[]): Route {
  const namespace = document.object.metadata?.namespace;
  const parents = asArray(at(document.object, "spec", "parentRefs")).flatMap((entry) => {
    const parent = asRecord(entry);
    if (parent === undefined || (asString(parent.kind) ?? "Gateway") !== "Gateway") return [];
    const name = asString(parent.name);
    const parentNamespace = asString(parent.namespace) ?? namespace;
    return gateways.filter(
      (gateway) => gateway.name === name && sameNamespace(gateway.namespace, parentNamespace),
    );
  });
  const backends: BackendRef[] = [];
  asArray(at(document.object, "spec", "rules")).forEach((rule, ruleIndex) => {
    asArray(at(rule, "backendRefs")).forEach((entry, refIndex) => {
      const ref = asRecord(entry);
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

export { describeObject };
