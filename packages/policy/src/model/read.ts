/**
 * Reading manifests that may be invalid. Schemas check shapes; the model only reads, and never trusts a field
 * to have its declared type.
 *
 * Where a kubernetes-models type describes the object (`IServicePort`, `IPodSpec`, `IHTTPRouteSpec`, ...), the
 * model reads it as `Unchecked<T>`: the field names come from the pinned type (a misspelt field does not
 * compile), every value is `unknown` until a narrowing helper below says what it is.
 */

/** An object of a known type, read from a manifest that may not match it: names typed, values unknown. */
export type Unchecked<T> = { readonly [K in keyof T]?: unknown };

type Element<T> = T extends readonly (infer E)[] ? E : never;

export type JsonRecord = Readonly<Record<string, unknown>>;

export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonRecord)
    : undefined;
}

/** A value read as the object type `T` (see Unchecked); undefined when it is not an object at all. */
export function readAs<T>(value: unknown): Unchecked<T> | undefined {
  return asRecord(value) as Unchecked<T> | undefined;
}

/** A field of an unchecked object, itself read as the field's declared object type. */
export function field<T, K extends keyof T>(
  parent: Unchecked<T> | undefined,
  key: K,
): Unchecked<NonNullable<T[K]>> | undefined {
  return readAs<NonNullable<T[K]>>(parent?.[key]);
}

/**
 * A list field of an unchecked object, each entry read as the declared element type; an entry that is not an
 * object is undefined, so indexes (and the paths built from them) stay those of the manifest.
 */
export function entries<T, K extends keyof T>(
  parent: Unchecked<T> | undefined,
  key: K,
): readonly (Unchecked<Element<NonNullable<T[K]>>> | undefined)[] {
  return asArray(parent?.[key]).map((entry) => readAs<Element<NonNullable<T[K]>>>(entry));
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

/** Reads a nested field of an untyped value: `at(object, "spec", "template", "spec")`. */
export function at(value: unknown, ...keys: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof key === "number") current = Array.isArray(current) ? current[key] : undefined;
    else current = asRecord(current)?.[key];
  }
  return current;
}

/** The string entries of a map (labels, annotations, ConfigMap data); other entries are dropped. */
export function asStringMap(value: unknown): Readonly<Record<string, string>> {
  const record = asRecord(value);
  // No prototype: a key like "constructor" or "__proto__" from a manifest is an ordinary key, and looking up a
  // name that is not there (a port named "toString") finds nothing instead of Object.prototype's members.
  const map: Record<string, string> = Object.create(null);
  if (record === undefined) return map;
  for (const [key, entry] of Object.entries(record)) if (typeof entry === "string") map[key] = entry;
  return map;
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
