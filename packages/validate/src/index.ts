/** The type `validate` returns (from @grpc-gke/manifest, like the Kubernetes version the schemas are for). */
export type { Problem } from "@grpc-gke/manifest";
export { type RemovedApi, removedApi } from "./removed-apis.ts";
export {
  createValidator,
  SchemaFileError,
  SchemaRootError,
  type SchemaRootReason,
  type Validator,
  type ValidatorOptions,
} from "./validator.ts";
