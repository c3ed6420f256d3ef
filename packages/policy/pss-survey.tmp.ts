// Temporary survey (not committed): renders every variant and runs the pod-security rules.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { CHART_DIR, KUBERNETES_VERSION } from "@grpc-gke/manifest";
import { render } from "@grpc-gke/render";
import { checkPolicy, selectRules } from "./src/index.ts";

const files = [
  ...readdirSync(join(CHART_DIR, "ci")).filter((f) => f.endsWith("-values.yaml")).map((f) => join(CHART_DIR, "ci", f)),
  ...readdirSync(join(CHART_DIR, "examples")).filter((f) => f.endsWith(".values.yaml")).map((f) => join(CHART_DIR, "examples", f)),
];
const rules = selectRules(["pod-security"]);
const all = process.argv.includes("--all");
for (const file of files.sort()) {
  const name = file.slice(CHART_DIR.length + 1);
  try {
    const { documents } = await render({ chart: CHART_DIR, releaseName: "gunstars", namespace: "games", kubeVersion: KUBERNETES_VERSION, valuesFiles: [file] });
    const problems = checkPolicy(documents, all ? undefined : rules);
    const workloads = documents.filter((d) => ["Deployment", "Pod", "Job", "CronJob", "StatefulSet", "DaemonSet"].includes(d.object.kind)).map((d) => `${d.object.kind}/${d.object.metadata?.name}`);
    console.log(`\n## ${name}: ${problems.length === 0 ? "PASSES restricted" : `${problems.length} problems`} (${workloads.join(", ")})`);
    for (const p of problems) console.log(`  ${p.severity} ${p.check} ${p.object} ${p.path}\n     ${p.message}`);
  } catch (error) {
    console.log(`\n## ${name}: RENDER FAILED ${(error as Error).message.split("\n")[0]}`);
  }
}
