import { readFileSync } from "node:fs";
import { parseManifests, type RenderedDocument } from "@grpc-gke/manifest";
import { RULES_BY_SCOPE, type RuleScope } from "../src/index.ts";

const testFixtures = new URL("./__fixtures__/", import.meta.url);
const rulesFolder = new URL("../src/rules/", import.meta.url);

/** Parses `test/__fixtures__/<path>` (whole stacks); sources read `<path>#<document>`. */
export function fixture(path: string): RenderedDocument[] {
  return parseManifests(readFileSync(new URL(path, testFixtures), "utf8"), path);
}

/** The scope folder a rule lives in. */
export function scopeOf(id: string): RuleScope {
  for (const [scope, rules] of Object.entries(RULES_BY_SCOPE)) {
    if (rules.some((rule) => rule.id === id)) return scope as RuleScope;
  }
  throw new Error(`no rule ${id}`);
}

/** A rule's fixture folder: `src/rules/<scope>/__fixtures__/<RULE-ID>/`. */
export function ruleFixtureFolder(id: string): URL {
  return new URL(`${scopeOf(id)}/__fixtures__/${id}/`, rulesFolder);
}

/** Parses a rule's `bad.yaml` or `good.yaml`; sources read `<RULE-ID>/<name>.yaml#<document>`. */
export function ruleFixture(id: string, name: "bad" | "good"): RenderedDocument[] {
  const text = readFileSync(new URL(`${name}.yaml`, ruleFixtureFolder(id)), "utf8");
  return parseManifests(text, `${id}/${name}.yaml`);
}
