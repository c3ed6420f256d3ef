export {
  describeObject,
  type KubeObject,
  ManifestParseError,
  type ObjectMeta,
  parseManifests,
  type RenderedDocument,
} from "./manifests.ts";
export { HelmTemplateError, type RenderOptions, type RenderResult, render } from "./render.ts";
