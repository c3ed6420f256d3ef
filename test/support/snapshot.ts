import type { RenderedDocument } from "@grpc-gke/manifest";
import { stringify } from "yaml";

/** A rendered set as a readable multi-document YAML file, each object under its source template. */
export function toSnapshot(documents: readonly RenderedDocument[]): string {
  return documents
    .map(
      ({ source, object }) =>
        `---\n# Source: ${source}\n${stringify(object, { lineWidth: 0, aliasDuplicateObjects: false })}`,
    )
    .join("");
}
