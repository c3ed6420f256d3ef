// Temporary: renders the chart's defaults with values a user might supply, and runs the pod-security rules.
import { join } from "node:path";
import { CHART_DIR, KUBERNETES_VERSION } from "@grpc-gke/manifest";
import { render } from "@grpc-gke/render";
import { checkPolicy, selectRules } from "./src/index.ts";
const probes: Record<string, Record<string, unknown>> = {
  "extraContainers without securityContext": { extraContainers: [{ name: "log-shipper", image: "ghcr.io/example/shipper:1.0.0" }] },
  "initContainers without securityContext": { initContainers: [{ name: "migrate", image: "ghcr.io/example/migrate:1.0.0" }] },
  "native sidecar in initContainers without securityContext": { initContainers: [{ name: "proxy", image: "ghcr.io/example/proxy:1.0.0", restartPolicy: "Always" }] },
  "securityContext: {} (loosened)": { securityContext: null },
  "podSecurityContext: {} (loosened)": { podSecurityContext: null },
};
const rules = selectRules(["pod-security"]);
for (const [name, values] of Object.entries(probes)) {
  const { documents } = await render({ chart: CHART_DIR, releaseName: "gunstars", namespace: "games", kubeVersion: KUBERNETES_VERSION, valuesFiles: [join(CHART_DIR, "ci/defaults-values.yaml")], values });
  const problems = checkPolicy(documents, rules);
  console.log(`\n## ${name}: ${problems.length} problems`);
  for (const p of problems) console.log(`  ${p.severity} ${p.check} ${p.object} ${p.path}`);
}
