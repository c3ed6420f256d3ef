/** The document types a render returns; parse and describe them with @grpc-gke/manifest. */
export type { KubeObject, ObjectMeta, RenderedDocument } from "@grpc-gke/manifest";
export { HelmTemplateError, type RenderOptions, type RenderResult, render } from "./render.ts";
