export { describeObject, type KubeObject, type ObjectMeta, type RenderedDocument } from "./document.ts";
export { GrpcGkeError, messageWithFix } from "./errors.ts";
export {
  BUILTIN_FOLDER_PATTERN,
  builtinFolder,
  builtinSchemaPath,
  customSchemaPath,
  type KindName,
  KindNameError,
  kindNameProblem,
  schemaPathCandidates,
  splitApiVersion,
} from "./layout.ts";
export {
  collectManifests,
  type ManifestEntry,
  ManifestParseError,
  type ManifestParseReason,
  parseManifests,
  readManifests,
} from "./parse.ts";
export { joinPath, jsonPath, type PathSegment, pathFromPointer } from "./path.ts";
export { CHART_DIR, EXAMPLE_VALUES, REPO_ROOT, SCHEMA_ROOT } from "./paths.ts";
export { failsRun, type Problem, type Severity } from "./problem.ts";
export { KUBERNETES_VERSION } from "./version.ts";
