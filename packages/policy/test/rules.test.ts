import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkPolicy, REPORT_ORDER, RULES_BY_SCOPE, type Rule, rules } from "../src/index.ts";
import { ruleFixture, ruleFixtureFolder, scopeOf } from "./fixtures.ts";

/** One problem a rule's bad.yaml must yield, as `bad.expected.yaml` lists it. */
interface Expected {
  readonly check: string;
  readonly object: string;
  readonly path: string;
  /** A fragment of the message. */
  readonly message: string;
  /** Only for a warning; an entry without it must be an error. */
  readonly severity?: "warning";
}

function isExpected(value: unknown): value is Expected {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    ["check,message,object,path", "check,message,object,path,severity"].includes(
      Object.keys(entry).sort().join(),
    ) &&
    ["check", "object", "path", "message"].every((key) => typeof entry[key] === "string") &&
    (entry.severity === undefined || entry.severity === "warning")
  );
}

/** `bad.expected.yaml` of a rule: the problems of bad.yaml, in report order. */
function expectations(id: string): readonly Expected[] {
  const parsed: unknown = parse(readFileSync(new URL("bad.expected.yaml", ruleFixtureFolder(id)), "utf8"));
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every(isExpected)) {
    throw new Error(`${id}/bad.expected.yaml must list {check, object, path, message[, severity]} entries`);
  }
  return parsed;
}

describe.each(rules.map((rule) => [rule.id, rule] as const))("%s", (id, rule) => {
  it("reports exactly the traps in bad.yaml, with object, path and message", () => {
    const expected = expectations(id);
    const problems = checkPolicy(ruleFixture(id, "bad"), [rule]);
    expect(
      problems.map((problem) => [problem.check, problem.object, problem.path, problem.severity]),
    ).toEqual(expected.map((entry) => [entry.check, entry.object, entry.path, entry.severity ?? "error"]));
    problems.forEach((problem, index) => {
      expect(problem.message).toContain(expected[index]?.message);
      expect(problem).toMatchObject({
        check: id,
        link: rule.link,
        source: expect.stringMatching(`^${id}/bad\\.yaml#\\d+$`),
      });
      expect(problem.fix.length).toBeGreaterThan(10);
    });
  });

  it("finds nothing in good.yaml", () => {
    expect(checkPolicy(ruleFixture(id, "good"), [rule])).toEqual([]);
  });

  it("lives in one file named after it, beside its fixtures", () => {
    const folder = new URL(`../src/rules/${scopeOf(id)}/`, import.meta.url);
    expect(existsSync(new URL(`${id.toLowerCase()}.ts`, folder)), `${id.toLowerCase()}.ts`).toBe(true);
    expect(readdirSync(ruleFixtureFolder(id)).sort()).toEqual(["bad.expected.yaml", "bad.yaml", "good.yaml"]);
  });
});

describe("rules", () => {
  it("each scope folder holds exactly its rules' files and fixture folders", () => {
    for (const [scope, scoped] of Object.entries(RULES_BY_SCOPE)) {
      const folder = new URL(`../src/rules/${scope}/`, import.meta.url);
      const ids = scoped.map((rule: Rule) => rule.id).sort();
      expect(readdirSync(new URL("__fixtures__/", folder)).sort(), scope).toEqual(ids);
      expect(
        readdirSync(folder)
          .filter((name) => name.endsWith(".ts") && name !== "index.ts")
          .sort(),
        scope,
      ).toEqual(ids.map((id) => `${id.toLowerCase()}.ts`));
    }
    const folders = readdirSync(new URL("../src/rules/", import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.sort()).toEqual(Object.keys(RULES_BY_SCOPE).sort());
  });

  it("are in REPORT_ORDER, each once", () => {
    expect(rules.map((rule) => rule.id)).toEqual(REPORT_ORDER);
    expect(Object.values(RULES_BY_SCOPE).flat()).toHaveLength(rules.length);
  });

  it("have unique, stable UPPER-KEBAB ids, and every rule names a source", () => {
    const ids = rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)+$/);
      expect(rule.link).toMatch(/^https:\/\//);
      expect(rule.title && rule.why && rule.fix).toBeTruthy();
    }
    expect(rules[0]?.id).toBe("GKE-HTTP2-TLS");
  });
});
