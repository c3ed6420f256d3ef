/**
 * Typed accessors for the specification tests of charts/grpc-gke. Each rendered object is looked up by kind
 * (and name) and read through the types of the pinned model packages that packages/schemas generates the strict
 * schemas from (kubernetes-models, @kubernetes-models/gke, @kubernetes-models/gateway-api,
 * @kubernetes-models/cert-manager): a test can only read a field the Kubernetes API (or the CRD) has, under its
 * real name and type.
 */
import type { RenderedDocument } from "@grpc-gke/manifest";
import { HelmTemplateError, type RenderResult } from "@grpc-gke/render";
import type { ICertificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import type { IClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import type { IIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer";
import type { IGateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import type { IHTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import type { IBackendConfig } from "@kubernetes-models/gke/cloud.google.com/v1/BackendConfig";
import type { IGCPBackendPolicy } from "@kubernetes-models/gke/networking.gke.io/v1/GCPBackendPolicy";
import type { IGCPGatewayPolicy } from "@kubernetes-models/gke/networking.gke.io/v1/GCPGatewayPolicy";
import type { IHealthCheckPolicy } from "@kubernetes-models/gke/networking.gke.io/v1/HealthCheckPolicy";
import type { IManagedCertificate } from "@kubernetes-models/gke/networking.gke.io/v1/ManagedCertificate";
import type { IFrontendConfig } from "@kubernetes-models/gke/networking.gke.io/v1beta1/FrontendConfig";
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import type { IRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IContainerPort } from "kubernetes-models/v1/ContainerPort";
import type { IPod } from "kubernetes-models/v1/Pod";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { IService } from "kubernetes-models/v1/Service";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { IServicePort } from "kubernetes-models/v1/ServicePort";
import type { IVolume } from "kubernetes-models/v1/Volume";
import { it } from "vitest";
import { type ChartRenderOptions, HELM_MAJORS, renderChart } from "../support/chart.ts";
import { type GeneratedCertificate, readTlsData } from "../support/generated.ts";

export { HELM_MAJORS, NAMESPACE, renderChart } from "../support/chart.ts";

/** Object names for release `gunstars` of chart `grpc-gke`, written out rather than derived. */
export const FULLNAME = "gunstars-grpc-gke";

/** An object whose `spec` the chart always renders: {@link find} checks it is there, so tests read it directly. */
type WithSpec<T extends { readonly spec?: unknown }> = T & { readonly spec: NonNullable<T["spec"]> };

/**
 * @kubernetes-models/gke 4.6.2 has BackendConfig v1 without `customResponseHeaders`, which ingress-gce's v1 types
 * have (pkg/apis/backendconfig/v1/types.go; packages/schemas adds it to the schema by an overlay).
 */
type BackendConfig = IBackendConfig & {
  readonly spec?: { readonly customResponseHeaders?: { readonly headers?: string[] } };
};

/**
 * Google Cloud Managed Service for Prometheus's PodMonitoring (monitoring.googleapis.com/v1), which no npm package
 * models: the fields the chart sets, as GMP's CRD has them (GoogleCloudPlatform/prometheus-engine v0.17.2,
 * pkg/operator/apis/monitoring/v1/pod_types.go; packages/schemas adds the whole CRD to the schemas).
 */
interface IPodMonitoring {
  readonly apiVersion: "monitoring.googleapis.com/v1";
  readonly kind: "PodMonitoring";
  readonly metadata?: IDeployment["metadata"];
  readonly spec: {
    readonly selector: NonNullable<INetworkPolicy["spec"]>["podSelector"];
    readonly endpoints: readonly {
      readonly port: number | string;
      readonly scheme?: "http" | "https";
      readonly path?: string;
      readonly interval: string;
      readonly timeout?: string;
    }[];
  };
}

/** The kinds the chart renders, with the model type each is read through. */
export interface Kinds {
  Deployment: WithSpec<IDeployment>;
  Service: WithSpec<IService>;
  Secret: ISecret;
  BackendConfig: WithSpec<BackendConfig>;
  FrontendConfig: WithSpec<IFrontendConfig>;
  ManagedCertificate: WithSpec<IManagedCertificate>;
  Ingress: WithSpec<IIngress>;
  Gateway: WithSpec<IGateway>;
  HTTPRoute: WithSpec<IHTTPRoute>;
  GCPBackendPolicy: WithSpec<IGCPBackendPolicy>;
  HealthCheckPolicy: WithSpec<IHealthCheckPolicy>;
  GCPGatewayPolicy: WithSpec<IGCPGatewayPolicy>;
  Certificate: WithSpec<ICertificate>;
  Issuer: WithSpec<IIssuer>;
  ClusterIssuer: WithSpec<IClusterIssuer>;
  ServiceAccount: IServiceAccount;
  PodDisruptionBudget: WithSpec<IPodDisruptionBudget>;
  HorizontalPodAutoscaler: WithSpec<IHorizontalPodAutoscaler>;
  Pod: WithSpec<IPod>;
  NetworkPolicy: WithSpec<INetworkPolicy>;
  Role: IRole;
  RoleBinding: IRoleBinding;
  PodMonitoring: IPodMonitoring;
  ServiceMonitor: WithSpec<IServiceMonitor>;
}

/** The kinds without a `spec`. */
const SPECLESS: ReadonlySet<keyof Kinds> = new Set<keyof Kinds>([
  "Secret",
  "ServiceAccount",
  "Role",
  "RoleBinding",
]);

/** Every rendered object of that kind. */
export function findAll<K extends keyof Kinds>(documents: readonly RenderedDocument[], kind: K): Kinds[K][] {
  return documents
    .filter(({ object }) => object.kind === kind)
    .map(({ object }) => {
      if (!SPECLESS.has(kind) && object.spec === undefined)
        throw new Error(`${kind}/${object.metadata?.name} was rendered without a spec`);
      return object as unknown as Kinds[K];
    });
}

/** The one object of that kind (and name); throws, naming what was rendered, when there is none or several. */
export function find<K extends keyof Kinds>(
  documents: readonly RenderedDocument[],
  kind: K,
  name?: string,
): Kinds[K] {
  const matches = findAll(documents, kind).filter(
    (object) => name === undefined || object.metadata?.name === name,
  );
  const [only] = matches;
  if (only === undefined || matches.length > 1) {
    throw new Error(
      `expected one ${kind}${name === undefined ? "" : `/${name}`}, found ${matches.length} in: ${listObjects(documents).join(", ")}`,
    );
  }
  return only;
}

/** `Kind/name` of every rendered object, in order. */
export function listObjects(documents: readonly RenderedDocument[]): string[] {
  return documents.map(({ object }) => `${object.kind}/${object.metadata?.name ?? "(unnamed)"}`);
}

/** The template a rendered object came from, e.g. `grpc-gke/templates/service.yaml`. */
export function sourceOf(documents: readonly RenderedDocument[], kind: keyof Kinds): string | undefined {
  return documents.find(({ object }) => object.kind === kind)?.source;
}

/** The Deployment's pod spec; throws when the template has none. */
export function podSpec(deployment: Kinds["Deployment"]): IPodSpec {
  const spec = deployment.spec.template.spec;
  if (spec === undefined) throw new Error(`Deployment/${deployment.metadata?.name} has no pod spec`);
  return spec;
}

/** The server container (named `app`) of the Deployment. */
export function container(deployment: Kinds["Deployment"], name = "app"): IContainer {
  const found = podSpec(deployment).containers.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`Deployment has no container named ${name}`);
  return found;
}

/** The container's literal env vars as name -> value (valueFrom entries map to undefined). */
export function envOf(target: IContainer): Map<string, string | undefined> {
  return new Map((target.env ?? []).map((variable) => [variable.name, variable.value]));
}

/** The container port with that name. */
export function containerPort(target: IContainer, name: string): IContainerPort {
  const found = target.ports?.find((port) => port.name === name);
  if (found === undefined) throw new Error(`container ${target.name} has no port named ${name}`);
  return found;
}

/** The Service port with that name. */
export function servicePort(service: Kinds["Service"], name: string): IServicePort {
  const found = service.spec.ports?.find((port) => port.name === name);
  if (found === undefined) throw new Error(`Service has no port named ${name}`);
  return found;
}

/** The pod volume with that name. */
export function volume(deployment: Kinds["Deployment"], name: string): IVolume {
  const found = podSpec(deployment).volumes?.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`Deployment has no volume named ${name}`);
  return found;
}

/** What {@link annotation} reads: any rendered object. */
interface Annotated {
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly annotations?: Readonly<Record<string, string>> };
}

/** An annotation of an object; throws when it is missing so a test never compares `undefined`. */
export function annotation(object: Annotated, key: string): string {
  const value = object.metadata?.annotations?.[key];
  if (value === undefined)
    throw new Error(`${object.kind}/${object.metadata?.name} has no annotation ${key}`);
  return value;
}

/** An annotation parsed as JSON (the GKE Service annotations hold JSON). */
export function jsonAnnotation(object: Annotated, key: string): unknown {
  return JSON.parse(annotation(object, key));
}

/**
 * A render shared by the tests of one file: started by the first test that needs it, then reused.
 */
export function lazyRender(options: ChartRenderOptions = {}): () => Promise<RenderResult> {
  let result: Promise<RenderResult> | undefined;
  return () => (result ??= renderChart(options));
}

/** Renders the documents only (shorthand for a lazily shared render). */
export function lazyDocuments(options: ChartRenderOptions = {}): () => Promise<RenderedDocument[]> {
  const rendered = lazyRender(options);
  return async () => (await rendered()).documents;
}

/** helm's message for a render that must fail; throws when the render succeeds or fails some other way. */
export async function renderFailure(options: ChartRenderOptions): Promise<string> {
  try {
    await renderChart(options);
  } catch (error) {
    if (error instanceof HelmTemplateError) return error.helmMessage;
    throw error;
  }
  throw new Error(`expected helm template to fail with ${JSON.stringify(options.values ?? {})}, it rendered`);
}

/** The bullets of the chart's "VALUES VALIDATION" failure: one per contradiction found, each `[ID] message`. */
export function guardMessages(helmMessage: string): string[] {
  const marker = "VALUES VALIDATION (grpc-gke):";
  const at = helmMessage.indexOf(marker);
  if (at === -1) return [];
  return helmMessage
    .slice(at + marker.length)
    .split(/\n\s*- /)
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/** The guard ids of a "VALUES VALIDATION" failure's bullets, in order. */
export function guardIds(messages: readonly string[]): string[] {
  return messages.map((message) => /^\[([A-Z0-9-]+)\] /.exec(message)?.[1] ?? `(no id) ${message}`);
}

/** A `kubernetes.io/tls` Secret's certificate, whether it matches the key, and its DNS SANs. */
export function tlsMaterial(secret: ISecret): Omit<GeneratedCertificate, "secret"> {
  const parsed = readTlsData(secret.data ?? {});
  if (parsed === undefined) throw new Error(`Secret ${secret.metadata?.name} has no tls.crt/tls.key`);
  return parsed;
}

/**
 * One case per guard and helm major (call inside a describe): the render fails with exactly that guard, whose
 * message starts with its `[ID]` and holds every fragment of `says`.
 */
export function itRefusesEach(guards: readonly GuardCase[]): void {
  const cases = HELM_MAJORS.flatMap((helm) =>
    guards.map((guard) => [guard.id, guard.when, helm, guard] as const),
  );
  // Concurrent: each case waits on its own helm process.
  it.concurrent.for(cases)(
    "should refuse the values with [%s], naming the value, the consequence and the fix, when %s (helm %i)",
    async ([id, , helm, { options, says }], { expect }) => {
      const messages = guardMessages(await renderFailure({ ...options, helm }));
      expect(guardIds(messages)).toEqual([id]);
      const [message = ""] = messages;
      expect(message.startsWith(`[${id}] `)).toBe(true);
      for (const fragment of says) expect(message).toContain(fragment);
    },
  );
}

/** Shared shape of a guard case: the values, and the fragments its message must hold. */
export interface GuardCase {
  /** The guard's id, as the message's `[ID]` prefix says it. */
  readonly id: string;
  /** The contradiction, as the case title says it. */
  readonly when: string;
  readonly options: ChartRenderOptions;
  /**
   * Fragments the guard's message must hold: the value's name (and the value), what GKE or Kubernetes
   * would do with it, and the fix.
   */
  readonly says: readonly string[];
}
