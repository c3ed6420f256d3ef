/**
 * Values as helm sees them: the effective values of a release are the user's values coalesced over the chart's
 * values.yaml (helm's pkg/chart/util/coalesce.go: maps merge key by key, a `null` deletes the chart's key, any
 * other value replaces it).
 */

/** A values tree as YAML or JSON gives it. */
export type Values = Readonly<Record<string, unknown>>;

/** A map in a values tree (not an array, not null). */
export const isValuesMap = (value: unknown): value is Values =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `overrides` coalesced over `base` the way helm does it (maps merge key by key, `null` deletes the key). */
export function coalesceValues(base: Values, overrides: Values): Values {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    if (value === null) delete merged[key];
    else merged[key] = isValuesMap(current) && isValuesMap(value) ? coalesceValues(current, value) : value;
  }
  return merged;
}

/** The value at a dotted path (`backendTLS.mode`), or undefined. */
export function valueAt(values: Values, path: string): unknown {
  let current: unknown = values;
  for (const key of path.split(".")) current = isValuesMap(current) ? current[key] : undefined;
  return current;
}
