/**
 * The one path style of Problem.path, for every check: dotted field names and bracketed indexes
 * (`spec.ports[0].name`); a key that is not an identifier (an annotation name, a label with a slash) is quoted
 * in brackets: `metadata.annotations["cloud.google.com/neg"]`. "" is the whole object.
 */

export type PathSegment = string | number;

/**
 * Keys written bare after a dot. Hyphens are allowed after the first character, as Kubernetes label keys
 * without a prefix use them (`metadata.labels.app-name`); a dot, slash, space or leading digit means quotes.
 */
const BARE_KEY = /^[A-Za-z_$][\w$-]*$/;

/** Appends segments to a path: `joinPath("spec", "ports", 0)` → `spec.ports[0]`. */
export function joinPath(parent: string, ...segments: readonly PathSegment[]): string {
  let path = parent;
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (BARE_KEY.test(segment)) path += path === "" ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** A path from the object's root: `jsonPath("metadata", "annotations", "cloud.google.com/neg")`. */
export function jsonPath(...segments: readonly PathSegment[]): string {
  return joinPath("", ...segments);
}

/**
 * A JSON pointer (`/spec/ports/0/port`, as ajv reports it) in the path style. The data it points into tells
 * an array index (`[0]`) from a map key that looks like a number (`["0"]`).
 */
export function pathFromPointer(pointer: string, data: unknown): string {
  if (pointer === "") return "";
  const segments: PathSegment[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(current)) {
      segments.push(Number(segment));
      current = current[Number(segment)];
      continue;
    }
    segments.push(segment);
    current =
      typeof current === "object" && current !== null
        ? (current as Record<string, unknown>)[segment]
        : undefined;
  }
  return jsonPath(...segments);
}
