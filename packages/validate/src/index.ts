/** The Kubernetes version the schemas (and so the validator) are for; charts are rendered for it. */
export { KUBERNETES_VERSION } from "@grpc-gke/schemas/version";
export type { Problem } from "./problem.ts";
export {
  createValidator,
  DEFAULT_SCHEMA_ROOT,
  SchemaFileError,
  SchemaRootError,
  type Validator,
  type ValidatorOptions,
} from "./validator.ts";
