/** The part of every Kubernetes object the tools rely on; the rest is checked by the schemas. */
export interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly [field: string]: unknown;
}

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: ObjectMeta;
  readonly [field: string]: unknown;
}

export interface RenderedDocument {
  /**
   * Where the document came from: helm's `# Source:` path (e.g. `grpc-gke/templates/service.yaml`) or
   * `<file>#<n>` with the 1-based document number; an item of a List adds `.items[<i>]`.
   */
  readonly source: string;
  /** Position of the document in its stream, from 0 (people read `index + 1`: "document 1"). */
  readonly index: number;
  readonly object: KubeObject;
}

/** `Kind/namespace/name`, the way people name an object in a report. */
export function describeObject(object: KubeObject): string {
  const name = object.metadata?.name ?? "(unnamed)";
  const namespace = object.metadata?.namespace;
  return namespace === undefined ? `${object.kind}/${name}` : `${object.kind}/${namespace}/${name}`;
}
