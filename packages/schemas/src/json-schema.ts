/** The subset of JSON Schema (draft-07) the generator emits. */
export type JsonType = "object" | "array" | "string" | "number" | "integer" | "boolean" | "null";

export interface JsonSchema {
  $schema?: string;
  $comment?: string;
  $ref?: string;
  description?: string;
  type?: JsonType | JsonType[];
  enum?: (string | number | null)[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  definitions?: Record<string, JsonSchema>;
  /** `allOf: [{$ref}]` with `not: {type: "null"}`: a reference that must not be null (see notNull). */
  allOf?: JsonSchema[];
  not?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  maxProperties?: number;
  minProperties?: number;
}

/** Adds "null" to a schema's accepted types (Kubernetes treats `field: null` on an optional field as unset). */
export function nullable(schema: JsonSchema): JsonSchema {
  if (schema.type === undefined) {
    return schema; // free-form or $ref: a $ref target is nullable itself (see definitions)
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes("null")) {
    return schema;
  }
  const result: JsonSchema = { ...schema, type: [...types, "null"] };
  if (schema.enum !== undefined) {
    result.enum = [...schema.enum, null];
  }
  return result;
}
