/**
 * `npm run bench`: how fast the product's jobs are on this machine, each against a peer measured in the same
 * run (interleaved, so a noisy machine slows both alike), as medians with their spread; a script, not a test.
 *
 *   npm run bench [-- --chart PATH] [--quick] [--out FILE]
 *
 * Writes a table to stdout and the figures to packages/bench/results.json (the README quotes them). Exit 1
 * when a goal is missed: `check` within 2× of a bare `helm template`, rules linear up to 10,000 objects,
 * `validate` of 10,000 objects under 10 s.
 */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { provideHelm } from "@grpc-gke/helm";
import { KUBERNETES_VERSION, parseManifests } from "@grpc-gke/manifest";
import { CHART_DIR, REPO_ROOT } from "@grpc-gke/manifest/paths";
import { checkPolicy } from "@grpc-gke/policy";
import { render } from "@grpc-gke/render";
import { createValidator } from "@grpc-gke/validate";
import { peerValidate } from "./peer.ts";
import { cleanUp, measureProcess, type ProcessRun } from "./process.ts";
import { growthExponent, median, pairedRatio, type Summary, summarize } from "./stats.ts";
import { generateStream } from "./stream.ts";

function readFlags() {
  try {
    return parseArgs({
      options: { chart: { type: "string" }, quick: { type: "boolean" }, out: { type: "string" } },
    }).values;
  } catch (error) {
    process.stderr.write(
      `bench: ${error instanceof Error ? error.message : String(error)}\nFix: npm run bench [-- --chart PATH] [--quick] [--out FILE]\n`,
    );
    process.exit(2);
  }
}
const flags = readFlags();
const quick = flags.quick === true;
const chart = flags.chart === undefined ? CHART_DIR : resolve(flags.chart);
const example = join(chart, "examples", "gunstars.values.yaml");
const cli = join(REPO_ROOT, "packages", "cli", "bin", "grpc-gke.js");
const node = process.execPath;
const scratch = await mkdtemp(join(tmpdir(), "grpc-gke-bench-"));
const rows: string[][] = [];
const goals: { name: string; met: boolean }[] = [];
const results: Record<string, unknown> = {};

function row(...cells: string[]): void {
  rows.push(cells);
  process.stderr.write(`${cells.join("  |  ")}\n`);
}
const ms = (value: number): string => `${value.toFixed(0)} ms`;
const spread = (summary: Summary, unit = ms): string =>
  `${unit(summary.median)} (${unit(summary.min)}–${unit(summary.max)}, n=${summary.runs})`;
const times = (value: number): string => `${value.toFixed(2)}×`;
const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

async function listVariants(): Promise<string[]> {
  const files = async (folder: string, suffix: RegExp) =>
    (await readdir(join(chart, folder)))
      .filter((file) => suffix.test(file))
      .map((file) => join(chart, folder, file));
  return [...(await files("ci", /-values\.yaml$/)), ...(await files("examples", /\.values\.yaml$/))].sort();
}

// 1. `grpc-gke check` against a bare `helm template` of the same values, in alternating pairs.
async function checkVersusHelm(): Promise<void> {
  const helm = await provideHelm();
  const helmArgs = ["template", "grpc-gke", chart, "--namespace", "default", "--values", example];
  helmArgs.push("--kube-version", KUBERNETES_VERSION);
  const checkArgs = [cli, "check", "--chart", chart, "-f", example];
  const runs = { helm: [] as ProcessRun[], check: [] as ProcessRun[], node: [] as ProcessRun[] };
  // Not counted: the first runs build the CLI's bundle and fill its code caches and the helm stamp, as any earlier
  // run would have.
  await measureProcess(helm.path, helmArgs);
  const first = await measureProcess(node, checkArgs);
  if (first.exitCode !== 0) throw new Error(`grpc-gke check exited ${first.exitCode} on ${example}`);
  const pairs = quick ? 7 : 21;
  for (let index = 0; index < pairs; index++) {
    const order =
      index % 2 === 0 ? (["helm", "check", "node"] as const) : (["node", "check", "helm"] as const);
    for (const which of order) {
      if (which === "helm") runs.helm.push(await measureProcess(helm.path, helmArgs));
      else if (which === "check") runs.check.push(await measureProcess(node, checkArgs));
      else runs.node.push(await measureProcess(node, ["-e", ""]));
    }
  }
  const wall = (list: readonly ProcessRun[]) => list.map((run) => run.wallMs);
  const ratio = pairedRatio(wall(runs.check), wall(runs.helm));
  const cpuRatio = sum(runs.check.map((run) => run.cpuMs)) / sum(runs.helm.map((run) => run.cpuMs));
  const nodeRatio = pairedRatio(wall(runs.node), wall(runs.helm));
  row("`helm template` (gunstars example), bare", spread(summarize(wall(runs.helm))), "1×");
  row(
    "`grpc-gke check` (same values)",
    spread(summarize(wall(runs.check))),
    `${times(ratio.median)} wall (${times(ratio.min)}–${times(ratio.max)}), ${times(cpuRatio)} CPU`,
  );
  row(
    "`node -e ''` (the floor: Node's own start)",
    spread(summarize(wall(runs.node))),
    `${times(nodeRatio.median)} wall`,
  );
  results.check = {
    helmMs: summarize(wall(runs.helm)),
    checkMs: summarize(wall(runs.check)),
    nodeStartMs: summarize(wall(runs.node)),
    wallRatio: ratio,
    cpuRatio,
    nodeStartRatio: nodeRatio,
    checkMaxRssMiB: median(runs.check.map((run) => run.maxRssMiB)),
  };
  goals.push({ name: "check ≤ 2× bare helm template (wall, median of pairs)", met: ratio.median <= 2 });
}

// 2. `grpc-gke validate` of large streams against the kubernetes-models validators.
async function validateStreams(): Promise<void> {
  const variants = await listVariants();
  const manifests = await Promise.all(
    variants.map(
      async (valuesFile) =>
        (
          await render({
            chart,
            releaseName: "gunstars",
            namespace: "games",
            valuesFiles: [valuesFile],
            kubeVersion: KUBERNETES_VERSION,
          })
        ).manifest,
    ),
  );
  const once = manifests.join("\n---\n");
  const perCopy = parseManifests(once, "variants").length;
  const copies = Math.ceil(5_000 / perCopy);
  const streams = [
    { name: `every variant ×${copies}`, text: Array.from({ length: copies }, () => once).join("\n---\n") },
    { name: "generated apps", text: generateStream(10_000).text },
  ];
  const out: Record<string, unknown>[] = [];
  for (const stream of streams) {
    const file = join(scratch, `${stream.name.replace(/\W+/g, "-")}.yaml`);
    await writeFile(file, stream.text);
    const documents = parseManifests(stream.text, file);
    const objects = documents.map((document) => document.object);
    const runs = { ours: [] as ProcessRun[], peer: [] as ProcessRun[] };
    const rounds = quick ? 3 : 5;
    for (let index = 0; index < rounds; index++) {
      runs.ours.push(await measureProcess(node, [cli, "validate", file, "--format", "json"]));
      runs.peer.push(await measureProcess(node, [join(import.meta.dirname, "peer-cli.ts"), file]));
    }
    const rate = (list: readonly ProcessRun[]) =>
      summarize(list.map((run) => (objects.length / run.wallMs) * 1000));
    const oursRate = rate(runs.ours);
    const peerRate = rate(runs.peer);
    // Warm validation alone, in this process: the same objects, validators loaded and run once first.
    const validator = createValidator();
    validator.validate(documents);
    await peerValidate(objects);
    const warm = { ours: [] as number[], peer: [] as number[] };
    for (let index = 0; index < rounds; index++) {
      let started = performance.now();
      validator.validate(documents);
      warm.ours.push((objects.length / (performance.now() - started)) * 1000);
      started = performance.now();
      await peerValidate(objects);
      warm.peer.push((objects.length / (performance.now() - started)) * 1000);
    }
    const perSecond = (value: number): string => `${Math.round(value).toLocaleString("en")}/s`;
    const oursWall = summarize(runs.ours.map((run) => run.wallMs));
    row(
      `\`grpc-gke validate\` ${objects.length.toLocaleString("en")} objects (${stream.name}), end to end`,
      spread(oursWall),
      `${perSecond(oursRate.median)} vs kubernetes-models ${perSecond(peerRate.median)} (${times(oursRate.median / peerRate.median)}); peak ${median(runs.ours.map((run) => run.maxRssMiB)).toFixed(0)} MiB vs ${median(runs.peer.map((run) => run.maxRssMiB)).toFixed(0)} MiB`,
    );
    row(
      `  warm validation alone, ${stream.name}`,
      perSecond(median(warm.ours)),
      `kubernetes-models ${perSecond(median(warm.peer))} (${times(median(warm.ours) / median(warm.peer))})`,
    );
    out.push({
      stream: stream.name,
      objects: objects.length,
      wallMs: oursWall,
      objectsPerSecond: oursRate,
      peerObjectsPerSecond: peerRate,
      maxRssMiB: median(runs.ours.map((run) => run.maxRssMiB)),
      peerMaxRssMiB: median(runs.peer.map((run) => run.maxRssMiB)),
      warmObjectsPerSecond: summarize(warm.ours),
      peerWarmObjectsPerSecond: summarize(warm.peer),
    });
    if (stream.name === "generated apps") {
      goals.push({ name: "validate of 10,000 objects under 10 s end to end", met: oursWall.median < 10_000 });
    }
  }
  results.validate = out;
}

// 3. The rules as the set grows.
function rulesGrowth(): void {
  const sizes = [1_000, 2_000, 5_000, 10_000];
  const sets = sizes.map((size) => parseManifests(generateStream(size).text, `generated-${size}`));
  for (const set of sets) checkPolicy(set);
  const samples = sets.map(() => [] as number[]);
  const rounds = quick ? 3 : 7;
  for (let round = 0; round < rounds; round++) {
    sets.forEach((set, index) => {
      const started = performance.now();
      checkPolicy(set);
      samples[index]?.push(performance.now() - started);
    });
  }
  const points = sets.map((set, index) => ({ n: set.length, t: median(samples[index] ?? []) }));
  const exponent = growthExponent(points);
  const at = (n: number) => points.find((point) => point.n === n)?.t ?? Number.NaN;
  for (const [index, point] of points.entries()) {
    row(
      `policy rules over ${point.n.toLocaleString("en")} objects`,
      spread(summarize(samples[index] ?? [])),
      `${((point.t / point.n) * 1000).toFixed(1)} µs/object`,
    );
  }
  row(
    "  growth",
    `n^${exponent.toFixed(2)}`,
    `per doubling: 1k→2k ${times(at(2_000) / at(1_000))}, 5k→10k ${times(at(10_000) / at(5_000))}`,
  );
  results.rules = { points, exponent };
  goals.push({ name: "rules linear up to 10,000 objects (growth exponent ≤ 1.2)", met: exponent <= 1.2 });
}

// 4. The variant matrix: render with helm 3 and 4, validate and check, for 1, 4 and every variant, on 1 and 2 workers.
async function variantMatrix(): Promise<void> {
  const variants = await listVariants();
  const counts = [...new Set([1, 4, variants.length])].filter((count) => count <= variants.length);
  const cells: Record<string, unknown>[] = [];
  const runOnce = async (files: readonly string[], workers: number): Promise<number> => {
    const started = performance.now();
    const shares = Array.from({ length: workers }, (_, worker) =>
      files.filter((_, index) => index % workers === worker),
    );
    await Promise.all(
      shares
        .filter((share) => share.length > 0)
        .map(
          (share) =>
            new Promise<void>((done, fail) => {
              const worker = new Worker(join(import.meta.dirname, "variant-worker.ts"), {
                workerData: { chart, valuesFiles: share, kubeVersion: KUBERNETES_VERSION },
              });
              worker.on("message", () => undefined);
              worker.on("error", fail);
              worker.on("exit", (code) => (code === 0 ? done() : fail(new Error(`worker exited ${code}`))));
            }),
        ),
    );
    return performance.now() - started;
  };
  const rounds = quick ? 1 : 3;
  for (const count of counts) {
    const files = variants.slice(0, count);
    const samples: Record<number, number[]> = { 1: [], 2: [] };
    for (let round = 0; round < rounds; round++) {
      for (const workers of round % 2 === 0 ? [1, 2] : [2, 1])
        samples[workers]?.push(await runOnce(files, workers));
    }
    const one = summarize(samples[1] ?? []);
    const two = summarize(samples[2] ?? []);
    row(
      `variants ×${count} (helm 3 + 4, validate, rules)`,
      `1 worker ${spread(one)}`,
      `2 workers ${spread(two)} (${times(one.median / two.median)} faster)`,
    );
    cells.push({ variants: count, oneWorkerMs: one, twoWorkersMs: two });
  }
  results.variants = cells;
}

try {
  await checkVersusHelm();
  await validateStreams();
  rulesGrowth();
  await variantMatrix();
} finally {
  await rm(scratch, { recursive: true, force: true });
  await cleanUp();
}

const machine = {
  cpus: cpus().length,
  model: cpus()[0]?.model ?? "unknown",
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  loadAverage: loadavg().map((load) => Number(load.toFixed(2))),
};
const out = flags.out === undefined ? join(import.meta.dirname, "..", "results.json") : resolve(flags.out);
// Two decimals are plenty for times in milliseconds and ratios.
const rounded = (_key: string, value: unknown) =>
  typeof value === "number" && !Number.isInteger(value) ? Math.round(value * 100) / 100 : value;
await writeFile(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), machine, quick, results, goals }, rounded, 2)}\n`,
);
console.log(
  `Machine: ${machine.cpus} × ${machine.model}, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage.join(" ")}\n`,
);
console.log("| job | time: median (min–max, runs) | against its peer |\n|---|---|---|");
for (const cells of rows) console.log(`| ${cells.join(" | ")} |`);
console.log("");
for (const goal of goals) console.log(`${goal.met ? "ok  " : "MISS"} ${goal.name}`);
console.log(`\nFigures written to ${out}`);
process.exitCode = goals.every((goal) => goal.met) ? 0 : 1;
