// Temporary: writes bad.expected.yaml from the current output, for review (message fragment = the finding part).
import { readFileSync, writeFileSync } from "node:fs";
import { parseManifests } from "@grpc-gke/manifest";
import { stringify } from "yaml";
import { checkPolicy, selectRules } from "./src/index.ts";
for (const rule of selectRules(["pod-security"])) {
  const folder = new URL(`./src/rules/pod-security/__fixtures__/${rule.id}/`, import.meta.url);
  const docs = parseManifests(readFileSync(new URL("bad.yaml", folder), "utf8"), `${rule.id}/bad.yaml`);
  const problems = checkPolicy(docs, [rule]);
  const q = (s: string) => JSON.stringify(s);
  const lines = [
    `# The problems ${rule.id} must report on bad.yaml, in report order: each problem's object and path exactly, and a`,
    "# fragment of its message. good.yaml must yield none.",
    stringify(
      problems.map((p) => ({
        check: p.check,
        object: p.object,
        path: p.path,
        message: p.message.split("; Pod Security Standards")[0]?.split(", so it")[0] ?? p.message,
        ...(p.severity === "warning" ? { severity: "warning" } : {}),
      })),
      { lineWidth: 0 },
    ).trimEnd(),
  ];
  writeFileSync(new URL("bad.expected.yaml", folder), `${lines.join("\n")}\n`);
}
