/**
 * Records a chart version's selectors into `selectors/<version>.json` (see selectors.ts):
 *
 *   node test/upgrade/record-selectors.ts --version 0.1.0 --commit 17c9968   # a released version, from git
 *   node test/upgrade/record-selectors.ts --version 0.4.0                    # the next version, from the working tree
 *
 * Every variant of that version (its own `ci/` and `examples/` files) is rendered with the pinned helm 4 as release
 * `gunstars` in namespace `games`. Run it once per release; the fixtures are committed and never rewritten.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { provideHelm } from "@grpc-gke/helm";
import { CHART_DIR, KUBERNETES_VERSION } from "@grpc-gke/manifest";
import { render } from "@grpc-gke/render";
import { NAMESPACE, RELEASE_NAME } from "../support/chart.ts";
import {
  type ObjectSelectors,
  SELECTORS_DIR,
  type SelectorFixture,
  selectorsOf,
  variantsIn,
  withChartAt,
} from "./selectors.ts";

const { values } = parseArgs({
  options: { version: { type: "string" }, commit: { type: "string" } },
  strict: true,
});
if (values.version === undefined) {
  console.error("Usage: node test/upgrade/record-selectors.ts --version X.Y.Z [--commit SHA]");
  process.exit(2);
}
const version = values.version;
const commit = values.commit;

async function record(chartDir: string): Promise<Record<string, ObjectSelectors>> {
  const variants: Record<string, ObjectSelectors> = {};
  for (const variant of variantsIn(chartDir)) {
    const { documents } = await render({
      chart: chartDir,
      releaseName: RELEASE_NAME,
      namespace: NAMESPACE,
      kubeVersion: KUBERNETES_VERSION,
      valuesFiles: [variant.valuesFile],
      helm: 4,
    });
    variants[variant.name] = selectorsOf(documents);
  }
  return variants;
}

const helm = await provideHelm({ major: 4 });
const variants = commit === undefined ? await record(CHART_DIR) : await withChartAt(commit, record);
const fixture: SelectorFixture = {
  version,
  source: commit ?? "working tree",
  released: commit !== undefined,
  helm: helm.version,
  variants,
};
const file = join(SELECTORS_DIR, `${version}.json`);
writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(`wrote ${file}: ${Object.keys(variants).length} variants`);
