/**
 * Where the schema of an apiVersion/kind lives under a schema root: kubeconform's layout, written by
 * @grpc-gke/schemas and read by @grpc-gke/validate (and by kubeconform itself, see the root README):
 *
 * - built-in kinds: `v<version>-standalone-strict/<kind>[-<first label of the group>]-<version>.json`
 *   (kubeconform's `{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json`);
 * - custom resources: `<group>/<kind>_<version>.json` (`{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`).
 *
 * Paths are relative to the schema root, with forward slashes. This file imports nothing but the version.
 */
import { KUBERNETES_VERSION } from "./version.ts";

export { KUBERNETES_VERSION };

/** A built-in folder name, capturing its Kubernetes version: `v1.34.0-standalone-strict`. */
export const BUILTIN_FOLDER_PATTERN = /^v(\d+\.\d+\.\d+)-standalone-strict$/;

/** The folder of the built-in kinds for a Kubernetes version (`1.34.0` or `v1.34.0`). */
export function builtinFolder(kubernetesVersion: string = KUBERNETES_VERSION): string {
  return `v${kubernetesVersion.replace(/^v/, "")}-standalone-strict`;
}

/** `apps/v1` → group `apps`, version `v1`; `v1` → the core group `""`. */
export function splitApiVersion(apiVersion: string): { readonly group: string; readonly version: string } {
  const slash = apiVersion.lastIndexOf("/");
  return slash === -1
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * The shapes an apiVersion and kind must have before any path is built from them (a document's content is
 * never trusted as a path: `../` or `/` in an apiVersion would walk out of the schema folder). An API group is a
 * DNS subdomain and a version a DNS label (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/);
 * a kind is a CamelCase identifier. Anything else cannot name a Kubernetes kind, so it has no schema.
 */
const GROUP = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VERSION = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KIND = /^[A-Za-z][A-Za-z0-9]*$/;

/** Why an apiVersion/kind cannot name a kind (and so a schema file), or undefined when it can. */
export function kindNameProblem(apiVersion: string, kind: string): string | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  if ((group !== "" && (group.length > 253 || !GROUP.test(group))) || !VERSION.test(version)) {
    return `apiVersion ${JSON.stringify(apiVersion)} is not <group>/<version> with a lowercase DNS name as the group and a version like v1`;
  }
  if (!KIND.test(kind) || kind.length > 63) {
    return `kind ${JSON.stringify(kind)} is not a kind name (letters and digits, starting with a letter)`;
  }
  return undefined;
}

/** An apiVersion or kind that cannot be turned into a schema path (see kindNameProblem). */
export class KindNameError extends Error {
  override readonly name = "KindNameError";
}

/** A kind the way the layout names it: its group (`""` for core), version and kind. */
export interface KindName {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** The file of a built-in kind: `v1.34.0-standalone-strict/deployment-apps-v1.json`. */
export function builtinSchemaPath(name: KindName, kubernetesVersion: string = KUBERNETES_VERSION): string {
  const group = name.group === "" ? "" : `-${name.group.split(".")[0]}`;
  return `${builtinFolder(kubernetesVersion)}/${name.kind.toLowerCase()}${group}-${name.version}.json`;
}

/** The file of a custom resource: `cloud.google.com/backendconfig_v1.json`. */
export function customSchemaPath(name: KindName): string {
  return `${name.group}/${name.kind.toLowerCase()}_${name.version}.json`;
}

/**
 * Where a reader looks for an apiVersion/kind, in order: the built-in file, then (for a named group) the
 * custom-resource file; an apiVersion or kind of another shape throws KindNameError (check kindNameProblem
 * first). Two groups can share a built-in file name ("networking" is the first label of
 * networking.k8s.io and networking.istio.io): a reader must check the apiVersion and kind the file declares.
 */
export function schemaPathCandidates(
  apiVersion: string,
  kind: string,
  kubernetesVersion: string = KUBERNETES_VERSION,
): string[] {
  const problem = kindNameProblem(apiVersion, kind);
  if (problem !== undefined) throw new KindNameError(problem);
  const name = { ...splitApiVersion(apiVersion), kind };
  const paths = [builtinSchemaPath(name, kubernetesVersion)];
  if (name.group !== "") paths.push(customSchemaPath(name));
  return paths;
}
