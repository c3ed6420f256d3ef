/** Turns ajv's errors into words a person can act on (paths: pathFromPointer in @grpc-gke/manifest). */

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j] ?? 0;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + cost);
      previous = saved;
    }
  }
  return row[b.length] ?? 0;
}

/** The known field closest to a misspelled one, if it is close enough to be a typo. */
export function closest(field: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = distance(field, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(field.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** "integer,null" → "integer"; "integer,string,null" → "integer or string". */
export function typeWords(type: unknown): string {
  const types = String(type)
    .split(",")
    .filter((name) => name !== "null");
  return types.length === 0 ? "null" : types.join(" or ");
}

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string")
    return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === "number") return Number.isInteger(value) ? `integer ${value}` : `number ${value}`;
  return `${typeof value} ${String(value)}`;
}

export function typeFix(expected: string, value: unknown, field: string): string {
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) && /integer|number/.test(expected)) {
    return `write ${value} without quotes (in a Helm template, drop \`| quote\` or pipe the value through \`int\`)`;
  }
  if (expected === "boolean" && (value === "true" || value === "false")) {
    return `write ${value} without quotes (in a Helm template, drop \`| quote\`)`;
  }
  if (expected.startsWith("string") && (typeof value === "number" || typeof value === "boolean")) {
    return `quote the value: ${field}: "${String(value)}" (in a Helm template, use \`| quote\`)`;
  }
  return `set \`${field}\` to a value of type ${expected}`;
}
