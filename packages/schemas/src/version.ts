/**
 * Which Kubernetes release the schemas are for: the one place the version lives. The validator, the CLI and
 * the tests import it from `@grpc-gke/schemas/version` (this file imports nothing, so that is cheap).
 */

/** The Kubernetes release the built-in schemas are published for (kubeconform's `-kubernetes-version`). */
export const KUBERNETES_VERSION = "1.34.0";

/**
 * The Kubernetes release whose OpenAPI spec kubernetes-models was generated from. kubernetes-models 5.0.0 changelog:
 * "Update to Kubernetes v1.36.0"; no kubernetes-models release carries exactly 1.34 (4.5.x carries 1.33.0).
 * A 1.36 schema accepts the few fields added in 1.35/1.36 (lenient for a 1.34 cluster); it never rejects a
 * field 1.34 has, because Kubernetes does not remove fields from served stable versions.
 */
export const DEFINITIONS_KUBERNETES_VERSION = "1.36.0";

/** The folder kubeconform reads for `-kubernetes-version 1.34.0` with `-strict`. */
export const BUILTIN_FOLDER = `v${KUBERNETES_VERSION}-standalone-strict`;
