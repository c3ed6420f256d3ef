import { describeObject, type RenderedDocument } from "@grpc-gke/manifest/document";
import { failsRun, type Problem } from "@grpc-gke/manifest/problem";
import type { Format } from "./args.ts";

export { failsRun };

/** An object that was checked, as the report lists it (nothing else of it is kept for the report). */
export interface CheckedObject {
  readonly object: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly source: string;
}

export function checkedObject(document: RenderedDocument): CheckedObject {
  return {
    object: describeObject(document.object),
    apiVersion: document.object.apiVersion,
    kind: document.object.kind,
    source: document.source,
  };
}

export interface Report {
  /** What was checked: a chart folder or a manifest file. */
  readonly target: string;
  readonly helmVersion: string | undefined;
  readonly objects: readonly CheckedObject[];
  readonly problems: readonly Problem[];
  /** What ran: the strict schemas only, or the GKE rules too (default). */
  readonly schemaOnly?: boolean;
  /** Warnings fail the run too. */
  readonly strict?: boolean;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function formatReport(report: Report, format: Format): string {
  const errors = report.problems.filter((problem) => problem.severity === "error").length;
  const warnings = report.problems.length - errors;
  const ok = !failsRun(report.problems, report.strict);
  if (format === "json") {
    return `${JSON.stringify(
      {
        target: report.target,
        helmVersion: report.helmVersion ?? null,
        ok,
        checks: report.schemaOnly === true ? ["schema"] : ["schema", "policy"],
        errors,
        warnings,
        objects: report.objects,
        problems: report.problems,
      },
      null,
      2,
    )}\n`;
  }
  const lines: string[] = [];
  const via = report.helmVersion === undefined ? "" : ` (helm ${report.helmVersion})`;
  lines.push(
    report.objects.length === 0
      ? `${report.target}${via}: no objects`
      : `${report.target}${via}: ${report.objects.length} objects (${kindSummary(report.objects)})`,
  );
  const checked =
    report.schemaOnly === true
      ? "every object matches its strict schema (policy rules not run: --schema-only)"
      : "every object matches its strict schema and passes the GKE rules";
  if (report.problems.length === 0) {
    lines.push(`No problems: ${checked}.`);
    return `${lines.join("\n")}\n`;
  }
  const tally = [errors > 0 ? count(errors, "error") : "", warnings > 0 ? count(warnings, "warning") : ""]
    .filter((part) => part !== "")
    .join(", ");
  lines.push(`${count(report.problems.length, "problem")} (${tally}):`, "");
  for (const problem of report.problems) {
    const mark = problem.severity === "error" ? "✗" : "⚠";
    const label = problem.severity === "error" ? "" : " warning";
    lines.push(`${mark} [${problem.check}]${label} ${problem.object}  (${problem.source})`);
    if (problem.path !== "") lines.push(`  at ${problem.path}`);
    lines.push(`  ${problem.message}`, `  fix: ${problem.fix}`);
    if (problem.link !== undefined) lines.push(`  see: ${problem.link}`);
    lines.push("");
  }
  if (ok) {
    lines.push(
      `No errors: ${count(warnings, "warning")} ${warnings === 1 ? "is" : "are"} advice (Kubernetes and GKE accept it); --strict fails on warnings.`,
      "",
    );
  }
  return `${lines.join("\n")}`;
}

function kindSummary(objects: readonly CheckedObject[]): string {
  const counts = new Map<string, number>();
  for (const { kind } of objects) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => (n === 1 ? kind : `${n} ${kind}`)).join(", ");
}
