// Temporary: prints each pod-security rule's problems on its fixtures, to write and review bad.expected.yaml.
import { readFileSync } from "node:fs";
import { parseManifests } from "@grpc-gke/manifest";
import { checkPolicy, selectRules } from "./src/index.ts";
const only = process.argv[2];
for (const rule of selectRules(["pod-security"])) {
  if (only !== undefined && rule.id !== only) continue;
  for (const name of ["bad", "good"]) {
    const folder = new URL(`./src/rules/pod-security/__fixtures__/${rule.id}/`, import.meta.url);
    const docs = parseManifests(readFileSync(new URL(`${name}.yaml`, folder), "utf8"), `${rule.id}/${name}.yaml`);
    const problems = checkPolicy(docs, [rule]);
    console.log(`\n=== ${rule.id} ${name}: ${problems.length}`);
    for (const p of problems) console.log(`- ${p.severity} ${p.object} ${p.path}\n    ${p.message}\n    fix: ${p.fix}`);
  }
}
