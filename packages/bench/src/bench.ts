/**
 * `npm run bench`: how long the product's jobs take and how much memory they need on this machine, against
 * targets. Timed assertions do not belong in tests (a loaded CI machine makes them flaky); here each figure
 * is the median of several runs and the exit code says whether every target was met.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { KUBERNETES_VERSION } from "@grpc-gke/manifest";
import { CHART_DIR, EXAMPLE_VALUES, REPO_ROOT } from "@grpc-gke/manifest/paths";
import { checkPolicy } from "@grpc-gke/policy";
import { type RenderOptions, type RenderResult, render } from "@grpc-gke/render";
import { createValidator } from "@grpc-gke/validate";
import { execa } from "execa";

interface Measure {
  readonly name: string;
  readonly milliseconds: number;
  readonly targetMilliseconds: number;
}

const RUNS = 5;

/** The values files CI renders the chart with: chart-testing's `ci/*-values.yaml` and the examples. */
function listVariants(): { readonly name: string; readonly valuesFile: string }[] {
  const variants = (folder: string, suffix: RegExp) =>
    readdirSync(join(CHART_DIR, folder))
      .filter((file) => suffix.test(file))
      .map((file) => ({
        name: `${folder}/${file.replace(suffix, "")}`,
        valuesFile: join(CHART_DIR, folder, file),
      }));
  return [...variants("ci", /-values\.yaml$/), ...variants("examples", /\.values\.yaml$/)].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}

/** Renders the bundled chart as the chart tests do: release gunstars in namespace games, for the schemas' Kubernetes. */
function chartRenderOptions(options: Omit<RenderOptions, "chart">): RenderOptions {
  return {
    releaseName: "gunstars",
    namespace: "games",
    kubeVersion: KUBERNETES_VERSION,
    ...options,
    chart: CHART_DIR,
  };
}

async function median(run: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)] ?? Number.NaN;
}

const variants = listVariants();
const example = { valuesFile: EXAMPLE_VALUES };

// Warm the helm cache first: extraction happens once per machine and is not what we measure.
await render(chartRenderOptions({ valuesFiles: [example.valuesFile], helm: 4 }));
await render(chartRenderOptions({ valuesFiles: [example.valuesFile], helm: 3 }));

const measures: Measure[] = [];
measures.push({
  name: "render the example (helm 4)",
  milliseconds: await median(() =>
    render(chartRenderOptions({ valuesFiles: [example.valuesFile], helm: 4 })),
  ),
  targetMilliseconds: 500,
});
measures.push({
  name: "render the example (helm 3)",
  milliseconds: await median(() =>
    render(chartRenderOptions({ valuesFiles: [example.valuesFile], helm: 3 })),
  ),
  targetMilliseconds: 500,
});

const all: RenderResult[] = [];
for (const variant of variants)
  all.push(await render(chartRenderOptions({ valuesFiles: [variant.valuesFile] })));
const documents = all.flatMap((result) => result.documents);

const coldStart = performance.now();
const validator = createValidator();
validator.validate(documents);
measures.push({
  name: `compile schemas and validate ${documents.length} objects (cold)`,
  milliseconds: performance.now() - coldStart,
  targetMilliseconds: 2500,
});
measures.push({
  name: `validate ${documents.length} objects (warm)`,
  milliseconds: await median(() => validator.validate(documents)),
  targetMilliseconds: 50,
});
measures.push({
  name: `policy rules over ${all.length} variants`,
  milliseconds: await median(() => {
    for (const result of all) checkPolicy(result.documents);
  }),
  targetMilliseconds: 50,
});

// The README's main job as a user runs it: a fresh process renders the example and checks it.
const cli = join(REPO_ROOT, "packages", "cli", "bin", "grpc-gke.js");
measures.push({
  name: "`grpc-gke check` on the example, whole process",
  milliseconds: await median(() => execa(process.execPath, [cli, "check", "-f", example.valuesFile])),
  targetMilliseconds: 3000,
});

const rssMiB = process.memoryUsage().rss / 2 ** 20;
const rssTargetMiB = 400;
let failed = false;
console.log("| job | median ms | target ms | |\n|---|---:|---:|---|");
for (const measure of measures) {
  const ok = measure.milliseconds <= measure.targetMilliseconds;
  failed ||= !ok;
  console.log(
    `| ${measure.name} | ${measure.milliseconds.toFixed(0)} | ${measure.targetMilliseconds} | ${ok ? "ok" : "OVER"} |`,
  );
}
const rssOk = rssMiB <= rssTargetMiB;
failed ||= !rssOk;
console.log(
  `| resident memory after all jobs (MiB) | ${rssMiB.toFixed(0)} | ${rssTargetMiB} | ${rssOk ? "ok" : "OVER"} |`,
);
process.exitCode = failed ? 1 : 0;
