/**
 * What a schema file declares about itself, read the same way by the build-time compiler (which kinds its index
 * holds) and by the validator (whether a file found by name is the one for an apiVersion/kind).
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The single value a schema's `field` property is pinned to by `enum` (apiVersion, kind), if any. */
export function constant(schema: unknown, field: string): string | undefined {
  if (!isRecord(schema) || !isRecord(schema.properties)) return undefined;
  const property = schema.properties[field];
  if (!isRecord(property) || !Array.isArray(property.enum)) return undefined;
  const [value] = property.enum;
  return typeof value === "string" ? value : undefined;
}
