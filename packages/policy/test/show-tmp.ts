import { checkPolicy, rules } from "/work/main/packages/policy/src/index.ts";
import { ruleFixture } from "/work/main/packages/policy/test/fixtures.ts";
const id = process.argv[2] ?? "";
const which = (process.argv[3] ?? "bad") as "bad" | "good";
for (const p of checkPolicy(ruleFixture(id, which), rules.filter((r) => r.id === id))) console.log(p.severity, p.object, p.path, "\n   ", p.message);
