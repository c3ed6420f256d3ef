/** The document types a render returns; parse and describe them with @grpc-gke/manifest. */
export type { KubeObject, ObjectMeta, RenderedDocument } from "@grpc-gke/manifest";
export { type DeclaredKind, declaredKinds } from "./kinds.ts";
export { type RenderResult, render } from "./render.ts";
export {
  HelmTemplateError,
  type HelmTemplateOutput,
  helmTemplate,
  type RenderOptions,
  type RunningHelmTemplate,
  startHelmTemplate,
} from "./template.ts";
export { coalesceValues, isValuesMap, type Values, valueAt } from "./values.ts";
