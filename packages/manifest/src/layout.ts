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
 * custom-resource file. Two groups can share a built-in file name ("networking" is the first label of
 * networking.k8s.io and networking.istio.io): a reader must check the apiVersion and kind the file declares.
 */
export function schemaPathCandidates(
  apiVersion: string,
  kind: string,
  kubernetesVersion: string = KUBERNETES_VERSION,
): string[] {
  const name = { ...splitApiVersion(apiVersion), kind };
  const paths = [builtinSchemaPath(name, kubernetesVersion)];
  if (name.group !== "") paths.push(customSchemaPath(name));
  return paths;
}
