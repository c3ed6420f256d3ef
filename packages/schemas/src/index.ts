export { SourcePackageNotFoundError, UnsupportedDeclarationError } from "./declarations.ts";
export {
  compareSchemas,
  type GeneratedSchemas,
  generateSchemas,
  listFiles,
  SCHEMA_ROOT,
  type SchemaDifference,
  schemaPath,
  writeSchemas,
} from "./generate.ts";
export type { JsonSchema } from "./json-schema.ts";
export { BUILTIN_FOLDER, DEFINITIONS_KUBERNETES_VERSION, KUBERNETES_VERSION, SOURCES } from "./sources.ts";
