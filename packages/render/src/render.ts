import { parseManifests, type RenderedDocument } from "@grpc-gke/manifest";
import { type HelmTemplateOutput, helmTemplate, type RenderOptions } from "./template.ts";

export interface RenderResult extends HelmTemplateOutput {
  readonly documents: RenderedDocument[];
}

/** Runs `helm template` and returns each rendered object with the template it came from. */
export async function render(options: RenderOptions): Promise<RenderResult> {
  const { manifest, helm } = await helmTemplate(options);
  return { documents: parseManifests(manifest, options.chart), manifest, helm };
}
