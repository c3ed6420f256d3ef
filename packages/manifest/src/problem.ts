/**
 * One thing wrong with one object. Reported by the schema validator, the policy rules and the CLI (a render
 * or parse failure), so every check reports in the same words and shape.
 */
export interface Problem {
  /** "schema" | "unknown-kind" for the schema validator; a rule id like "GKE-HTTP2-TLS" for policy rules. */
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
