import { ChartDocsError } from "./errors.ts";

/** A JSON Schema object, read loosely: only the keywords this package uses are looked at. */
export type SchemaNode = { [keyword: string]: unknown };

function isSchemaNode(value: unknown): value is SchemaNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function parseSchema(file: string, text: string): SchemaNode {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ChartDocsError(
      "schema-invalid",
      file,
      `invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
      "Fix the JSON syntax.",
      { cause: error },
    );
  }
  if (!isSchemaNode(parsed)) {
    throw new ChartDocsError(
      "schema-invalid",
      file,
      "the schema is not an object",
      "The root must be a JSON object.",
    );
  }
  return parsed;
}

/** The schema's own properties (`properties` keyword), empty when it has none. */
export function properties(node: SchemaNode): Map<string, SchemaNode> {
  const result = new Map<string, SchemaNode>();
  const props = node.properties;
  if (!isSchemaNode(props)) return result;
  for (const [name, child] of Object.entries(props)) {
    if (isSchemaNode(child)) result.set(name, child);
  }
  return result;
}

/** True when keys other than `properties` are refused (`additionalProperties: false`). */
export function isStrict(node: SchemaNode): boolean {
  return node.additionalProperties === false;
}

function ownTypes(node: SchemaNode): string[] {
  const { type } = node;
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === "string");
  const alternatives = Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : [];
  const types: string[] = [];
  for (const alternative of alternatives) {
    if (!isSchemaNode(alternative)) continue;
    for (const t of ownTypes(alternative)) if (!types.includes(t)) types.push(t);
  }
  return types;
}

/** `string`, `integer or null`, `integer or string` (oneOf/anyOf)... or undefined when the schema has no type. */
export function schemaType(node: SchemaNode): string | undefined {
  const types = ownTypes(node);
  return types.length === 0 ? undefined : types.join(" or ");
}

/** The schema as written by `generate`: 2-space JSON with a trailing newline (key order kept). */
export function serializeSchema(schema: SchemaNode): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
