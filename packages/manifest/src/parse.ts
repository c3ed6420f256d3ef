import { isMap, parseAllDocuments } from "yaml";
import type { KubeObject, RenderedDocument } from "./document.ts";
import { GrpcGkeError } from "./errors.ts";

export type ManifestParseReason = "yaml-invalid" | "not-a-mapping" | "field-missing";

/** A manifest stream that is not YAML, or a document that is not a Kubernetes object. */
export class ManifestParseError extends GrpcGkeError {
  override readonly name = "ManifestParseError";
  declare readonly reason: ManifestParseReason;
  readonly origin: string;
  readonly index: number;
  readonly line: number | undefined;
  /** Where, in words: `document 2, line 14`. */
  readonly where: string;
  readonly problem: string;

  constructor(
    reason: ManifestParseReason,
    origin: string,
    index: number,
    line: number | undefined,
    problem: string,
    fix: string,
  ) {
    const where = line === undefined ? `document ${index + 1}` : `document ${index + 1}, line ${line}`;
    super(`${origin} (${where}): ${problem}\nFix: ${fix}`, { reason, fix });
    this.origin = origin;
    this.index = index;
    this.line = line;
    this.where = where;
    this.problem = problem;
  }
}

const SOURCE_COMMENT = /^\s*Source:\s*(\S+)/m;

/**
 * Parses a multi-document YAML stream of Kubernetes objects. Documents that hold nothing (a lone `---`)
 * are not objects and are dropped; anything else must be a mapping with apiVersion and kind.
 */
export function parseManifests(text: string, origin: string): RenderedDocument[] {
  const documents: RenderedDocument[] = [];
  const lineStarts = lineOffsets(text);
  parseAllDocuments(text, { prettyErrors: false }).forEach((document, index) => {
    const firstError = document.errors[0];
    if (firstError !== undefined) {
      throw new ManifestParseError(
        "yaml-invalid",
        origin,
        index,
        lineOf(lineStarts, firstError.pos[0]),
        `not valid YAML: ${firstError.message.split("\n")[0]}`,
        "Correct the YAML syntax at that line.",
      );
    }
    const comment = [
      document.commentBefore,
      isMap(document.contents) ? document.contents.commentBefore : null,
    ]
      .filter((part): part is string => typeof part === "string")
      .join("\n");
    const source = SOURCE_COMMENT.exec(comment)?.[1] ?? `${origin}#${index}`;
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return;
    const line = document.range ? lineOf(lineStarts, document.range[0]) : undefined;
    if (typeof value !== "object" || Array.isArray(value)) {
      throw new ManifestParseError(
        "not-a-mapping",
        origin,
        index,
        line,
        `a Kubernetes object must be a mapping, found ${Array.isArray(value) ? "a list" : typeof value}.`,
        "Give each document apiVersion, kind and metadata at its top level.",
      );
    }
    const record = value as Record<string, unknown>;
    for (const field of ["apiVersion", "kind"] as const) {
      if (typeof record[field] !== "string" || record[field] === "") {
        throw new ManifestParseError(
          "field-missing",
          origin,
          index,
          line,
          `${source} has no ${field}; every Kubernetes object needs apiVersion and kind.`,
          `Add a string \`${field}\` at the top level of the document.`,
        );
      }
    }
    documents.push({ source, index, object: record as KubeObject });
  });
  return documents;
}

function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}
