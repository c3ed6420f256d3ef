import type { Problem, RenderedDocument } from "@grpc-gke/manifest";
import { checkPolicy } from "@grpc-gke/policy";
import { createValidator } from "@grpc-gke/validate";

type Validator = ReturnType<typeof createValidator>;
let validator: Validator | undefined;

/** Every problem in a set of objects: strict schema violations first, then the GKE policy rules. */
export function inspect(documents: readonly RenderedDocument[]): Problem[] {
  validator ??= createValidator();
  return [...validator.validate(documents), ...checkPolicy(documents)];
}
