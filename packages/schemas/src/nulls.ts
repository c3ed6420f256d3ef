import type { JsonSchema } from "./json-schema.ts";

/**
 * A reference that must not be null. Definitions accept null (an optional field set to null is unset for
 * Kubernetes), so where null is not allowed (a required field, a list item, a map value) the reference is
 * wrapped: `{allOf: [{$ref}], not: {type: "null"}}` (draft-07 ignores keywords beside a `$ref`). The API server
 * refuses null there: a required field that is null is missing.
 */
export function notNull(schema: JsonSchema): JsonSchema {
  return { allOf: [schema], not: { type: "null" } };
}

function wrap(schema: JsonSchema): JsonSchema {
  return schema.$ref !== undefined ? notNull(schema) : schema;
}

function visit(schema: JsonSchema, done: Set<JsonSchema>): void {
  if (done.has(schema)) return;
  done.add(schema);
  if (schema.properties !== undefined) {
    for (const [name, property] of Object.entries(schema.properties)) {
      if (schema.required?.includes(name)) schema.properties[name] = wrap(property);
      visit(property, done);
    }
  }
  if (typeof schema.additionalProperties === "object") {
    schema.additionalProperties = wrap(schema.additionalProperties);
    visit(schema.additionalProperties, done);
  }
  if (schema.items !== undefined) {
    schema.items = wrap(schema.items);
    visit(schema.items, done);
  }
  for (const member of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    visit(member, done);
  }
}

/** Wraps every reference that must not be null, in kinds and definitions (each schema object once). */
export function refuseNullReferences(roots: readonly JsonSchema[]): void {
  const done = new Set<JsonSchema>();
  for (const root of roots) visit(root, done);
}
