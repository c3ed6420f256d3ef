import { GrpcGkeError } from "@grpc-gke/manifest/errors";
import type { JsonSchema } from "./json-schema.ts";

/**
 * Fields the upstream API has that the pinned declaration packages do not carry yet. Each one adds a property
 * to a generated kind, with the upstream source it comes from; the generator refuses an overlay whose parent
 * is missing or whose property the package has since gained (then the overlay is obsolete: delete it).
 */
export interface SchemaOverlay {
  /** `group/version/Kind`, e.g. `cloud.google.com/v1/BackendConfig`. */
  readonly kind: string;
  /** Property names from the root to the object that gains the property. */
  readonly parent: readonly string[];
  readonly property: string;
  readonly schema: JsonSchema;
  /** Where the field is defined upstream. */
  readonly source: string;
}

export const OVERLAYS: readonly SchemaOverlay[] = [
  {
    // @kubernetes-models/gke 4.6.2 has BackendConfig v1 without customResponseHeaders; ingress-gce's v1 types
    // (CustomResponseHeaders *CustomResponseHeadersConfig, Headers []string) and GKE's CRD have it.
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
];

/** An overlay that no longer fits the generated schema. */
export class OverlayError extends GrpcGkeError {
  override readonly name = "OverlayError";
  declare readonly reason: "overlay-mismatch";
  readonly overlay: SchemaOverlay;
  constructor(overlay: SchemaOverlay, problem: string, fix: string) {
    super(
      `overlay ${overlay.kind} ${[...overlay.parent, overlay.property].join(".")}: ${problem}\nFix: ${fix}`,
      { reason: "overlay-mismatch", fix },
    );
    this.overlay = overlay;
  }
}

/** Adds an overlay's property to the kind's schema (which the caller owns). */
export function applyOverlay(root: JsonSchema, overlay: SchemaOverlay): void {
  let target = root;
  for (const name of overlay.parent) {
    const next = target.properties?.[name];
    if (next === undefined || next.$ref !== undefined) {
      throw new OverlayError(
        overlay,
        `the generated schema has no inline object at ${name}`,
        "update the overlay's parent path to where the field lives now",
      );
    }
    target = next;
  }
  if (target.properties === undefined) {
    throw new OverlayError(overlay, "the parent has no properties", "update the overlay's parent path");
  }
  if (overlay.property in target.properties) {
    throw new OverlayError(
      overlay,
      "the declaration package defines this property now",
      "delete the overlay from packages/schemas/src/overlays.ts",
    );
  }
  target.properties = Object.fromEntries(
    [...Object.entries(target.properties), [overlay.property, overlay.schema] as const].sort(([a], [b]) =>
      a.localeCompare(b),
    ),
  );
}
