/**
 * One thing wrong with one object. Reported by the schema validator, the policy rules and the CLI (a render
 * or parse failure), so every check reports in the same words and shape.
 */
/**
 * How much a problem counts: an `error` is something the API server or GKE refuses or that breaks the service;
 * a `warning` is advice about something Kubernetes and GKE accept (it depends on the cluster, or only costs
 * something). Reports show warnings as such; they fail a run only when the caller asks (`--strict`).
 */
export type Severity = "error" | "warning";

export interface Problem {
  /** "error" or "warning" (see Severity). */
  readonly severity: Severity;
  /** "schema" | "unknown-kind" for the schema validator, "parse" for a document that is not an object; a rule id like "GKE-HTTP2-TLS" for policy rules. */
  readonly check: string;
  /** describeObject(document.object), e.g. "Service/default/gunstars". */
  readonly object: string;
  /** document.source: the template the object was rendered from. */
  readonly source: string;
  /**
   * Where in the object, in the one path style of `jsonPath` (path.ts), e.g.
   * "spec.template.spec.containers[0].ports[0].containerPort"; "" for the whole object.
   */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
  /** A source URL where useful. */
  readonly link?: string;
}

/** Whether a set of problems fails a run: any error, or (strict) any problem at all. */
export function failsRun(problems: readonly Problem[], strict = false): boolean {
  return problems.some((problem) => strict || problem.severity === "error");
}
