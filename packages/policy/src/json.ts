/** Narrowing helpers for the untyped parts of a Kubernetes object. Schemas check shapes; rules only read. */

export type JsonRecord = Readonly<Record<string, unknown>>;

export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonRecord)
    : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A number, or a string holding an integer (annotations and env are strings). */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** Reads a nested field: `at(object, "spec", "template", "spec")`. */
export function at(value: unknown, ...keys: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof key === "number") current = Array.isArray(current) ? current[key] : undefined;
    else current = asRecord(current)?.[key];
  }
  return current;
}

export function asStringMap(value: unknown): Readonly<Record<string, string>> {
  const record = asRecord(value);
  const map: Record<string, string> = {};
  if (record === undefined) return map;
  for (const [key, entry] of Object.entries(record)) if (typeof entry === "string") map[key] = entry;
  return map;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A dotted JSON path, the form Problem.path uses: `spec.ports[0].name`; keys that are not identifiers
 * (annotation names) are quoted: `metadata.annotations["cloud.google.com/neg"]`.
 */
export function jsonPath(...segments: readonly (string | number)[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (segment === "") continue;
    else if (IDENTIFIER.test(segment)) path += path === "" ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

export type JsonParse =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string };

/** Parses a JSON annotation value; undefined when the annotation is absent. */
export function parseJson(text: string | undefined): JsonParse | undefined {
  if (text === undefined) return undefined;
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
