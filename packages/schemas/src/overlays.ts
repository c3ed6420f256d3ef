import { GrpcGkeError } from "@grpc-gke/manifest/errors";
import type { JsonSchema } from "./json-schema.ts";
import { nullable } from "./json-schema.ts";

/**
 * What GKE serves today where the pinned declaration packages lag behind: each overlay changes one generated
 * kind, with the upstream source it comes from. The generator refuses an overlay that no longer fits (its parent
 * is missing, or the package has caught up: then the overlay is obsolete and must be deleted).
 *
 * - `add`: a field the package lacks;
 * - `optional` / `require`: a field whose required-ness the package has wrong;
 * - `crd`: whole kinds from a CustomResourceDefinition document kept in this package (`crds/`), converted like
 *   `grpc-gke schemas import` does (crd.ts).
 *
 * A parent path names properties from the root; `[]` steps into a list's items.
 */
export type SchemaOverlay =
  | {
      readonly change: "add";
      /** `group/version/Kind`, e.g. `cloud.google.com/v1/BackendConfig`. */
      readonly kind: string;
      readonly parent: readonly string[];
      readonly property: string;
      readonly schema: JsonSchema;
      /** Where the field is defined upstream. */
      readonly source: string;
    }
  | {
      readonly change: "optional" | "require";
      readonly kind: string;
      readonly parent: readonly string[];
      readonly property: string;
      readonly source: string;
    }
  | {
      readonly change: "crd";
      /** The CRD document, relative to packages/schemas/ (e.g. `crds/podmonitorings.yaml`). */
      readonly file: string;
      readonly source: string;
    };

export type FieldOverlay = Exclude<SchemaOverlay, { readonly change: "crd" }>;

/**
 * Google Cloud Managed Service for Prometheus's PodMonitoring: no npm package carries it, so the whole kind comes
 * from the CRD as GoogleCloudPlatform/prometheus-engine publishes it (path, tag, commit and sha256 in the file's
 * header). Its served versions, v1 and v1alpha1, become schemas; the chart emits v1 (templates/podmonitoring.yaml).
 */
export const POD_MONITORING_CRD = {
  file: "crds/monitoring.googleapis.com_podmonitorings.yaml",
  source:
    "https://github.com/GoogleCloudPlatform/prometheus-engine/blob/v0.17.2/charts/operator/crds/monitoring.googleapis.com_podmonitorings.yaml (tag v0.17.2, commit 7920a2a222af1c09535d8141684e2944670c5041)",
  /** sha256 of the published file (the document below the header this package adds). */
  sha256: "d344029bc7754e0254d7c253db9d6400b344d5837e121b42790946757bc79f1f",
} as const;

const GCP_BACKEND_POLICY_CRD =
  "GKE's served CRD, as published in https://github.com/datreeio/CRDs-catalog/blob/main/networking.gke.io/gcpbackendpolicy_v1.json";
const UBB_DOCS = "https://cloud.google.com/kubernetes-engine/docs/how-to/configure-ubb";
const COMPUTE_CLASS_DOCS = "https://cloud.google.com/kubernetes-engine/docs/reference/crds/computeclass";

/** A field name of the load balancer's logs (optionalFields, custom metric names). */
const FIELD_NAME: JsonSchema = {
  type: "string",
  minLength: 1,
  maxLength: 63,
  pattern: "^[a-z]([-_.a-z0-9]*[a-z0-9])?$",
};

const BALANCING_MODE: JsonSchema = nullable({
  description:
    "BalancingMode specifies how to determine whether the backend of a load balancer can handle additional traffic or is fully loaded: RATE, UTILIZATION or CUSTOM_METRICS.",
  type: "string",
  enum: ["CUSTOM_METRICS", "RATE", "UTILIZATION"],
});

const CAPACITY_SCALER_PERCENT: JsonSchema = nullable({
  description:
    "CapacityScalerPercent is a multiplier, 0 to 100 (default 100), applied to the backend's target capacity of its balancing mode; 0 drains the backend.",
  type: "integer",
  minimum: 0,
  maximum: 100,
});

const CUSTOM_METRICS: JsonSchema = nullable({
  description: "CustomMetrics contains configuration for custom backend load reporting metrics.",
  type: "array",
  maxItems: 2,
  items: {
    type: "object",
    properties: {
      dryRun: {
        description: "DryRun: the metric is reported but not used to balance load.",
        type: "boolean",
      },
      maxUtilizationPercent: nullable({
        description:
          "MaxUtilizationPercent: target capacity for the CUSTOM_METRICS balancing mode (default 80).",
        type: "integer",
        minimum: 0,
        maximum: 100,
      }),
      name: { description: "The name of the custom metric.", ...FIELD_NAME },
    },
    required: ["dryRun", "name"],
    additionalProperties: false,
  },
});

const LOOSE_OBJECT = (description: string): JsonSchema => ({ description, type: ["object", "null"] });

const PRIORITY = ["spec", "priorities", "[]"];

/**
 * ComputeClass fields of GKE's reference (COMPUTE_CLASS_DOCS) the package lacks. The reference documents them
 * field by field without a published schema; they are accepted as objects, so a valid class is never refused.
 */
const COMPUTE_CLASS_FIELDS: readonly (readonly [parent: string[], property: string, schema: JsonSchema])[] = [
  [
    ["spec"],
    "description",
    { description: "A short description of the ComputeClass.", type: ["string", "null"] },
  ],
  [["spec"], "nodePoolConfig", LOOSE_OBJECT("Node pool settings for every node the class creates.")],
  [["spec"], "priorityDefaults", LOOSE_OBJECT("Defaults for fields the priority rules omit.")],
  [PRIORITY, "reservations", LOOSE_OBJECT("Which Compute Engine reservations to use.")],
  [PRIORITY, "placement", LOOSE_OBJECT("A compact placement policy for the nodes.")],
  [PRIORITY, "nodeSystemConfig", LOOSE_OBJECT("Kubelet and Linux sysctl settings.")],
  [PRIORITY, "location", LOOSE_OBJECT("The zones of the nodes.")],
  [
    PRIORITY,
    "acceleratorNetworkProfile",
    {
      description: "Accelerator networking for the nodes (`auto`), as GKE's DRANET sample sets it.",
      type: ["string", "null"],
    },
  ],
  [
    PRIORITY,
    "maxRunDurationSeconds",
    { description: "How long the nodes may run before GKE stops them.", type: ["integer", "null"] },
  ],
];

export const OVERLAYS: readonly SchemaOverlay[] = [
  {
    // @kubernetes-models/gke 4.6.2 has BackendConfig v1 without customResponseHeaders; ingress-gce's v1 types
    // (CustomResponseHeaders *CustomResponseHeadersConfig, Headers []string) and GKE's CRD have it.
    change: "add",
    kind: "cloud.google.com/v1/BackendConfig",
    parent: ["spec"],
    property: "customResponseHeaders",
    schema: {
      description: "CustomResponseHeadersConfig contains configuration for custom response headers",
      type: ["object", "null"],
      properties: { headers: { type: ["array", "null"], items: { type: "string" } } },
      additionalProperties: false,
    },
    source: "https://github.com/kubernetes/ingress-gce/blob/master/pkg/apis/backendconfig/v1/types.go",
  },
  // IAP for GKE Ingress no longer needs an OAuth client of your own: ingress-gce's IAPConfig marks
  // OAuthClientCredentials `+optional` (pkg/apis/backendconfig/v1/types.go); v1beta1 shares the type.
  ...(["v1", "v1beta1"] as const).map(
    (version): SchemaOverlay => ({
      change: "optional",
      kind: `cloud.google.com/${version}/BackendConfig`,
      parent: ["spec", "iap"],
      property: "oauthclientCredentials",
      source: "https://github.com/kubernetes/ingress-gce/blob/master/pkg/apis/backendconfig/v1/types.go",
    }),
  ),
  {
    // gke-gateway-api apis/networking/v1/healthcheck_types.go: Type is the union discriminator ("Exactly one of
    // the protocol-specific health check field must be specified, which must match type field"); GKE's served
    // CRD requires it (datreeio/CRDs-catalog networking.gke.io/healthcheckpolicy_v1.json).
    change: "require",
    kind: "networking.gke.io/v1/HealthCheckPolicy",
    parent: ["spec", "default", "config"],
    property: "type",
    source:
      "https://github.com/GoogleCloudPlatform/gke-gateway-api/blob/main/apis/networking/v1/healthcheck_types.go",
  },
  // GCPBackendPolicy fields GKE serves beyond gke-gateway-api's published types: logging options
  // (the backend service's LogConfig: https://cloud.google.com/load-balancing/docs/https/https-logging-monitoring),
  // utilization-based balancing (balancingMode, capacityScalerPercent, customMetrics: UBB_DOCS) and per-cluster
  // scopes. Shapes and bounds as GKE's CRD serves them (GCP_BACKEND_POLICY_CRD).
  {
    change: "add",
    kind: "networking.gke.io/v1/GCPBackendPolicy",
    parent: ["spec", "default", "logging"],
    property: "optionalMode",
    schema: nullable({
      description: "Whether to log all optional fields, none, or the subset in optionalFields.",
      type: "string",
      enum: ["CUSTOM", "EXCLUDE_ALL_OPTIONAL", "INCLUDE_ALL_OPTIONAL"],
    }),
    source: `${GCP_BACKEND_POLICY_CRD}; https://cloud.google.com/load-balancing/docs/https/https-logging-monitoring`,
  },
  {
    change: "add",
    kind: "networking.gke.io/v1/GCPBackendPolicy",
    parent: ["spec", "default", "logging"],
    property: "optionalFields",
    schema: nullable({
      description:
        'Optional fields to include in the log entries (such as "tls.cipher" or "orca_load_report").',
      type: "array",
      maxItems: 30,
      items: FIELD_NAME,
    }),
    source: `${GCP_BACKEND_POLICY_CRD}; https://cloud.google.com/load-balancing/docs/https/https-logging-monitoring`,
  },
  ...(
    [
      ["balancingMode", BALANCING_MODE],
      ["capacityScalerPercent", CAPACITY_SCALER_PERCENT],
      ["customMetrics", CUSTOM_METRICS],
    ] as const
  ).map(
    ([property, schema]): SchemaOverlay => ({
      change: "add",
      kind: "networking.gke.io/v1/GCPBackendPolicy",
      parent: ["spec", "default"],
      property,
      schema,
      source: `${UBB_DOCS}; ${GCP_BACKEND_POLICY_CRD}`,
    }),
  ),
  {
    change: "add",
    kind: "networking.gke.io/v1/GCPBackendPolicy",
    parent: ["spec", "default"],
    property: "scopes",
    schema: nullable({
      description:
        "Scopes: policy configuration per cluster, zone or region; the first scope whose selector matches applies.",
      type: "array",
      maxItems: 16,
      items: {
        type: "object",
        properties: {
          backendPreference: nullable({ type: "string", enum: ["DEFAULT", "PREFERRED"] }),
          balancingMode: BALANCING_MODE,
          capacityScalerPercent: CAPACITY_SCALER_PERCENT,
          customMetrics: CUSTOM_METRICS,
          maxRatePerEndpoint: nullable({ type: "integer", minimum: 1, maximum: 1_000_000_000 }),
          selector: nullable({
            description: "Labels naming the backends: gke.io/zone, gke.io/region or gke.io/cluster-name.",
            type: "object",
            maxProperties: 4,
            additionalProperties: { type: "string" },
          }),
        },
        additionalProperties: false,
      },
    }),
    source: `${UBB_DOCS}; ${GCP_BACKEND_POLICY_CRD}`,
  },
  {
    // GKE's own sample omits it (GoogleCloudPlatform/kubernetes-engine-samples
    // ai-ml/gke-ray/rayserve/llm/tpu/networking/dranet-compute-class.yaml): GKE accepts a class without it.
    change: "optional",
    kind: "cloud.google.com/v1/ComputeClass",
    parent: ["spec"],
    property: "whenUnsatisfiable",
    source: COMPUTE_CLASS_DOCS,
  },
  ...COMPUTE_CLASS_FIELDS.map(
    ([parent, property, schema]): SchemaOverlay => ({
      change: "add",
      kind: "cloud.google.com/v1/ComputeClass",
      parent,
      property,
      schema,
      source: COMPUTE_CLASS_DOCS,
    }),
  ),
  { change: "crd", file: POD_MONITORING_CRD.file, source: POD_MONITORING_CRD.source },
];

/** An overlay that no longer fits the generated schema. */
export class OverlayError extends GrpcGkeError {
  override readonly name = "OverlayError";
  declare readonly reason: "overlay-mismatch";
  readonly overlay: SchemaOverlay;
  constructor(overlay: SchemaOverlay, problem: string, fix: string) {
    const what =
      overlay.change === "crd"
        ? `crd ${overlay.file}`
        : `${overlay.kind} ${[...overlay.parent, overlay.property].join(".")}`;
    super(`overlay ${what}: ${problem}\nFix: ${fix}`, { reason: "overlay-mismatch", fix });
    this.overlay = overlay;
  }
}

/** Changes the kind's schema (which the caller owns) as the field overlay says. */
export function applyOverlay(root: JsonSchema, overlay: FieldOverlay): void {
  let target = root;
  for (const name of overlay.parent) {
    const next = name === "[]" ? target.items : target.properties?.[name];
    if (next === undefined || next.$ref !== undefined) {
      throw new OverlayError(
        overlay,
        `the generated schema has no inline object at ${name}`,
        "update the overlay's parent path to where the field lives now",
      );
    }
    target = next;
  }
  const properties = target.properties;
  if (properties === undefined) {
    throw new OverlayError(overlay, "the parent has no properties", "update the overlay's parent path");
  }
  if (overlay.change === "add") {
    if (overlay.property in properties) {
      throw new OverlayError(
        overlay,
        "the declaration package defines this property now",
        "delete the overlay from packages/schemas/src/overlays.ts",
      );
    }
    target.properties = Object.fromEntries(
      [...Object.entries(properties), [overlay.property, overlay.schema] as const].sort(([a], [b]) =>
        a.localeCompare(b),
      ),
    );
    return;
  }
  const property = properties[overlay.property];
  if (property === undefined) {
    throw new OverlayError(overlay, "the parent has no such property", "update the overlay's property");
  }
  const required = target.required ?? [];
  if (overlay.change === "optional") {
    if (!required.includes(overlay.property)) {
      throw new OverlayError(overlay, "the property is optional already", "delete the overlay");
    }
    const rest = required.filter((name) => name !== overlay.property);
    if (rest.length === 0) delete target.required;
    else target.required = rest;
    properties[overlay.property] = nullable(property);
    return;
  }
  if (required.includes(overlay.property)) {
    throw new OverlayError(overlay, "the property is required already", "delete the overlay");
  }
  target.required = [...required, overlay.property];
  const types = Array.isArray(property.type)
    ? property.type.filter((type) => type !== "null")
    : property.type;
  properties[overlay.property] = {
    ...property,
    ...(types === undefined ? {} : { type: Array.isArray(types) && types.length === 1 ? types[0] : types }),
    ...(property.enum === undefined ? {} : { enum: property.enum.filter((value) => value !== null) }),
  };
}
