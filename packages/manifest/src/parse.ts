import { Composer, type Document, isMap, isScalar, Parser, type ScalarTag, type Tags } from "yaml";
import type { KubeObject, RenderedDocument } from "./document.ts";
import { GrpcGkeError } from "./errors.ts";

export type ManifestParseReason =
  | "yaml-invalid"
  | "duplicate-key"
  | "excessive-aliasing"
  | "not-a-mapping"
  | "field-missing";

/** A manifest stream that is not YAML, or a document that is not a Kubernetes object. */
export class ManifestParseError extends GrpcGkeError {
  override readonly name = "ManifestParseError";
  declare readonly reason: ManifestParseReason;
  readonly origin: string;
  /** Position of the document in its stream, from 0 (`document` is the 1-based number people read). */
  readonly index: number;
  /** The 1-based document number, as every message says it. */
  readonly document: number;
  readonly line: number | undefined;
  /** Where, in words: `document 2, line 14` (`document 2, items[3]` inside a List). */
  readonly where: string;
  readonly problem: string;

  constructor(
    reason: ManifestParseReason,
    origin: string,
    index: number,
    line: number | undefined,
    problem: string,
    fix: string,
    item?: number,
  ) {
    const parts = [`document ${index + 1}`];
    if (item !== undefined) parts.push(`items[${item}]`);
    if (line !== undefined) parts.push(`line ${line}`);
    const where = parts.join(", ");
    super(`${origin} (${where}): ${problem}\nFix: ${fix}`, { reason, fix });
    this.origin = origin;
    this.index = index;
    this.document = index + 1;
    this.line = line;
    this.where = where;
    this.problem = problem;
  }
}

/** One entry of a manifest stream: an object, or the reason a document is not one. */
export type ManifestEntry =
  | { readonly ok: true; readonly document: RenderedDocument }
  | { readonly ok: false; readonly error: ManifestParseError };

const SOURCE_COMMENT = /^\s*Source:\s*(\S+)/m;

/**
 * How kubectl reads YAML: sigs.k8s.io/yaml converts each document to JSON with go-yaml v2
 * (https://github.com/kubernetes-sigs/yaml/blob/master/yaml.go, `yamlToJSON` with `yaml.Unmarshal`), whose
 * resolver is YAML 1.1's: `y/Y/yes/Yes/YES/on/On/ON` are true, `n/N/no/No/NO/off/Off/OFF` false, `0777` is octal,
 * `<<` merges (https://github.com/go-yaml/yaml/blob/v2.4.0/resolve.go, `resolveMapList`). go-yaml v2 does not
 * read base-60 numbers ("base-60 floats from YAML 1.1 are purposefully not supported", its README) and a
 * timestamp decoded into interface{} stays a string (decode.go: "for backward compatibility reasons we set it
 * as a string"), so those tags of the `yaml` package's 1.1 schema are left out, as are the collection tags
 * JSON has no value for (`!!set`, `!!omap`, `!!pairs`, `!!binary`: their text is kept as a string).
 */
function kubectlTags(tags: Tags): Tags {
  const kept = tags.filter((tag) => {
    const id = typeof tag === "string" ? tag : tag.tag;
    if (typeof tag !== "string" && tag.format === "TIME") return false;
    // The 1.1 schema's two float tags also take `e2` or a lone `.`, which go-yaml v2 reads as strings: GO_FLOAT below.
    if (typeof tag !== "string" && id === FLOAT && tag.test?.source.includes("inf") !== true) return false;
    return ![
      "tag:yaml.org,2002:timestamp",
      "tag:yaml.org,2002:set",
      "tag:yaml.org,2002:omap",
      "tag:yaml.org,2002:pairs",
      "tag:yaml.org,2002:binary",
    ].includes(id);
  });
  return [...kept, GO_OCTAL, GO_FLOAT];
}

const FLOAT = "tag:yaml.org,2002:float";

/**
 * A float as go-yaml v2 resolves a plain scalar (resolve.go at v2.4.0, `resolve`): only a scalar starting with a
 * digit, a sign or `.` can be a number; with a digit or sign, underscores are dropped and the rest must match
 * `yamlStyleFloat` (`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`); with `.`, Go's ParseFloat must take
 * it as it is (no underscores). `.inf`/`.nan` come from the 1.1 schema's own tag, as in go-yaml's map.
 */
const GO_FLOAT: ScalarTag = {
  identify: (value) => typeof value === "number",
  default: true,
  tag: FLOAT,
  test: /^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?)$/,
  resolve: (text) => Number(text.replaceAll("_", "")),
};

/** `0o17`: Go's `strconv.ParseInt(s, 0, 64)`, which go-yaml v2 tries first, reads the `0o` octal prefix. */
const GO_OCTAL: ScalarTag = {
  identify: () => false,
  default: true,
  tag: "tag:yaml.org,2002:int",
  test: /^[-+]?0o[0-7_]+$/,
  resolve: (text) => {
    const sign = text.startsWith("-") ? -1 : 1;
    return sign * Number.parseInt(text.replace(/^[-+]?0o/, "").replaceAll("_", ""), 8);
  },
};

/**
 * Parse options: YAML 1.1 as above; a duplicate key is an error, as the API server's strict decoding
 * (kubectl's default `--validate=strict`) refuses it: k8s.io/apimachinery pkg/runtime/serializer/json/json.go
 * runs `yaml.YAMLToJSONStrict` "to catch duplicate fields in YAML".
 */
const YAML_OPTIONS = {
  version: "1.1",
  merge: true,
  uniqueKeys: true,
  customTags: kubectlTags,
} as const;

/**
 * Alias expansions allowed per document (the `yaml` package counts each use of an anchor times the aliases
 * inside it). go-yaml v2 accepts ordinary reuse (an anchor used hundreds of times) and refuses only
 * "excessive aliasing" (decode.go `allowedAliasRatio`); this bound lets reuse through and stops exponential
 * "billion laughs" expansion long before it costs memory.
 */
const MAX_ALIAS_COUNT = 10_000;

/**
 * A kind that holds other objects in `items`, as `kubectl get -o yaml` prints them (`kind: List`, or a typed
 * list like `ServiceList`). kubectl unpacks them: the unstructured decoder reads any object with `items` as a
 * list (k8s.io/apimachinery pkg/apis/meta/v1/unstructured/helpers.go, `unstructuredJSONScheme.decode`), and the
 * resource builder visits each item (k8s.io/cli-runtime pkg/resource/visitor.go, `FlattenListVisitor`).
 */
function isList(record: Record<string, unknown>): boolean {
  return typeof record.kind === "string" && record.kind.endsWith("List") && Array.isArray(record.items);
}

/**
 * Reads a multi-document YAML stream of Kubernetes objects one document at a time, as kubectl would (see
 * YAML_OPTIONS). Documents that hold nothing (a lone `---`, only comments) are skipped; a List is unpacked into
 * its items. A document that is not valid YAML, or not an object with apiVersion and kind, is yielded as an
 * error and the stream goes on: one bad document never hides the others. Only one document's syntax tree is
 * held at a time.
 */
export function* readManifests(text: string, origin: string): Generator<ManifestEntry> {
  const lineStarts = lineOffsets(text);
  const lineAt = (offset: number): number => lineOf(lineStarts, offset);
  const composer = new Composer(YAML_OPTIONS);
  let index = 0;
  for (const document of composer.compose(new Parser().parse(text), false, text.length)) {
    yield* readDocument(document, index, origin, text, lineAt);
    index++;
  }
}

function* readDocument(
  document: Document.Parsed,
  index: number,
  origin: string,
  text: string,
  lineAt: (offset: number) => number,
): Generator<ManifestEntry> {
  const line = lineAt(document.contents?.range[0] ?? document.range[0]);
  const fail = (reason: ManifestParseReason, problem: string, fix: string, at = line, item?: number) =>
    ({ ok: false, error: new ManifestParseError(reason, origin, index, at, problem, fix, item) }) as const;
  const firstError = document.errors[0];
  if (firstError !== undefined) {
    const at = lineAt(firstError.pos[0]);
    if (firstError.code === "DUPLICATE_KEY") {
      const key = keyAt(text, firstError.pos[0]);
      yield fail(
        "duplicate-key",
        `duplicate key \`${key}\` at line ${at}: the mapping already has \`${key}\`; the API server's strict decoding refuses duplicate fields (and a lenient reader silently keeps only the last one).`,
        `Keep one \`${key}\` in that mapping and merge the values you meant into it.`,
        at,
      );
    } else {
      yield fail(
        "yaml-invalid",
        `not valid YAML: ${firstError.message.split("\n")[0]}`,
        "Correct the YAML syntax at that line.",
        at,
      );
    }
    return;
  }
  const comment = [document.commentBefore, isMap(document.contents) ? document.contents.commentBefore : null]
    .filter((part): part is string => typeof part === "string")
    .join("\n");
  const source = SOURCE_COMMENT.exec(comment)?.[1] ?? `${origin}#${index + 1}`;
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const excessive = error instanceof ReferenceError && /alias/i.test(error.message);
    yield excessive
      ? fail(
          "excessive-aliasing",
          `the document expands YAML aliases more than ${MAX_ALIAS_COUNT} times (nested anchors multiply); go-yaml refuses such documents as "excessive aliasing".`,
          "Write the repeated values out, or reuse anchors without nesting aliases inside them.",
        )
      : fail(
          "yaml-invalid",
          `not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
          "Correct the YAML at that document.",
        );
    return;
  }
  if (value === null || value === undefined) return;
  const kindOf = (thing: unknown): string =>
    Array.isArray(thing)
      ? "a list"
      : thing === null
        ? "null"
        : `a ${typeof thing} (${JSON.stringify(thing)})`;
  if (typeof value !== "object" || Array.isArray(value)) {
    const scalar = isScalar(document.contents) ? ` ${JSON.stringify(String(document.contents.source))}` : "";
    yield fail(
      "not-a-mapping",
      `a Kubernetes object must be a mapping, found ${Array.isArray(value) ? "a list" : `a ${typeof value}${scalar}`}.`,
      "Give each document apiVersion, kind and metadata at its top level (a stray line between `---` separators, or a template that renders text, produces this).",
    );
    return;
  }
  const record = value as Record<string, unknown>;
  if (!isList(record)) {
    const missing = typeMetaProblem(record, source);
    yield missing === undefined
      ? { ok: true, document: { source, index, object: record as KubeObject } }
      : fail("field-missing", missing.problem, missing.fix);
    return;
  }
  const items = record.items as unknown[];
  for (const [item, entry] of items.entries()) {
    const itemSource = `${source}.items[${item}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      yield fail(
        "not-a-mapping",
        `item ${item} of the ${String(record.kind)} must be a Kubernetes object (a mapping), found ${kindOf(entry)}.`,
        "Make every entry of `items` an object with apiVersion, kind and metadata.",
        line,
        item,
      );
      continue;
    }
    const missing = typeMetaProblem(entry as Record<string, unknown>, itemSource);
    yield missing === undefined
      ? { ok: true, document: { source: itemSource, index, object: entry as KubeObject } }
      : fail("field-missing", missing.problem, missing.fix, line, item);
  }
}

/** The mapping key written at an offset (the `yaml` package points a duplicate-key error at the key's start). */
function keyAt(text: string, offset: number): string {
  const rest = text.slice(offset, text.indexOf("\n", offset) === -1 ? undefined : text.indexOf("\n", offset));
  const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:#]+?)\s*:(\s|$)/.exec(rest);
  return (match?.[1] ?? rest).trim();
}

function typeMetaProblem(
  record: Record<string, unknown>,
  source: string,
): { readonly problem: string; readonly fix: string } | undefined {
  for (const field of ["apiVersion", "kind"] as const) {
    const value = record[field];
    if (typeof value !== "string" || value === "") {
      const found =
        value === undefined ? "" : ` (found ${value === "" ? "an empty string" : JSON.stringify(value)})`;
      return {
        problem: `${source} has no ${field}${found}; every Kubernetes object needs apiVersion and kind.`,
        fix: `Add a string \`${field}\` at the top level of the document.`,
      };
    }
  }
  return undefined;
}

/** Every object and every bad document of a stream, in stream order. */
export function collectManifests(
  text: string,
  origin: string,
): { readonly documents: RenderedDocument[]; readonly errors: ManifestParseError[] } {
  const documents: RenderedDocument[] = [];
  const errors: ManifestParseError[] = [];
  for (const entry of readManifests(text, origin)) {
    if (entry.ok) documents.push(entry.document);
    else errors.push(entry.error);
  }
  return { documents, errors };
}

/**
 * Parses a multi-document YAML stream of Kubernetes objects (see readManifests) and throws the first bad
 * document's ManifestParseError: for callers that cannot go on without every object (helm's output).
 */
export function parseManifests(text: string, origin: string): RenderedDocument[] {
  const { documents, errors } = collectManifests(text, origin);
  const [first] = errors;
  if (first !== undefined) throw first;
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
