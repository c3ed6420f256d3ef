/**
 * Typed accessors for the specification tests of charts/grpc-gke. Each rendered object is looked up by
 * kind (and name), then read through the small interfaces below: only the fields the tests assert on.
 */
import {
  HelmTemplateError,
  type KubeObject,
  type RenderedDocument,
  type RenderResult,
} from "@grpc-gke/render";
import { type ChartRenderOptions, renderChart } from "../support/chart.ts";
import { type GeneratedCertificate, readTlsData } from "../support/generated.ts";

export { NAMESPACE, renderChart } from "../support/chart.ts";

/** Object names for release `gunstars` of chart `grpc-gke`, written out rather than derived. */
export const FULLNAME = "gunstars-grpc-gke";

type StringMap = Readonly<Record<string, string>>;

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: unknown;
}

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: string;
}

export interface Probe {
  readonly httpGet?: { readonly path?: string; readonly port: number | string; readonly scheme?: string };
  readonly grpc?: { readonly port: number; readonly service?: string };
  readonly exec?: unknown;
  readonly tcpSocket?: unknown;
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly successThreshold?: number;
  readonly failureThreshold?: number;
}

export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly unknown[];
  readonly ports?: readonly ContainerPort[];
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly startupProbe?: Probe;
  readonly lifecycle?: {
    readonly preStop?: {
      readonly sleep?: { readonly seconds: number };
      readonly exec?: { readonly command: readonly string[] };
    };
  };
  readonly resources?: unknown;
  readonly securityContext?: Readonly<Record<string, unknown>>;
  readonly volumeMounts?: readonly VolumeMount[];
}

export interface Volume {
  readonly name: string;
  readonly secret?: {
    readonly secretName: string;
    readonly defaultMode?: number;
    readonly items?: readonly { readonly key: string; readonly path: string }[];
  };
  readonly emptyDir?: { readonly sizeLimit?: string };
  readonly configMap?: { readonly name: string };
}

export interface PodSpec {
  readonly serviceAccountName?: string;
  readonly automountServiceAccountToken?: boolean;
  readonly imagePullSecrets?: readonly { readonly name: string }[];
  readonly securityContext?: Readonly<Record<string, unknown>>;
  readonly terminationGracePeriodSeconds?: number;
  readonly priorityClassName?: string;
  readonly restartPolicy?: string;
  readonly initContainers?: readonly Container[];
  readonly containers: readonly Container[];
  readonly volumes?: readonly Volume[];
  readonly topologySpreadConstraints?: readonly {
    readonly maxSkew: number;
    readonly topologyKey: string;
    readonly whenUnsatisfiable: string;
    readonly labelSelector?: { readonly matchLabels?: StringMap };
    readonly matchLabelKeys?: readonly string[];
  }[];
  readonly nodeSelector?: StringMap;
  readonly tolerations?: readonly unknown[];
  readonly affinity?: unknown;
}

export interface Deployment extends KubeObject {
  readonly spec: {
    readonly replicas?: number;
    readonly revisionHistoryLimit?: number;
    readonly minReadySeconds?: number;
    readonly strategy: {
      readonly type: string;
      readonly rollingUpdate: {
        readonly maxSurge: number | string;
        readonly maxUnavailable: number | string;
      };
    };
    readonly selector: { readonly matchLabels: StringMap };
    readonly template: {
      readonly metadata: { readonly labels: StringMap; readonly annotations?: StringMap };
      readonly spec: PodSpec;
    };
  };
}

export interface ServicePort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol?: string;
  readonly appProtocol?: string;
}

export interface Service extends KubeObject {
  readonly spec: {
    readonly type: string;
    readonly selector: StringMap;
    readonly ports: readonly ServicePort[];
  };
}

export interface Secret extends KubeObject {
  readonly type?: string;
  readonly data?: StringMap;
}

export interface BackendConfig extends KubeObject {
  readonly spec: {
    readonly timeoutSec?: number;
    readonly connectionDraining?: { readonly drainingTimeoutSec: number };
    readonly healthCheck?: {
      readonly type?: string;
      readonly port?: number;
      readonly requestPath?: string;
      readonly checkIntervalSec?: number;
      readonly timeoutSec?: number;
      readonly healthyThreshold?: number;
      readonly unhealthyThreshold?: number;
    };
    readonly logging?: { readonly enable: boolean; readonly sampleRate?: number };
    readonly securityPolicy?: { readonly name: string };
    readonly sessionAffinity?: { readonly affinityType: string; readonly affinityCookieTtlSec?: number };
    readonly customRequestHeaders?: { readonly headers: readonly string[] };
    readonly customResponseHeaders?: { readonly headers: readonly string[] };
  };
}

export interface FrontendConfig extends KubeObject {
  readonly spec: {
    readonly redirectToHttps?: { readonly enabled: boolean; readonly responseCodeName?: string };
    readonly sslPolicy?: string;
  };
}

export interface ManagedCertificate extends KubeObject {
  readonly spec: { readonly domains: readonly string[] };
}

export interface IngressBackend {
  readonly service: {
    readonly name: string;
    readonly port: { readonly name?: string; readonly number?: number };
  };
}

export interface Ingress extends KubeObject {
  readonly spec: {
    readonly ingressClassName?: string;
    readonly defaultBackend?: IngressBackend;
    readonly tls?: readonly { readonly secretName?: string; readonly hosts?: readonly string[] }[];
    readonly rules?: readonly {
      readonly host?: string;
      readonly http: {
        readonly paths: readonly {
          readonly path: string;
          readonly pathType: string;
          readonly backend: IngressBackend;
        }[];
      };
    }[];
  };
}

export interface Certificate extends KubeObject {
  readonly spec: {
    readonly secretName: string;
    readonly secretTemplate?: { readonly labels?: StringMap };
    readonly dnsNames: readonly string[];
    readonly duration?: string;
    readonly renewBefore?: string;
    readonly privateKey?: {
      readonly algorithm: string;
      readonly size: number;
      readonly rotationPolicy?: string;
    };
    readonly issuerRef: { readonly name: string; readonly kind: string; readonly group: string };
  };
}

export interface Issuer extends KubeObject {
  readonly spec: { readonly selfSigned?: Readonly<Record<string, never>> };
}

export interface ServiceAccount extends KubeObject {
  readonly automountServiceAccountToken?: boolean;
}

export interface PodDisruptionBudget extends KubeObject {
  readonly spec: {
    readonly minAvailable?: number | string;
    readonly maxUnavailable?: number | string;
    readonly selector: { readonly matchLabels: StringMap };
  };
}

export interface HorizontalPodAutoscaler extends KubeObject {
  readonly spec: {
    readonly scaleTargetRef: { readonly apiVersion: string; readonly kind: string; readonly name: string };
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly metrics?: readonly {
      readonly type: string;
      readonly resource: {
        readonly name: string;
        readonly target: { readonly type: string; readonly averageUtilization: number };
      };
    }[];
    readonly behavior?: unknown;
  };
}

export interface Pod extends KubeObject {
  readonly spec: PodSpec;
}

/** The kinds the chart renders, with the interface each is read through. */
export interface Kinds {
  Deployment: Deployment;
  Service: Service;
  Secret: Secret;
  BackendConfig: BackendConfig;
  FrontendConfig: FrontendConfig;
  ManagedCertificate: ManagedCertificate;
  Ingress: Ingress;
  Certificate: Certificate;
  Issuer: Issuer;
  ServiceAccount: ServiceAccount;
  PodDisruptionBudget: PodDisruptionBudget;
  HorizontalPodAutoscaler: HorizontalPodAutoscaler;
  Pod: Pod;
}

/** Every rendered object of that kind. */
export function findAll<K extends keyof Kinds>(documents: readonly RenderedDocument[], kind: K): Kinds[K][] {
  return documents.filter(({ object }) => object.kind === kind).map(({ object }) => object as Kinds[K]);
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

/** The server container (named `app`) of the Deployment. */
export function container(deployment: Deployment, name = "app"): Container {
  const found = deployment.spec.template.spec.containers.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`Deployment has no container named ${name}`);
  return found;
}

/** The container's literal env vars as name -> value (valueFrom entries map to undefined). */
export function envOf(target: Container): Map<string, string | undefined> {
  return new Map((target.env ?? []).map((variable) => [variable.name, variable.value]));
}

/** The container port with that name. */
export function containerPort(target: Container, name: string): ContainerPort {
  const found = target.ports?.find((port) => port.name === name);
  if (found === undefined) throw new Error(`container ${target.name} has no port named ${name}`);
  return found;
}

/** The Service port with that name. */
export function servicePort(service: Service, name: string): ServicePort {
  const found = service.spec.ports.find((port) => port.name === name);
  if (found === undefined) throw new Error(`Service has no port named ${name}`);
  return found;
}

/** The pod volume with that name. */
export function volume(deployment: Deployment, name: string): Volume {
  const found = deployment.spec.template.spec.volumes?.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`Deployment has no volume named ${name}`);
  return found;
}

/** An annotation of an object; throws when it is missing so a test never compares `undefined`. */
export function annotation(object: KubeObject, key: string): string {
  const value = object.metadata?.annotations?.[key];
  if (value === undefined)
    throw new Error(`${object.kind}/${object.metadata?.name} has no annotation ${key}`);
  return value;
}

/** An annotation parsed as JSON (the GKE Service annotations hold JSON). */
export function jsonAnnotation(object: KubeObject, key: string): unknown {
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

/** The bullets of the chart's "VALUES VALIDATION" failure: one per contradiction found. */
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

/** A `kubernetes.io/tls` Secret's certificate, whether it matches the key, and its DNS SANs. */
export function tlsMaterial(secret: Secret): Omit<GeneratedCertificate, "secret"> {
  const parsed = readTlsData(secret.data ?? {});
  if (parsed === undefined) throw new Error(`Secret ${secret.metadata?.name} has no tls.crt/tls.key`);
  return parsed;
}
