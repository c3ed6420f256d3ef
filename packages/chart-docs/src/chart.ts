import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { CHART_DIR, SCHEMA_ROOT } from "@grpc-gke/manifest/paths";
import { isMap, type YAMLMap } from "yaml";
import { replaceBlock } from "./blocks.ts";
import { collect, type ValueDoc } from "./collect.ts";
import { closure, readKubernetesDefinitions } from "./definitions.ts";
import { ChartDocsDriftError, ChartDocsError, type DocProblem } from "./errors.ts";
import { FACTS_TEMPLATE, renderFactsTemplate } from "./facts.ts";
import { GUARDS_END, GUARDS_START, readGuards, renderGuardTable, type TemplateFile } from "./guards.ts";
import { parseSchema, serializeSchema } from "./schema.ts";
import { renderTable, replaceTable, tableDrift } from "./table.ts";
import {
  readBadInputs,
  renderTroubleshootingTable,
  TROUBLESHOOTING_END,
  TROUBLESHOOTING_START,
} from "./troubleshooting.ts";
import { usageProblems, valueReferences } from "./usage.ts";
import { keyName, parseValues } from "./values.ts";

export interface ChartFiles {
  readonly values: string;
  readonly schema: string;
  readonly readme: string;
  readonly templates: string;
  readonly facts: string;
}

export function chartFiles(chartDir: string): ChartFiles {
  return {
    values: join(chartDir, "values.yaml"),
    schema: join(chartDir, "values.schema.json"),
    readme: join(chartDir, "README.md"),
    templates: join(chartDir, "templates"),
    facts: join(chartDir, FACTS_TEMPLATE),
  };
}

/** Internal keys templates keep on `.Values` during a render, not values a user sets. */
const INTERNAL_VALUES = new Set(["__grpcGkeGeneratedTLS"]);

/** Every template of the chart (relative path and text), in path order. */
async function readTemplates(dir: string): Promise<TemplateFile[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir, { recursive: true })).map(String);
  } catch (error) {
    throw new ChartDocsError(
      "file-unreadable",
      dir,
      `cannot read the templates: ${error instanceof Error ? error.message : String(error)}`,
      "Pass the chart directory (with templates/) as --chart.",
      { cause: error },
    );
  }
  const files = entries.filter((entry) => /\.(ya?ml|tpl|txt)$/.test(entry)).sort();
  return Promise.all(
    files.map(async (file) => ({
      path: relative(join(dir, ".."), join(dir, file)),
      text: await read(join(dir, file)),
    })),
  );
}

/** Dotted paths of every key in values.yaml, groups and values alike. */
function keyPaths(map: YAMLMap, parent = "", into = new Set<string>()): Set<string> {
  for (const pair of map.items) {
    const path = parent === "" ? keyName(pair.key) : `${parent}.${keyName(pair.key)}`;
    into.add(path);
    if (isMap(pair.value)) keyPaths(pair.value, path, into);
  }
  return into;
}

export interface Generated {
  readonly files: ChartFiles;
  /** Documented values in values.yaml order. */
  readonly values: readonly ValueDoc[];
  /** values.schema.json with every documented value's description set from values.yaml. */
  readonly schema: string;
  /** README.md with the values and guard tables regenerated between their markers. */
  readonly readme: string;
  /** templates/_facts.tpl generated from packages/facts. */
  readonly facts: string;
  /** Problems `generate` cannot fix: missing comments, keys missing from values.yaml or the schema. */
  readonly problems: readonly DocProblem[];
  /** Differences between the files on disk and `schema`/`readme` (what `--write` would change). */
  readonly drift: readonly DocProblem[];
}

async function read(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new ChartDocsError(
      "file-unreadable",
      file,
      `cannot read: ${error instanceof Error ? error.message : String(error)}`,
      "Pass the chart directory (with values.yaml, values.schema.json and README.md) as --chart.",
      { cause: error },
    );
  }
}

/** Generates the schema and README from values.yaml in memory and reports problems and drift. */
export async function generate(
  chartDir: string = CHART_DIR,
  schemaRoot: string = SCHEMA_ROOT,
): Promise<Generated> {
  const files = chartFiles(chartDir);
  const [valuesText, schemaText, readmeText, factsText, templates, kubernetes, badInputs] = await Promise.all(
    [
      read(files.values),
      read(files.schema),
      read(files.readme),
      read(files.facts),
      readTemplates(files.templates),
      readKubernetesDefinitions(schemaRoot),
      readBadInputs(),
    ],
  );
  const schema = parseSchema(files.schema, schemaText);
  const valuesRoot = parseValues(files.values, valuesText);
  const collected = collect(valuesRoot, schema, files);
  const { values } = collected;
  const guards = readGuards(templates);
  const problems: DocProblem[] = [
    ...collected.problems,
    ...guards.problems,
    ...usageProblems(
      valueReferences(templates),
      values.map((value) => value.path),
      keyPaths(valuesRoot),
      files.values,
      INTERNAL_VALUES,
    ),
  ];

  const drift: DocProblem[] = [];
  for (const value of values) {
    if (value.schema === undefined || value.schema.description === value.description) continue;
    drift.push({
      kind: "schema-description-drift",
      file: files.schema,
      path: value.path,
      message:
        typeof value.schema.description === "string"
          ? `the description differs from the values.yaml comment:\n    have: ${value.schema.description}\n    want: ${value.description}`
          : "the property has no description",
      fix: "Run `npm run generate --workspace @grpc-gke/chart-docs` (edit the `# --` comment in values.yaml, never the schema description).",
    });
    // `value.schema` is a node of `schema`: assigning keeps the key's position (or appends it).
    value.schema.description = value.description;
  }
  // A group's keys with a non-null default are required: helm deletes a key set to null before it validates.
  for (const { path, node, keys } of collected.required) {
    const current = Array.isArray(node.required) ? node.required : [];
    if (JSON.stringify(current) === JSON.stringify(keys)) continue;
    drift.push({
      kind: "schema-required-drift",
      file: files.schema,
      path,
      message: `"required" is not the keys with a non-null default in values.yaml:\n    have: ${JSON.stringify(current)}\n    want: ${JSON.stringify(keys)}`,
      fix: "Run `npm run docs` (a key whose default is null may be unset; any other must stay set).",
    });
    node.required = [...keys];
  }
  // The Kubernetes definitions the properties reference, copied from schemas/ (packages/schemas).
  const definitions = closure(schema, kubernetes, files.schema);
  if (JSON.stringify(schema.definitions ?? {}) !== JSON.stringify(definitions)) {
    drift.push({
      kind: "schema-definitions-drift",
      file: files.schema,
      path: "definitions",
      message:
        "the definitions differ from the ones the properties reference in the generated Kubernetes schemas (schemas/)",
      fix: "Run `npm run docs` (after `npm run schemas` when the Kubernetes definitions changed); never edit the definitions by hand.",
    });
    delete schema.definitions;
    schema.definitions = definitions;
  }
  const newSchema = serializeSchema(schema);
  if (drift.length === 0 && newSchema !== schemaText) {
    drift.push({
      kind: "schema-description-drift",
      file: files.schema,
      path: "",
      message: "the file is not formatted as `generate` writes it (2-space JSON, trailing newline)",
      fix: "Run `npm run generate --workspace @grpc-gke/chart-docs`.",
    });
  }

  const table = renderTable(values);
  const withValues = replaceTable(files.readme, readmeText, table);
  const withGuards = replaceBlock(
    files.readme,
    withValues,
    GUARDS_START,
    GUARDS_END,
    renderGuardTable(guards),
  );
  const newReadme = replaceBlock(
    files.readme,
    withGuards,
    TROUBLESHOOTING_START,
    TROUBLESHOOTING_END,
    renderTroubleshootingTable(badInputs),
  );
  if (newReadme !== withGuards) {
    drift.push({
      kind: "readme-drift",
      file: files.readme,
      path: "troubleshooting",
      message: "the troubleshooting table differs from the bad inputs of test/bad-inputs/table.yaml",
      fix: "Run `npm run docs` (edit the table file, whose messages the chart tests assert, never the README table).",
    });
  }
  const tableProblems = tableDrift(files.readme, readmeText, table);
  if (withGuards !== withValues) {
    tableProblems.push({
      kind: "readme-drift",
      file: files.readme,
      path: "guards",
      message: "the guard table differs from the one generated from the templates' `Guard <ID>:` comments",
      fix: "Run `npm run docs` (edit the comment above the guard's define, never the table).",
    });
  }
  if (tableProblems.length === 0 && withGuards !== readmeText) {
    tableProblems.push({
      kind: "readme-drift",
      file: files.readme,
      path: "",
      message: "the text between the values table markers differs from the generated table",
      fix: "Run `npm run generate --workspace @grpc-gke/chart-docs`.",
    });
  }
  drift.push(...tableProblems);

  const facts = renderFactsTemplate();
  if (facts !== factsText) {
    drift.push({
      kind: "facts-drift",
      file: files.facts,
      path: "",
      message: "templates/_facts.tpl differs from the facts in packages/facts",
      fix: "Run `npm run docs` (change a fact in packages/facts/src/facts.ts, never in the generated template).",
    });
  }
  return { files, values, schema: newSchema, readme: newReadme, facts, problems, drift };
}

/** Every problem: the ones `generate` cannot fix, then the drift it would fix. Empty when in sync. */
export async function check(chartDir: string = CHART_DIR): Promise<DocProblem[]> {
  const generated = await generate(chartDir);
  return [...generated.problems, ...generated.drift];
}

/** Throws {@link ChartDocsDriftError} listing every problem unless the chart docs are in sync. */
export async function assertInSync(chartDir: string = CHART_DIR): Promise<void> {
  const problems = await check(chartDir);
  if (problems.length > 0) throw new ChartDocsDriftError(problems);
}

async function write(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text, "utf8");
  } catch (error) {
    throw new ChartDocsError(
      "file-unwritable",
      file,
      `cannot write: ${error instanceof Error ? error.message : String(error)}`,
      "Check the file's permissions.",
      { cause: error },
    );
  }
}

export interface Written extends Generated {
  /** The files that were rewritten (those that differed). */
  readonly written: readonly string[];
}

/**
 * Writes the regenerated schema and README (only the files that differ). Problems `generate` cannot
 * fix (`generated.problems`) do not stop the write; the caller reports them.
 */
export async function writeGenerated(chartDir: string = CHART_DIR): Promise<Written> {
  const generated = await generate(chartDir);
  const written: string[] = [];
  const outputs: [string, string][] = [
    [generated.files.schema, generated.schema],
    [generated.files.readme, generated.readme],
    [generated.files.facts, generated.facts],
  ];
  for (const [file, text] of outputs) {
    if ((await read(file)) === text) continue;
    await write(file, text);
    written.push(file);
  }
  return { ...generated, written };
}
