/**
 * What the e2e tests read from a rendered stack: the Deployment's pod (the container serving the `grpc` port,
 * its env, ports, probes, volumes, preStop, grace period), the Service, the TLS Secret or what issues it, the
 * BackendConfig and the `helm test` pod. Everything the tests do is derived from these objects.
 */
import type { KubeObject, RenderedDocument } from "@grpc-gke/manifest";

/** A value read from a rendered object that the e2e cannot work with. */
export class StackError extends Error {
  override readonly name = "StackError";
}

type Json = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function record(value: unknown): Json | undefined {
  return isRecord(value) ? value : undefined;
}
function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = record(current)?.[key];
  return current;
}

export interface ContainerPort {
  readonly name: string | undefined;
  readonly containerPort: number;
}

export type Probe =
  | {
      readonly handler: "httpGet";
      readonly path: string;
      readonly port: number | string;
      readonly scheme: "HTTP" | "HTTPS";
    }
  | { readonly handler: "grpc"; readonly port: number; readonly service: string | undefined }
  | { readonly handler: "tcpSocket"; readonly port: number | string }
  | { readonly handler: "exec"; readonly command: readonly string[] };

export interface ProbeSpec {
  readonly probe: Probe;
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

export type PreStop =
  | { readonly kind: "sleep"; readonly seconds: number }
  | { readonly kind: "exec"; readonly command: readonly string[] }
  | { readonly kind: "httpGet"; readonly path: string; readonly port: number | string };

export interface EnvEntry {
  readonly name: string;
  /** The literal `value`; undefined for `valueFrom` (not resolved: the e2e has no cluster). */
  readonly value: string | undefined;
}

export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly subPath: string | undefined;
  readonly readOnly: boolean;
}

export interface Volume {
  readonly name: string;
  readonly secret:
    | {
        readonly secretName: string;
        readonly defaultMode: number | undefined;
        readonly items:
          | readonly { readonly key: string; readonly path: string; readonly mode: number | undefined }[]
          | undefined;
      }
    | undefined;
  /** `emptyDir`, `configMap`, ...: the volume's type, for volumes other than Secrets. */
  readonly type: string;
}

/**
 * The load balancer's health check, from the BackendConfig (GKE Ingress: `spec.healthCheck`) or the
 * HealthCheckPolicy (GKE Gateway: `spec.default.config`).
 */
export interface LoadBalancerHealthCheck {
  readonly source: "BackendConfig" | "HealthCheckPolicy";
  /** HTTP, HTTPS, HTTP2 or GRPC. */
  readonly type: string;
  /** A fixed port; undefined for the serving port (the container port behind the Service's grpc port). */
  readonly port: number | undefined;
  readonly requestPath: string;
  readonly grpcServiceName: string;
  readonly timeoutSec: number | undefined;
}

/** The rendered stack, as the e2e reads it. */
export interface Stack {
  readonly documents: readonly RenderedDocument[];
  /** Values the e2e added to the variant's to run it here, and why (shown with the results). */
  readonly renderNotes: readonly string[];
  readonly namespace: string;
  readonly deployment: KubeObject;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly replicas: number | undefined;
  readonly maxSurge: number | string | undefined;
  readonly maxUnavailable: number | string | undefined;
  readonly minReadySeconds: number;
  readonly terminationGracePeriodSeconds: number;
  /** The container serving the port named `grpc`. */
  readonly container: {
    readonly name: string;
    readonly image: string | undefined;
    readonly command: readonly string[] | undefined;
    readonly args: readonly string[] | undefined;
    readonly env: readonly EnvEntry[];
    readonly envFrom: readonly string[];
    readonly ports: readonly ContainerPort[];
    readonly startupProbe: ProbeSpec | undefined;
    readonly readinessProbe: ProbeSpec | undefined;
    readonly livenessProbe: ProbeSpec | undefined;
    readonly preStop: PreStop | undefined;
    readonly volumeMounts: readonly VolumeMount[];
  };
  /** Names of the pod's other containers (sidecars) and init containers, which the e2e does not run. */
  readonly otherContainers: readonly string[];
  readonly volumes: readonly Volume[];
  readonly service: KubeObject | undefined;
  readonly loadBalancerHealthCheck: LoadBalancerHealthCheck | undefined;
  /** The `helm test` pod's container args (grpc-health-probe flags). */
  readonly testPodArgs: readonly string[] | undefined;
  /** What the rendered PodMonitoring / ServiceMonitor scrape: the port (name or number) and path, per monitor. */
  readonly scrapes: readonly MetricsScrape[];
}

export interface MetricsScrape {
  /** `PodMonitoring/<name>` or `ServiceMonitor/<name>`. */
  readonly monitor: string;
  /** A container port name or number (PodMonitoring), or a Service port name (ServiceMonitor). */
  readonly port: string | number;
  readonly via: "pod" | "service";
  readonly path: string;
}

/**
 * The scrapes the rendered monitors describe: GMP PodMonitoring `spec.endpoints[].port` names a container port (or
 * is its number) and `path` defaults to `/metrics` (prometheus-engine pod_types.go); a Prometheus Operator
 * ServiceMonitor `spec.endpoints[].port` names a Service port, `path` defaults to `/metrics` (monitoring.coreos.com
 * v1 Endpoint).
 */
function scrapesOf(documents: readonly RenderedDocument[]): MetricsScrape[] {
  const scrapes: MetricsScrape[] = [];
  for (const [apiVersion, kind, via] of [
    ["monitoring.googleapis.com/v1", "PodMonitoring", "pod"],
    ["monitoring.coreos.com/v1", "ServiceMonitor", "service"],
  ] as const) {
    for (const monitor of only(documents, apiVersion, kind)) {
      for (const endpoint of list(at(monitor, "spec", "endpoints"))) {
        const port = typeof endpoint.port === "number" ? endpoint.port : str(endpoint.port);
        if (port === undefined) continue;
        scrapes.push({
          monitor: `${kind}/${monitor.metadata?.name ?? "?"}`,
          port,
          via,
          path: str(endpoint.path) ?? "/metrics",
        });
      }
    }
  }
  return scrapes;
}

function probeSpec(value: unknown): ProbeSpec | undefined {
  const spec = record(value);
  if (spec === undefined) return undefined;
  let probe: Probe;
  const httpGet = record(spec.httpGet);
  const grpc = record(spec.grpc);
  const tcp = record(spec.tcpSocket);
  const exec = record(spec.exec);
  if (httpGet !== undefined) {
    const port = httpGet.port;
    if (typeof port !== "number" && typeof port !== "string")
      throw new StackError("httpGet probe without a port");
    probe = {
      handler: "httpGet",
      path: str(httpGet.path) ?? "/",
      port,
      scheme: str(httpGet.scheme) === "HTTPS" ? "HTTPS" : "HTTP",
    };
  } else if (grpc !== undefined) {
    const port = num(grpc.port);
    if (port === undefined) throw new StackError("grpc probe without a port number");
    probe = { handler: "grpc", port, service: str(grpc.service) };
  } else if (tcp !== undefined) {
    const port = tcp.port;
    if (typeof port !== "number" && typeof port !== "string")
      throw new StackError("tcpSocket probe without a port");
    probe = { handler: "tcpSocket", port };
  } else if (exec !== undefined) {
    probe = { handler: "exec", command: (Array.isArray(exec.command) ? exec.command : []).map(String) };
  } else {
    throw new StackError(`probe with no handler: ${JSON.stringify(spec)}`);
  }
  // Kubernetes' defaults for the fields left out.
  return {
    probe,
    initialDelaySeconds: num(spec.initialDelaySeconds) ?? 0,
    periodSeconds: num(spec.periodSeconds) ?? 10,
    timeoutSeconds: num(spec.timeoutSeconds) ?? 1,
    successThreshold: num(spec.successThreshold) ?? 1,
    failureThreshold: num(spec.failureThreshold) ?? 3,
  };
}

function preStopOf(container: Json): PreStop | undefined {
  const hook = record(at(container, "lifecycle", "preStop"));
  if (hook === undefined) return undefined;
  const sleep = num(at(hook, "sleep", "seconds"));
  if (sleep !== undefined) return { kind: "sleep", seconds: sleep };
  const command = at(hook, "exec", "command");
  if (Array.isArray(command)) return { kind: "exec", command: command.map(String) };
  const httpGet = record(hook.httpGet);
  if (httpGet !== undefined) {
    const port = httpGet.port;
    return {
      kind: "httpGet",
      path: str(httpGet.path) ?? "/",
      port: typeof port === "number" ? port : String(port),
    };
  }
  throw new StackError(`preStop hook with no handler: ${JSON.stringify(hook)}`);
}

function loadBalancerHealthCheck(
  backendConfig: KubeObject | undefined,
  policy: KubeObject | undefined,
): LoadBalancerHealthCheck | undefined {
  const fromBackendConfig = record(at(backendConfig, "spec", "healthCheck"));
  if (fromBackendConfig !== undefined) {
    return {
      source: "BackendConfig",
      type: str(fromBackendConfig.type) ?? "HTTP",
      port: num(fromBackendConfig.port),
      requestPath: str(fromBackendConfig.requestPath) ?? "/",
      grpcServiceName: "",
      timeoutSec: num(fromBackendConfig.timeoutSec),
    };
  }
  const settings = record(at(policy, "spec", "default"));
  const config = record(settings?.config);
  if (settings === undefined || config === undefined) return undefined;
  const type = str(config.type) ?? "HTTP";
  const key = {
    HTTP: "httpHealthCheck",
    HTTPS: "httpsHealthCheck",
    HTTP2: "http2HealthCheck",
    GRPC: "grpcHealthCheck",
  }[type];
  const check = record(key === undefined ? undefined : config[key]) ?? {};
  const fixed =
    str(check.portSpecification) === "USE_FIXED_PORT" ||
    (check.portSpecification === undefined && num(check.port) !== undefined);
  return {
    source: "HealthCheckPolicy",
    type,
    port: fixed ? num(check.port) : undefined,
    requestPath: str(check.requestPath) ?? "/",
    grpcServiceName: str(check.grpcServiceName) ?? "",
    timeoutSec: num(settings.timeoutSec),
  };
}

function only(documents: readonly RenderedDocument[], apiVersion: string, kind: string): KubeObject[] {
  return documents
    .map((document) => document.object)
    .filter((object) => object.kind === kind && object.apiVersion === apiVersion);
}

/** Reads the stack from rendered documents; throws a StackError when the pod cannot be found or read. */
export function readStack(documents: readonly RenderedDocument[]): Stack {
  const deployments = only(documents, "apps/v1", "Deployment");
  const deployment = deployments[0];
  if (deployments.length !== 1 || deployment === undefined) {
    throw new StackError(`expected one apps/v1 Deployment, the render has ${deployments.length}`);
  }
  const podSpec = record(at(deployment, "spec", "template", "spec"));
  if (podSpec === undefined) throw new StackError("the Deployment has no pod template");
  const containers = list(podSpec.containers);
  const serving = containers.filter((container) =>
    list(container.ports).some((port) => port.name === "grpc"),
  );
  const main = serving[0];
  if (serving.length !== 1 || main === undefined) {
    throw new StackError(`expected one container with a port named grpc, found ${serving.length}`);
  }
  const name = str(main.name) ?? "(unnamed)";
  const volumes: Volume[] = list(podSpec.volumes).map((volume) => {
    const secret = record(volume.secret);
    const type = Object.keys(volume).find((key) => key !== "name") ?? "unknown";
    return {
      name: str(volume.name) ?? "",
      type,
      secret:
        secret === undefined
          ? undefined
          : {
              secretName: str(secret.secretName) ?? "",
              defaultMode: num(secret.defaultMode),
              items: Array.isArray(secret.items)
                ? list(secret.items).map((item) => ({
                    key: str(item.key) ?? "",
                    path: str(item.path) ?? "",
                    mode: num(item.mode),
                  }))
                : undefined,
            },
    };
  });

  const services = only(documents, "v1", "Service");
  const backendConfig = only(documents, "cloud.google.com/v1", "BackendConfig")[0];
  const policy = only(documents, "networking.gke.io/v1", "HealthCheckPolicy")[0];
  const testPod = only(documents, "v1", "Pod").find(
    (pod) => pod.metadata?.annotations?.["helm.sh/hook"]?.split(",").includes("test") ?? false,
  );
  const testContainer = list(at(testPod, "spec", "containers"))[0];
  const strategy = record(at(deployment, "spec", "strategy", "rollingUpdate"));
  const surgeOrUnavailable = (value: unknown): number | string | undefined =>
    typeof value === "number" || typeof value === "string" ? value : undefined;

  return {
    documents,
    renderNotes: [],
    namespace: deployment.metadata?.namespace ?? "default",
    deployment,
    podLabels: (record(at(deployment, "spec", "template", "metadata", "labels")) ?? {}) as Record<
      string,
      string
    >,
    replicas: num(at(deployment, "spec", "replicas")),
    maxSurge: surgeOrUnavailable(strategy?.maxSurge),
    maxUnavailable: surgeOrUnavailable(strategy?.maxUnavailable),
    minReadySeconds: num(at(deployment, "spec", "minReadySeconds")) ?? 0,
    terminationGracePeriodSeconds: num(podSpec.terminationGracePeriodSeconds) ?? 30,
    container: {
      name,
      image: str(main.image),
      command: Array.isArray(main.command) ? main.command.map(String) : undefined,
      args: Array.isArray(main.args) ? main.args.map(String) : undefined,
      env: list(main.env).map((entry) => ({ name: str(entry.name) ?? "", value: str(entry.value) })),
      envFrom: list(main.envFrom).map((entry) => {
        const source = record(entry.configMapRef) ?? record(entry.secretRef);
        const kind = entry.configMapRef === undefined ? "Secret" : "ConfigMap";
        return `${kind} ${str(source?.name) ?? "?"}`;
      }),
      ports: list(main.ports).map((port) => ({
        name: str(port.name),
        containerPort: num(port.containerPort) ?? Number.NaN,
      })),
      startupProbe: probeSpec(main.startupProbe),
      readinessProbe: probeSpec(main.readinessProbe),
      livenessProbe: probeSpec(main.livenessProbe),
      preStop: preStopOf(main),
      volumeMounts: list(main.volumeMounts).map((mount) => ({
        name: str(mount.name) ?? "",
        mountPath: str(mount.mountPath) ?? "",
        subPath: str(mount.subPath),
        readOnly: mount.readOnly === true,
      })),
    },
    otherContainers: [
      ...containers
        .filter((container) => container !== main)
        .map((container) => `container ${str(container.name)}`),
      ...list(podSpec.initContainers).map((container) => `initContainer ${str(container.name)}`),
    ],
    volumes,
    // The release's Service, not the headless one of client-side balancing (same selector, no cluster IP).
    service: services.find((service) => {
      if (str(at(service, "spec", "clusterIP")) === "None") return false;
      const selector = record(at(service, "spec", "selector")) ?? {};
      const labels = record(at(deployment, "spec", "template", "metadata", "labels")) ?? {};
      return (
        Object.keys(selector).length > 0 &&
        Object.entries(selector).every(([key, value]) => labels[key] === value)
      );
    }),
    loadBalancerHealthCheck: loadBalancerHealthCheck(backendConfig, policy),
    testPodArgs: Array.isArray(testContainer?.args) ? testContainer.args.map(String) : undefined,
    scrapes: scrapesOf(documents),
  };
}

/** The container port a probe or Service names (a number, or a port name resolved against the container). */
export function containerPort(stack: Stack, port: number | string): number {
  if (typeof port === "number") return port;
  if (/^\d+$/.test(port)) return Number(port);
  const found = stack.container.ports.find((candidate) => candidate.name === port);
  if (found === undefined) {
    throw new StackError(
      `port ${JSON.stringify(port)} is not a port name of container ${stack.container.name}`,
    );
  }
  return found.containerPort;
}

/** The container port behind a Service port (by name or number), following `targetPort`. */
export function servicePortTarget(stack: Stack, servicePort: number | string): number {
  const ports = list(at(stack.service, "spec", "ports"));
  const port = ports.find((candidate) =>
    typeof servicePort === "number" ? candidate.port === servicePort : candidate.name === servicePort,
  );
  if (port === undefined) throw new StackError(`the Service has no port ${servicePort}`);
  const target = port.targetPort ?? port.port;
  if (typeof target !== "number" && typeof target !== "string")
    throw new StackError("Service port without target");
  return containerPort(stack, target);
}

/** The rendered Service's DNS names (`svc`, `svc.ns`, `svc.ns.svc`): what in-cluster clients dial. */
export function serviceHosts(stack: Stack): string[] {
  const name = stack.service?.metadata?.name;
  if (name === undefined) return [];
  return [name, `${name}.${stack.namespace}`, `${name}.${stack.namespace}.svc`];
}

/**
 * The host clients use on the internet: the first Ingress rule host, HTTPRoute hostname or managed certificate
 * domain; the Service's DNS name when the stack has no public frontend.
 */
export function publicHost(stack: Stack): string {
  for (const object of stack.documents.map((document) => document.object)) {
    if (object.kind === "Ingress") {
      const host = list(at(object, "spec", "rules"))
        .map((rule) => str(rule.host))
        .find((name) => name !== undefined);
      if (host !== undefined) return host;
    }
    if (object.kind === "HTTPRoute") {
      const hostnames = at(object, "spec", "hostnames");
      if (Array.isArray(hostnames) && typeof hostnames[0] === "string") return hostnames[0];
    }
    if (object.kind === "ManagedCertificate") {
      const domains = at(object, "spec", "domains");
      if (Array.isArray(domains) && typeof domains[0] === "string") return domains[0];
    }
  }
  return serviceHosts(stack)[2] ?? "localhost";
}

/** grpc.health.v1 service names the render's checks ask for: grpc probes, the load balancer, `helm test -service`. */
export function askedHealthServices(stack: Stack): string[] {
  const names = new Set<string>();
  for (const spec of [
    stack.container.startupProbe,
    stack.container.readinessProbe,
    stack.container.livenessProbe,
  ]) {
    if (spec?.probe.handler === "grpc") names.add(spec.probe.service ?? "");
  }
  if (stack.loadBalancerHealthCheck?.type === "GRPC")
    names.add(stack.loadBalancerHealthCheck.grpcServiceName);
  for (const arg of stack.testPodArgs ?? []) {
    const match = /^--?service=(.*)$/.exec(arg);
    if (match?.[1] !== undefined) names.add(match[1]);
  }
  return [...names];
}

/** Objects of one kind from the render. */
export function objectsOf(stack: Stack, apiVersion: string, kind: string): KubeObject[] {
  return only(stack.documents, apiVersion, kind);
}

/** Data of a rendered Secret, decoded; undefined when the render has no Secret of that name. */
export function renderedSecretData(stack: Stack, name: string): Record<string, Buffer> | undefined {
  const secret = objectsOf(stack, "v1", "Secret").find((object) => object.metadata?.name === name);
  if (secret === undefined) return undefined;
  const data = record((secret as Json).data) ?? {};
  const stringData = record((secret as Json).stringData) ?? {};
  return {
    ...Object.fromEntries(
      Object.entries(data).map(([key, value]) => [key, Buffer.from(String(value), "base64")]),
    ),
    ...Object.fromEntries(
      Object.entries(stringData).map(([key, value]) => [key, Buffer.from(String(value))]),
    ),
  };
}

export { at, list, num, record, str };

/** A rendered object as a fixture edits it. */
export type MutableObject = Record<string, unknown>;

/**
 * The stack with its rendered objects edited (on a deep copy), read again: how breakage fixtures corrupt a
 * certificate, drop an env var or shorten the grace period in what helm rendered.
 */
export function editStack(stack: Stack, edit: (objects: MutableObject[]) => void): Stack {
  const documents = structuredClone(stack.documents) as RenderedDocument[];
  edit(documents.map((document) => document.object as MutableObject));
  return { ...readStack(documents), renderNotes: stack.renderNotes };
}

/** The pod template's container serving `grpc`, from objects being edited. */
export function editableContainer(objects: MutableObject[]): MutableObject {
  const deployment = objects.find((object) => object.kind === "Deployment");
  const containers = at(deployment, "spec", "template", "spec", "containers");
  const container = Array.isArray(containers)
    ? (containers as MutableObject[]).find((candidate) =>
        list(candidate.ports).some((port) => port.name === "grpc"),
      )
    : undefined;
  if (container === undefined) throw new StackError("no container serving grpc to edit");
  return container;
}
