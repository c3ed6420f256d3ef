import { describeObject, type Problem, type RenderedDocument } from "@grpc-gke/manifest";
import { ObjectSet } from "./model/index.ts";
import type { Rule } from "./rule.ts";
import { rules as allRules } from "./rules/index.ts";

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Runs policy rules over a whole rendered set. Problems come in the order of the objects they are about (as the
 * documents were given), then rule order, path and message, so reports and snapshots are stable.
 */
export function checkPolicy(
  documents: readonly RenderedDocument[],
  rules: readonly Rule[] = allRules,
): Problem[] {
  const set = new ObjectSet(documents);
  const ruleOrder = new Map(rules.map((rule, index) => [rule.id, index]));
  const objectOrder = new Map<string, number>();
  documents.forEach((document, index) => {
    const key = `${document.source}\n${describeObject(document.object)}`;
    if (!objectOrder.has(key)) objectOrder.set(key, index);
  });
  const position = (problem: Problem): number =>
    objectOrder.get(`${problem.source}\n${problem.object}`) ?? documents.length;
  return rules
    .flatMap((rule) => rule.check(set))
    .sort(
      (a, b) =>
        position(a) - position(b) ||
        compare(a.source, b.source) ||
        compare(a.object, b.object) ||
        (ruleOrder.get(a.check) ?? 0) - (ruleOrder.get(b.check) ?? 0) ||
        compare(a.path, b.path) ||
        compare(a.message, b.message),
    );
}
