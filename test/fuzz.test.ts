/**
 * Property-based testing of the chart's values (test/fuzz): cases generated from values.schema.json (valid values of
 * every frontend and option, and near misses) must each be refused with a clear message or render objects that pass
 * the strict schemas, every policy rule and Pod Security "restricted". A modest number runs here: a case costs about
 * 120 ms on one core (helm about 105 ms; parsing, the strict schemas and the rules about 40 ms more when it renders),
 * and two worker threads on 2 cores judge about 10 a second, so 200 cases take about 20 s; `npm run fuzz -- --runs N
 * --seed S` runs any number. A failure
 * prints the smallest values that still fail (fast-check's shrinking). FUZZ_SEED and FUZZ_RUNS override the defaults.
 */
import { describe, expect, it } from "vitest";
import { describeCase, runFuzz, summary } from "./fuzz/run.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_413);
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

describe("values fuzzing (test/fuzz)", () => {
  it(`should refuse clearly or render valid objects for ${RUNS} generated values when seeded with ${SEED}`, async () => {
    const report = await runFuzz({ runs: RUNS, seed: SEED, shrinkTimeMs: 60_000 });
    const shrunk =
      report.shrunk === undefined ? "" : `\n\nsmallest failing case:\n${describeCase(report.shrunk)}`;
    expect(
      report.failures.length,
      `${summary(report)} (seed ${SEED})${shrunk}\n\n${report.failures.slice(0, 3).map(describeCase).join("\n\n")}`,
    ).toBe(0);
    expect(
      report.counts.valid,
      "too few cases rendered: the generator no longer reaches valid values",
    ).toBeGreaterThan(RUNS / 5);
  }, 300_000);
});
