export { SourcePackageNotFoundError, UnsupportedDeclarationError } from "./declarations.ts";
export { FINGERPRINT_FILE, inputFingerprint, outputFingerprint } from "./fingerprint.ts";
export {
  compareSchemas,
  type GeneratedSchemas,
  generateSchemas,
  listFiles,
  type SchemaDifference,
  SchemaPathCollisionError,
  schemaPath,
  writeSchemas,
} from "./generate.ts";
export type { JsonSchema } from "./json-schema.ts";
export { OverlayError } from "./overlays.ts";
export { DEFINITIONS_KUBERNETES_VERSION, SOURCES, type SourcePackage } from "./sources.ts";
