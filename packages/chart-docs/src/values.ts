import { isMap, isNode, isScalar, isSeq, parseDocument, YAMLMap } from "yaml";
import { ChartDocsError } from "./errors.ts";

/** Parses values.yaml keeping comments; the top level must be a mapping. */
export function parseValues(file: string, text: string): YAMLMap {
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first !== undefined) {
    throw new ChartDocsError("yaml-invalid", file, `invalid YAML: ${first.message}`, "Fix the YAML syntax.", {
      cause: first,
    });
  }
  if (doc.contents === null) {
    // An empty values.yaml documents nothing; treat it as an empty mapping.
    return new YAMLMap();
  }
  if (!isMap(doc.contents)) {
    throw new ChartDocsError(
      "yaml-invalid",
      file,
      "the top level is not a mapping",
      "values.yaml must be a mapping of value names to defaults.",
    );
  }
  return doc.contents;
}

const MARKER = /^\s?--(?:\s|$)/;

/**
 * The helm-docs description in a comment block (as the `yaml` package stores it: the `#` of each line
 * removed, lines joined with `\n`). The description starts at the last line beginning with `--` and
 * continues to the end of the block; lines are trimmed and joined with one space. Lines before the
 * `--` line (section headers) are not part of it. Returns undefined when there is no `--` line.
 */
export function commentDescription(comment: string | null | undefined): string | undefined {
  if (comment === null || comment === undefined) return undefined;
  const lines = comment.split("\n");
  let start = -1;
  for (const [index, line] of lines.entries()) {
    if (MARKER.test(line)) start = index;
  }
  if (start === -1) return undefined;
  const first = (lines[start] ?? "").replace(MARKER, "");
  return [first, ...lines.slice(start + 1)]
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}

/** A number as written in values.yaml when that is valid JSON (keeps `1.0`), else its JSON form. */
function renderNumber(value: number, source: string | undefined): string {
  if (source !== undefined && /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(source)) return source;
  return JSON.stringify(value);
}

/** The default as compact JSON (helm-docs style: `nil` for null, numbers as written). */
export function renderDefault(node: unknown): string {
  if (node === null || node === undefined) return "nil";
  if (isScalar(node)) {
    const value: unknown = node.value;
    if (value === null) return "nil";
    if (typeof value === "number") return renderNumber(value, node.source);
    return JSON.stringify(value) ?? "nil";
  }
  if (isMap(node)) {
    const items = node.items.map((pair) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      return `${JSON.stringify(key)}:${renderDefault(pair.value)}`;
    });
    return `{${items.join(",")}}`;
  }
  if (isSeq(node)) return `[${node.items.map((item) => renderDefault(item)).join(",")}]`;
  // Aliases and other nodes: their resolved JS value.
  return (isNode(node) ? JSON.stringify(node.toJSON()) : JSON.stringify(node)) ?? "nil";
}

/** The JSON-Schema-style type of a values.yaml node, used when the schema has no type for the value. */
export function yamlType(node: unknown): string {
  if (isMap(node)) return "object";
  if (isSeq(node)) return "array";
  const value: unknown = isScalar(node) ? node.value : node;
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "boolean") return "boolean";
  return "string";
}

export function keyName(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}
