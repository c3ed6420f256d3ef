import { GrpcGkeError } from "@grpc-gke/manifest/errors";
import type { JsonSchema } from "./json-schema.ts";

/**
 * Optional enum fields of the built-in kinds that accept `""`. Each is a plain (non-pointer) Go string in the
 * Kubernetes types (https://github.com/kubernetes/api, `<group>/<version>/types.go`), so the API server decodes
 * `""` exactly like an absent field: it applies the default (`imagePullPolicy`, Service `type`, `protocol`,
 * `restartPolicy`, ...) or allows it empty (a toleration's `effect: ""` matches every effect). The OpenAPI enums
 * the declarations carry leave `""` out. Pointer fields (`*IPFamilyPolicy`, `*PreemptionPolicy`, ...) are not
 * here: for them `""` is a value, which validation refuses. Required fields are not here either.
 *
 * Keys are definition keys of the generated schemas (`core.v1.Container`) and a property.
 */
export const EMPTY_MEANS_UNSET: readonly (readonly [definition: string, property: string])[] = [
  // apps/v1/types.go
  ["apps.v1.DaemonSetUpdateStrategy", "type"],
  ["apps.v1.DeploymentStrategy", "type"],
  ["apps.v1.StatefulSetSpec", "podManagementPolicy"],
  ["apps.v1.StatefulSetUpdateStrategy", "type"],
  // batch/v1/types.go
  ["batch.v1.CronJobSpec", "concurrencyPolicy"],
  // core/v1/types.go
  ["core.v1.Container", "imagePullPolicy"],
  ["core.v1.Container", "terminationMessagePolicy"],
  ["core.v1.ContainerPort", "protocol"],
  ["core.v1.EndpointPort", "protocol"],
  ["core.v1.EphemeralContainer", "imagePullPolicy"],
  ["core.v1.EphemeralContainer", "terminationMessagePolicy"],
  ["core.v1.HTTPGetAction", "scheme"],
  ["core.v1.ImageVolumeSource", "pullPolicy"],
  ["core.v1.PersistentVolumeSpec", "persistentVolumeReclaimPolicy"],
  ["core.v1.PodSpec", "dnsPolicy"],
  ["core.v1.PodSpec", "restartPolicy"],
  ["core.v1.ServicePort", "protocol"],
  ["core.v1.ServiceSpec", "externalTrafficPolicy"],
  ["core.v1.ServiceSpec", "sessionAffinity"],
  ["core.v1.ServiceSpec", "type"],
  ["core.v1.Toleration", "effect"],
  ["core.v1.Toleration", "operator"],
  // resource/v1/types.go
  ["resource.k8s.io.v1.DeviceSubRequest", "allocationMode"],
  ["resource.k8s.io.v1.DeviceToleration", "effect"],
  ["resource.k8s.io.v1.DeviceToleration", "operator"],
  ["resource.k8s.io.v1.ExactDeviceRequest", "allocationMode"],
];

/** An EMPTY_MEANS_UNSET entry that no longer names an optional enum field. */
export class EmptyEnumError extends GrpcGkeError {
  override readonly name = "EmptyEnumError";
  declare readonly reason: "empty-enum-mismatch";
  constructor(definition: string, property: string, problem: string) {
    super(`EMPTY_MEANS_UNSET ${definition}.${property}: ${problem}`, {
      reason: "empty-enum-mismatch",
      fix: "update packages/schemas/src/empty-enums.ts against the Kubernetes types",
    });
  }
}

/** Adds `""` to the enum of every EMPTY_MEANS_UNSET field. */
export function allowEmptyEnums(definitions: Map<string, JsonSchema>): void {
  for (const [key, property] of EMPTY_MEANS_UNSET) {
    const definition = definitions.get(key);
    const field = definition?.properties?.[property];
    if (definition === undefined || field === undefined) {
      throw new EmptyEnumError(key, property, "no such definition or property");
    }
    if (field.enum === undefined) throw new EmptyEnumError(key, property, "the field has no enum");
    if (definition.required?.includes(property))
      throw new EmptyEnumError(key, property, "the field is required");
    if (!field.enum.includes("")) field.enum = ["", ...field.enum];
  }
}
