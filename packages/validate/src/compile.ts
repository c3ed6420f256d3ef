/**
 * Build time (`npm run schemas` runs it after generating `schemas/`): every bundled schema compiled by ajv into a
 * standalone validator, one CommonJS module per kind in `packages/validate/compiled/`, so a run loads the
 * validators of the kinds it meets instead of compiling schemas (ajv's compiler is most of a cold run's time).
 *
 * - Same ajv options as the run-time compiler (ajv-options.ts), so the problems are the same (a test proves it).
 * - Annotations (`description`, `title`, `$comment`, `examples`) are dropped first: nothing reads them when
 *   validating, and verbose errors embed the schema.
 * - Minified with rolldown's minifier (oxc), for smaller files that load faster.
 * - `index.json` maps each apiVersion/kind to its module, with the sha256 of the schema it came from and a
 *   fingerprint of every input (schemas, ajv, the minifier, this file and the options), so the freshness test
 *   finds a stale module without compiling anything.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { schemaPathCandidates } from "@grpc-gke/manifest/layout";
import { SCHEMA_ROOT } from "@grpc-gke/manifest/paths";
import type { AnySchema } from "ajv";
import { Ajv } from "ajv";
import { minifySync } from "rolldown/utils";
import { STRICT_AJV_OPTIONS } from "./ajv-options.ts";
import { constant, isRecord } from "./schema-fields.ts";

const require = createRequire(import.meta.url);
// ajv/dist/standalone is CommonJS with a default export.
const standaloneCode = (require("ajv/dist/standalone") as { default: (ajv: Ajv, fn: unknown) => string })
  .default;

/** Where the committed validators live. */
export const COMPILED_DIR = join(import.meta.dirname, "..", "compiled");
export const COMPILED_INDEX = "index.json";

export interface CompiledEntry {
  /** Module file name in COMPILED_DIR. */
  readonly module: string;
  /** The schema it was compiled from, relative to the schema root. */
  readonly schema: string;
  /** sha256 of the schema file's bytes. */
  readonly schemaSha256: string;
  /** sha256 of the module's bytes. */
  readonly moduleSha256: string;
}

export interface CompiledIndex {
  readonly comment: string;
  /** sha256 over every input (see `inputFingerprint`). */
  readonly inputs: string;
  /** `apiVersion/kind` → its validator, sorted by key. */
  readonly kinds: Readonly<Record<string, CompiledEntry>>;
}

export function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

const ANNOTATIONS = new Set(["description", "title", "$comment", "examples"]);
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions", "dependencies"]);
const SCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf"]);
const SCHEMA_VALUES = new Set([
  "items",
  "additionalItems",
  "additionalProperties",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "propertyNames",
]);

/** A schema without its annotations; keywords that hold data (enum, const, default) are kept as they are. */
export function withoutAnnotations(schema: unknown): unknown {
  if (!isRecord(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (SCHEMA_MAPS.has(key) && isRecord(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, withoutAnnotations(child)]),
      );
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map(withoutAnnotations);
    } else if (SCHEMA_VALUES.has(key)) {
      out[key] = Array.isArray(value) ? value.map(withoutAnnotations) : withoutAnnotations(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Every schema file under the root, relative, sorted (forward slashes). */
export function schemaFiles(schemaRoot: string = SCHEMA_ROOT): string[] {
  return readdirSync(schemaRoot, { recursive: true })
    .map((name) => String(name).split("\\").join("/"))
    .filter((name) => name.endsWith(".json") && !name.split("/").some((part) => part.startsWith(".")))
    .sort();
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version: string })
    .version;
}

/**
 * The fingerprint of everything a compiled module depends on: each schema file (path and bytes), the versions of
 * ajv and of the minifier, and the sources of this compiler, of the ajv options and of the schema reading it shares with the validator.
 */
export function inputFingerprint(schemaRoot: string = SCHEMA_ROOT): string {
  const hash = createHash("sha256");
  hash.update(`ajv@${packageVersion("ajv")}\nrolldown@${packageVersion("rolldown")}\n`);
  for (const file of ["compile.ts", "ajv-options.ts", "schema-fields.ts"]) {
    hash.update(`${file}\n${sha256(readFileSync(join(import.meta.dirname, file)))}\n`);
  }
  for (const file of schemaFiles(schemaRoot)) {
    hash.update(`${file}\n${sha256(readFileSync(join(schemaRoot, file)))}\n`);
  }
  return hash.digest("hex");
}

/** The module of one schema: ajv's standalone code, minified. */
export function compileModule(schema: unknown): string {
  const ajv = new Ajv({ ...STRICT_AJV_OPTIONS, code: { source: true, esm: false } });
  const validate = ajv.compile(withoutAnnotations(schema) as AnySchema);
  const code = standaloneCode(ajv, validate);
  const minified = minifySync("validator.cjs", code, { compress: true, mangle: true });
  if (minified.errors.length > 0) {
    throw new Error(
      `minifying a validator failed: ${minified.errors.map((error) => error.message).join("; ")}`,
    );
  }
  return `${minified.code.trim()}\n`;
}

/** Which module name a schema file gets: its path with slashes as `__` (unique, readable). */
function moduleName(schemaFile: string): string {
  return `${schemaFile.replace(/\.json$/, "").replaceAll("/", "__")}.cjs`;
}

/**
 * The validators for every bundled schema. An apiVersion/kind gets the file the run-time lookup would find: the
 * first of its layout candidates (`schemaPathCandidates`) that declares it.
 */
export function compileSchemas(
  schemaRoot: string = SCHEMA_ROOT,
  only?: ReadonlySet<string>,
): { readonly index: CompiledIndex; readonly modules: Map<string, string> } {
  const declared = new Map<string, string[]>();
  for (const file of schemaFiles(schemaRoot)) {
    const schema: unknown = JSON.parse(readFileSync(join(schemaRoot, file), "utf8"));
    const apiVersion = constant(schema, "apiVersion");
    const kind = constant(schema, "kind");
    if (apiVersion === undefined || kind === undefined) continue;
    const key = `${apiVersion}/${kind}`;
    declared.set(key, [...(declared.get(key) ?? []), file]);
  }
  const kinds: Record<string, CompiledEntry> = {};
  const modules = new Map<string, string>();
  for (const key of [...declared.keys()].sort()) {
    if (only !== undefined && !only.has(key)) continue;
    const slash = key.lastIndexOf("/");
    const files = declared.get(key) ?? [];
    const file = schemaPathCandidates(key.slice(0, slash), key.slice(slash + 1)).find((candidate) =>
      files.includes(candidate),
    );
    if (file === undefined) continue;
    const bytes = readFileSync(join(schemaRoot, file));
    const code = compileModule(JSON.parse(bytes.toString("utf8")));
    const module = moduleName(file);
    modules.set(module, code);
    kinds[key] = { module, schema: file, schemaSha256: sha256(bytes), moduleSha256: sha256(code) };
  }
  return {
    index: {
      comment:
        "Generated by `npm run schemas` (packages/validate/src/compile.ts): ajv standalone validators of schemas/. Do not edit.",
      inputs: inputFingerprint(schemaRoot),
      kinds,
    },
    modules,
  };
}

/** Replaces COMPILED_DIR with a fresh compilation. */
export function writeCompiled(compiled: ReturnType<typeof compileSchemas>, dir: string = COMPILED_DIR): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [module, code] of compiled.modules) writeFileSync(join(dir, module), code);
  writeFileSync(join(dir, COMPILED_INDEX), `${JSON.stringify(compiled.index, null, 2)}\n`);
}
