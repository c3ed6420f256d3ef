import type { ValueDoc } from "./collect.ts";
import { ChartDocsError, type DocProblem } from "./errors.ts";

export const TABLE_START = "<!-- values-table:start -->";
export const TABLE_END = "<!-- values-table:end -->";

const HEADER = ["| Key | Type | Default | Description |", "|-----|------|---------|-------------|"];

/** Escapes a table cell: `|` would end the cell (also inside code spans, in GFM tables). */
export function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll(/\r?\n/g, " ");
}

export function renderRow(value: ValueDoc): string {
  return `| \`${escapeCell(value.path)}\` | ${escapeCell(value.type)} | \`${escapeCell(value.default)}\` | ${escapeCell(value.description)} |`;
}

/** The values table: header, then one row per documented value in values.yaml order. */
export function renderTable(values: readonly ValueDoc[]): string[] {
  return [...HEADER, ...values.map(renderRow)];
}

interface TableBlock {
  /** Index of the start marker line. */
  readonly start: number;
  /** Index of the end marker line. */
  readonly end: number;
  readonly lines: string[];
}

function findTable(file: string, readme: string): TableBlock {
  const lines = readme.split("\n");
  const start = lines.findIndex((line) => line.trim() === TABLE_START);
  const end = lines.findIndex((line, index) => index > start && line.trim() === TABLE_END);
  if (start === -1 || end === -1) {
    throw new ChartDocsError(
      "markers-missing",
      file,
      `the values table markers are missing (${TABLE_START} ... ${TABLE_END})`,
      `Put ${TABLE_START} and ${TABLE_END} on their own lines where the values table belongs, in that order.`,
    );
  }
  return { start, end, lines };
}

/** The README with the lines between the markers replaced by the table (markers and the rest kept). */
export function replaceTable(file: string, readme: string, table: readonly string[]): string {
  const { start, end, lines } = findTable(file, readme);
  return [...lines.slice(0, start + 1), ...table, ...lines.slice(end)].join("\n");
}

function rowKey(row: string): string | undefined {
  return /^\|\s*`([^`]+)`\s*\|/.exec(row)?.[1]?.replaceAll("\\|", "|");
}

/** Differences between the README's table and the generated one, one problem per value path. */
export function tableDrift(file: string, readme: string, table: readonly string[]): DocProblem[] {
  const { start, end, lines } = findTable(file, readme);
  const current = lines.slice(start + 1, end);
  const fix =
    "Run `npm run generate --workspace @grpc-gke/chart-docs` (never edit the values table by hand).";
  const problems: DocProblem[] = [];
  const header = (rows: readonly string[]): string[] => rows.filter((row) => rowKey(row) === undefined);
  if (header(current).join("\n") !== header(table).join("\n")) {
    problems.push({
      kind: "readme-drift",
      file,
      path: "",
      message: "the values table header (or a line that is not a value row) differs from the generated one",
      fix,
    });
  }
  const byKey = (rows: readonly string[]): Map<string, string> => {
    const map = new Map<string, string>();
    for (const row of rows) {
      const key = rowKey(row);
      if (key !== undefined) map.set(key, row);
    }
    return map;
  };
  const have = byKey(current);
  const want = byKey(table);
  for (const [key, row] of want) {
    const existing = have.get(key);
    if (existing === undefined) {
      problems.push({
        kind: "readme-drift",
        file,
        path: key,
        message: "the values table has no row for the value",
        fix,
      });
    } else if (existing !== row) {
      problems.push({
        kind: "readme-drift",
        file,
        path: key,
        message: `the values table row differs from values.yaml:\n    have: ${existing}\n    want: ${row}`,
        fix,
      });
    }
  }
  for (const key of have.keys()) {
    if (!want.has(key)) {
      problems.push({
        kind: "readme-drift",
        file,
        path: key,
        message: "the values table has a row for a value that values.yaml does not document",
        fix,
      });
    }
  }
  const order = (rows: Map<string, string>, other: Map<string, string>): string =>
    [...rows.keys()].filter((key) => other.has(key)).join("\n");
  if (problems.length === 0 && order(have, want) !== order(want, have)) {
    problems.push({
      kind: "readme-drift",
      file,
      path: "",
      message: "the values table rows are not in values.yaml order",
      fix,
    });
  }
  return problems;
}
