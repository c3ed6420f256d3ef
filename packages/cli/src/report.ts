import { describeObject, type Problem, type RenderedDocument } from "@grpc-gke/manifest";
import type { Format } from "./args.ts";

export interface Report {
  /** What was checked: a chart folder or a manifest file. */
  readonly target: string;
  readonly helmVersion: string | undefined;
  readonly documents: readonly RenderedDocument[];
  readonly problems: readonly Problem[];
}

export function formatReport(report: Report, format: Format): string {
  if (format === "json") {
    return `${JSON.stringify(
      {
        target: report.target,
        helmVersion: report.helmVersion ?? null,
        ok: report.problems.length === 0,
        objects: report.documents.map((document) => ({
          object: describeObject(document.object),
          apiVersion: document.object.apiVersion,
          source: document.source,
        })),
        problems: report.problems,
      },
      null,
      2,
    )}\n`;
  }
  const lines: string[] = [];
  const via = report.helmVersion === undefined ? "" : ` (helm ${report.helmVersion})`;
  lines.push(
    report.documents.length === 0
      ? `${report.target}${via}: no objects`
      : `${report.target}${via}: ${report.documents.length} objects (${kindSummary(report.documents)})`,
  );
  if (report.problems.length === 0) {
    lines.push("No problems: every object matches its strict schema and passes the GKE rules.");
    return `${lines.join("\n")}\n`;
  }
  lines.push(`${report.problems.length} ${report.problems.length === 1 ? "problem" : "problems"}:`, "");
  for (const problem of report.problems) {
    lines.push(`✗ [${problem.check}] ${problem.object}  (${problem.source})`);
    if (problem.path !== "") lines.push(`  at ${problem.path}`);
    lines.push(`  ${problem.message}`, `  fix: ${problem.fix}`);
    if (problem.link !== undefined) lines.push(`  see: ${problem.link}`);
    lines.push("");
  }
  return `${lines.join("\n")}`;
}

function kindSummary(documents: readonly RenderedDocument[]): string {
  const counts = new Map<string, number>();
  for (const { object } of documents) counts.set(object.kind, (counts.get(object.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => (count === 1 ? kind : `${count} ${kind}`)).join(", ");
}
