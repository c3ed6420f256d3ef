/**
 * `npm run fuzz -- --runs N --seed S [--helm 3|4] [--workers W] [--no-shrink]`: property-based testing of the chart's
 * values (test/fuzz/arbitraries.ts generates them from values.schema.json; test/fuzz/oracle.ts judges each render).
 * Prints one summary line, `N cases: A rendered valid, R refused clearly, U refused unclearly, I invalid`, the speed,
 * and, when a case failed, the smallest values that still fail; exits 1 then.
 */
import { parseArgs } from "node:util";
import type { HelmMajor } from "@grpc-gke/helm";
import { describeCase, runFuzz, summary } from "./run.ts";

const USAGE = "Usage: npm run fuzz -- [--runs N] [--seed S] [--helm 3|4] [--workers W] [--no-shrink]";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    runs: { type: "string", default: "200" },
    seed: { type: "string" },
    helm: { type: "string", default: "4" },
    workers: { type: "string" },
    "no-shrink": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2_147_483_647 : Number(values.seed);
const helm = Number(values.helm);
if (!Number.isSafeInteger(runs) || runs < 1 || !Number.isSafeInteger(seed) || (helm !== 3 && helm !== 4)) {
  console.error(USAGE);
  process.exit(2);
}
console.log(`fuzzing ${runs} cases, seed ${seed}, helm ${helm}`);
let last = 0;
const report = await runFuzz({
  runs,
  seed,
  helm: helm as HelmMajor,
  ...(values.workers === undefined ? {} : { workers: Number(values.workers) }),
  shrink: !values["no-shrink"],
  onProgress: (done, total) => {
    if (done - last >= 250 || done === total) {
      last = done;
      console.error(`  ${done}/${total}`);
    }
  },
});
console.log(summary(report));
console.log(
  `${report.seconds.toFixed(1)} s, ${report.casesPerSecond.toFixed(1)} cases/s (${(1000 / report.casesPerSecond).toFixed(0)} ms a case, wall)`,
);
for (const failure of report.failures.slice(0, 10)) {
  console.log(`\ncase #${failure.index}:\n${describeCase(failure)}`);
}
if (report.shrunk !== undefined)
  console.log(`\nsmallest failing case (shrunk):\n${describeCase(report.shrunk)}`);
process.exitCode = report.failures.length === 0 ? 0 : 1;
