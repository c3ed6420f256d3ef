import { GrpcGkeError } from "@grpc-gke/manifest/errors";

/** Which rule a {@link DocProblem} breaks. */
export type DocProblemKind =
  /** A values.yaml key (leaf, or object whose children are not documented) has no `# --` comment. */
  | "undocumented"
  /** A values.yaml key has no matching property in values.schema.json. */
  | "not-in-schema"
  /** A values.schema.json property has no default in values.yaml (see the rule in README.md). */
  | "missing-from-values"
  /** A values.schema.json description differs from the values.yaml comment. */
  | "schema-description-drift"
  /** A values.schema.json group's `required` is not its keys with a non-null default in values.yaml. */
  | "schema-required-drift"
  /** values.schema.json's `definitions` differ from the generated Kubernetes definitions its properties reference. */
  | "schema-definitions-drift"
  /** A README values-table row differs from the one generated from values.yaml. */
  | "readme-drift"
  /** templates/_facts.tpl differs from the one generated from packages/facts. */
  | "facts-drift"
  /** A guard define without its `Guard <ID>:` comment (its README line). */
  | "guard-undocumented"
  /** A guard no guard list runs, one listed twice, or a listed id with no guard. */
  | "guard-unlisted"
  /** A documented value no template reads. */
  | "unused-value"
  /** A template reads a value path values.yaml does not define. */
  | "unknown-value";

/** One thing wrong with the chart's value documentation; every problem names the value and the fix. */
export interface DocProblem {
  readonly kind: DocProblemKind;
  /** File the problem is in (absolute or as given). */
  readonly file: string;
  /** Dotted value path, e.g. `backendConfig.healthCheck.type` (empty for the whole file). */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

export function formatProblem(problem: DocProblem): string {
  const where = problem.path === "" ? problem.file : `${problem.file}: ${problem.path}`;
  return `${where}: ${problem.message}\n  fix: ${problem.fix}`;
}

/** Why the chart files could not be read or written at all (as opposed to a {@link DocProblem}). */
export type ChartDocsErrorReason =
  | "file-unreadable"
  | "yaml-invalid"
  | "schema-invalid"
  | "markers-missing"
  | "file-unwritable";

export class ChartDocsError extends GrpcGkeError {
  override readonly name = "ChartDocsError";
  declare readonly reason: ChartDocsErrorReason;
  readonly file: string;

  constructor(
    reason: ChartDocsErrorReason,
    file: string,
    message: string,
    fix: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${message}\nFix: ${fix}`, { reason, fix }, options);
    this.file = file;
  }
}

/** Thrown by `assertInSync` with every problem found. */
export class ChartDocsDriftError extends GrpcGkeError {
  override readonly name = "ChartDocsDriftError";
  declare readonly reason: "drift";
  readonly problems: readonly DocProblem[];

  constructor(problems: readonly DocProblem[]) {
    const fix =
      "Run `npm run generate --workspace @grpc-gke/chart-docs` after fixing the comments in values.yaml.";
    super(
      `${problems.length} value documentation problem(s):\n${problems.map(formatProblem).join("\n")}\n${fix}`,
      { reason: "drift", fix },
    );
    this.problems = problems;
  }
}
