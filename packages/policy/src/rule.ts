import { describeObject, type Problem, type RenderedDocument, type Severity } from "@grpc-gke/manifest";
import type { ObjectSet } from "./model/index.ts";

/** One GKE trap, checked over the whole rendered set. */
export interface Rule {
  /** Stable UPPER-KEBAB id, used as Problem.check. */
  readonly id: string;
  /** What the rule catches, in one line. */
  readonly title: string;
  /** Why it breaks on GKE. */
  readonly why: string;
  /** The general fix; each Problem may carry a more specific one. */
  readonly fix: string;
  /** The primary source for the behaviour. */
  readonly link: string;
  /**
   * `warning` for an advisory rule: what it finds is accepted by Kubernetes and GKE and only breaks on some
   * clusters or costs something (shown as a warning, fails a run only with `--strict`). Default `error`.
   */
  readonly severity?: Severity;
  check(set: ObjectSet): Problem[];
}

/** Builds the Problems of one rule, so every problem carries the rule's id and link. */
export class Reporter {
  readonly problems: Problem[] = [];
  readonly #rule: Pick<Rule, "id" | "fix" | "link" | "severity">;
  readonly #reported = new Set<string>();

  constructor(rule: Pick<Rule, "id" | "fix" | "link" | "severity">) {
    this.#rule = rule;
  }

  /** Reports a problem; `severity` overrides the rule's for one finding (an advisory case of an error rule). */
  report(
    document: RenderedDocument,
    path: string,
    message: string,
    fix?: string,
    severity: Severity = this.#rule.severity ?? "error",
  ): void {
    const problem: Problem = {
      severity,
      check: this.#rule.id,
      object: describeObject(document.object),
      source: document.source,
      path,
      message,
      fix: fix ?? this.#rule.fix,
      link: this.#rule.link,
    };
    // One finding once: the same object, source, path and message (a Set, so a rule's cost stays linear).
    const key = `${problem.object}\0${problem.source}\0${problem.path}\0${problem.message}`;
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    this.problems.push(problem);
  }
}

/** Declares a rule whose check reports through a Reporter. */
export function defineRule(
  meta: Omit<Rule, "check">,
  check: (set: ObjectSet, reporter: Reporter) => void,
): Rule {
  return {
    ...meta,
    check(set: ObjectSet): Problem[] {
      const reporter = new Reporter(meta);
      check(set, reporter);
      return reporter.problems;
    },
  };
}
