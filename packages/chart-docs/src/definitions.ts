/**
 * The Kubernetes definitions of values.schema.json: the values the chart passes through to Kubernetes objects
 * (`affinity`, `securityContext`, `extraContainers`, `tolerations`, `env`, HPA `behavior`, ...) reference
 * `#/definitions/<name>` (e.g. `core.v1.Affinity`), and this step copies the referenced definitions, and every
 * definition they reference in turn, from the strict schemas `npm run schemas` generates (packages/schemas,
 * `schemas/v<version>-standalone-strict/*.json`, which share their definitions) into the `definitions` of
 * values.schema.json. The chart's schema must be self-contained: the packaged chart carries no `schemas/` folder,
 * and helm resolves no reference outside the file. So `helm install` refuses `affinity.nodeAfinity` or
 * `appArmorProfile: {}` with the value's path, from the same definitions `grpc-gke check` validates the rendered
 * objects with.
 *
 * Descriptions are dropped from the copies (the packaged schema stays small; the Kubernetes reference documents
 * the fields), nothing else is changed. The definitions accept `null` where Kubernetes reads it as unset, like the
 * rendered objects' schemas.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { builtinFolder } from "@grpc-gke/manifest/layout";
import { ChartDocsError } from "./errors.ts";
import type { SchemaNode } from "./schema.ts";

const REF_PREFIX = "#/definitions/";

/** Keywords whose value maps names to schemas (the names are data, not keywords). */
const NAMED_SCHEMAS = new Set(["properties", "patternProperties", "definitions"]);

const isNode = (value: unknown): value is SchemaNode =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Every definition of the built-in schemas of the pinned Kubernetes version, by name. */
export async function readKubernetesDefinitions(schemaRoot: string): Promise<Map<string, SchemaNode>> {
  const folder = join(schemaRoot, builtinFolder());
  let files: string[];
  try {
    files = (await readdir(folder)).filter((file) => file.endsWith(".json")).sort();
  } catch (error) {
    throw new ChartDocsError(
      "file-unreadable",
      folder,
      `cannot read the generated Kubernetes schemas: ${error instanceof Error ? error.message : String(error)}`,
      "Run `npm run schemas` to generate schemas/, then `npm run docs`.",
      { cause: error },
    );
  }
  const definitions = new Map<string, SchemaNode>();
  const seen = new Map<string, string>();
  for (const file of files) {
    const parsed: unknown = JSON.parse(await readFile(join(folder, file), "utf8"));
    const own = isNode(parsed) && isNode(parsed.definitions) ? parsed.definitions : {};
    for (const [name, definition] of Object.entries(own)) {
      if (!isNode(definition)) continue;
      const text = JSON.stringify(definition);
      const earlier = seen.get(name);
      if (earlier !== undefined && earlier !== text) {
        throw new ChartDocsError(
          "schema-invalid",
          join(folder, file),
          `the definition ${name} differs from the one of another file of ${folder}`,
          "Regenerate the schemas with `npm run schemas` (one generator writes every file's definitions).",
        );
      }
      seen.set(name, text);
      definitions.set(name, definition);
    }
  }
  return definitions;
}

/** The names `#/definitions/<name>` references in a schema node (not looking inside its own `definitions`). */
export function definitionRefs(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) definitionRefs(item, into);
    return into;
  }
  if (!isNode(node)) return into;
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && value.startsWith(REF_PREFIX)) {
      into.add(value.slice(REF_PREFIX.length));
    } else if (key === "definitions") {
    } else if (NAMED_SCHEMAS.has(key) && isNode(value)) {
      for (const child of Object.values(value)) definitionRefs(child, into);
    } else {
      definitionRefs(value, into);
    }
  }
  return into;
}

/** A schema without its annotations (`description`), keeping properties that happen to be named so. */
function withoutDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (!isNode(node)) return node;
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "description") continue;
    out[key] =
      NAMED_SCHEMAS.has(key) && isNode(value)
        ? Object.fromEntries(Object.entries(value).map(([name, child]) => [name, withoutDescriptions(child)]))
        : withoutDescriptions(value);
  }
  return out;
}

/**
 * The `definitions` values.schema.json needs: every definition its properties reference, and every one those
 * reference, sorted by name, without descriptions. Throws when a reference names no generated definition.
 */
export function closure(
  schema: SchemaNode,
  available: ReadonlyMap<string, SchemaNode>,
  file: string,
): SchemaNode {
  const pending = [...definitionRefs({ ...schema, definitions: undefined })];
  const needed = new Map<string, SchemaNode>();
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (needed.has(name)) continue;
    const definition = available.get(name);
    if (definition === undefined) {
      throw new ChartDocsError(
        "schema-invalid",
        file,
        `"$ref": "${REF_PREFIX}${name}" names no definition of the generated Kubernetes schemas`,
        "Reference a definition that schemas/ has (e.g. core.v1.Affinity, core.v1.Container), or run `npm run schemas`.",
      );
    }
    needed.set(name, withoutDescriptions(definition) as SchemaNode);
    for (const next of definitionRefs(definition)) if (!needed.has(next)) pending.push(next);
  }
  return Object.fromEntries([...needed.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
