/**
 * The chart README's troubleshooting table: the bad inputs of `test/bad-inputs/table.yaml` (hand-picked values users get
 * wrong, across the frontends) with the exact message helm prints for each. The chart tests render every row with helm 4
 * and helm 3 and assert these messages (test/bad-inputs.test.ts); `npm run docs` writes the table between its markers,
 * and a test fails when the README drifts from the file.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT } from "@grpc-gke/manifest/paths";
import { parse, stringify } from "yaml";
import { ChartDocsError } from "./errors.ts";
import { escapeCell } from "./table.ts";

export const TROUBLESHOOTING_START = "<!-- troubleshooting-table:start -->";
export const TROUBLESHOOTING_END = "<!-- troubleshooting-table:end -->";
export const BAD_INPUTS_FILE = join(REPO_ROOT, "test", "bad-inputs", "table.yaml");

/** One bad input: what the user set, and what helm answers. */
export interface BadInput {
  /** What is wrong, in a few words. */
  readonly input: string;
  /** The frontend the row runs with (`gkeIngress` when the values do not choose one). */
  readonly frontend: string;
  /** helm's release name and namespace (`gunstars` and `games` when not given). */
  readonly release?: string;
  readonly namespace?: string;
  /** The values given on top of the chart's defaults. */
  readonly values: Readonly<Record<string, unknown>>;
  /** helm 4's message (what `helm template` prints after `Error: `). */
  readonly helm4: string;
  /** helm 3's, when it words it differently (schema errors). */
  readonly helm3?: string;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The rows of the table file; throws on a row without its fields. */
export async function readBadInputs(file: string = BAD_INPUTS_FILE): Promise<BadInput[]> {
  let parsed: unknown;
  try {
    parsed = parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new ChartDocsError(
      "file-unreadable",
      file,
      `cannot read the bad-input table: ${error instanceof Error ? error.message : String(error)}`,
      "Keep test/bad-inputs/table.yaml a YAML list of {input, frontend, values, helm4, helm3?}.",
      { cause: error },
    );
  }
  const rows = Array.isArray(parsed) ? parsed : [];
  return rows.map((row, index) => {
    if (
      !isMap(row) ||
      typeof row.input !== "string" ||
      typeof row.frontend !== "string" ||
      !isMap(row.values) ||
      typeof row.helm4 !== "string"
    ) {
      throw new ChartDocsError(
        "schema-invalid",
        file,
        `row ${index} lacks input, frontend, values or helm4`,
        "Give every row input, frontend, values and helm4 (helm3 when helm 3 words it differently).",
      );
    }
    return row as unknown as BadInput;
  });
}

/** The lines of a helm message worth showing: the schema errors or the guard bullets, without helm's headers. */
function messageLines(message: string): string[] {
  return message
    .split("\n")
    .map((line) => line.trimEnd())
    .filter(
      (line) =>
        line !== "" &&
        line !== "grpc-gke:" &&
        line !== "VALUES VALIDATION (grpc-gke):" &&
        !line.startsWith("values don't meet the specifications of the schema"),
    );
}

/** Each line as a code span (the messages hold `*`, `_` and `<` that Markdown would read), one per table line. */
const cell = (lines: readonly string[]): string =>
  lines
    .map((line) => {
      const fence = line.includes("`") ? "``" : "`";
      return `${fence}${line.includes("`") ? ` ${escapeCell(line)} ` : escapeCell(line)}${fence}`;
    })
    .join("<br>");

/** The README table: one row per bad input. */
export function renderTroubleshootingTable(rows: readonly BadInput[]): string[] {
  return [
    "| Input | Frontend | You set | helm says |",
    "|---|---|---|---|",
    ...rows.map((row) => {
      const flow = stringify(row.values, { flow: true, lineWidth: 0 }).trim();
      const set = [
        ...(row.release === undefined ? [] : [`release name \`${row.release}\``]),
        ...(row.namespace === undefined ? [] : [`--namespace \`${row.namespace}\``]),
        ...(flow === "{}" ? [] : [`\`${escapeCell(flow)}\``]),
      ].join(", ");
      const says = cell(messageLines(row.helm4));
      const three = row.helm3 === undefined ? "" : `<br>helm 3: ${cell(messageLines(row.helm3))}`;
      return `| ${escapeCell(row.input)} | \`${row.frontend}\` | ${set} | ${says}${three} |`;
    }),
  ];
}
