/**
 * Runs the fuzzer: `runs` cases from `seed` (fast-check's own sequence: case i is what `fc.check` with that seed runs
 * as run i), judged in parallel by worker threads, each rendering with helm as a child process; then, for the first
 * case that is rendered-but-invalid or refused unclearly, fast-check's shrinking (a replay of that run, `path`) finds
 * the smallest values that still fail, judged one at a time.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { HelmMajor } from "@grpc-gke/helm";
import fc from "fast-check";
import { stringify } from "yaml";
import { caseArbitrary, type FuzzCase, overridesOf } from "./arbitraries.ts";
import { judge, type Outcome, type Verdict } from "./oracle.ts";

export interface FuzzOptions {
  readonly runs: number;
  readonly seed: number;
  readonly helm?: HelmMajor;
  /** Worker threads (default: the machine's parallelism); each judges `perWorker` cases at once. */
  readonly workers?: number;
  readonly perWorker?: number;
  /** Shrink the first failure (default true); the time it may take, in ms. */
  readonly shrink?: boolean;
  readonly shrinkTimeMs?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface Failure {
  readonly index: number;
  readonly fuzzCase: FuzzCase;
  readonly outcome: Outcome;
}

export interface FuzzReport {
  readonly runs: number;
  readonly seed: number;
  readonly counts: Readonly<Record<Verdict, number>>;
  readonly failures: readonly Failure[];
  /** The smallest failing case fast-check's shrinking found from the first failure. */
  readonly shrunk?: Failure;
  readonly seconds: number;
  readonly casesPerSecond: number;
}

/** The summary line: `N cases: A rendered valid, R refused clearly, U refused unclearly, I invalid`. */
export function summary(report: FuzzReport): string {
  const { counts } = report;
  return `${report.runs} cases: ${counts.valid} rendered valid, ${counts.refused} refused clearly, ${counts.unclear} refused unclearly, ${counts.invalid} invalid`;
}

/** A failing case as the user would write it: the variant, the release and the values on top. */
export function describeCase({ fuzzCase, outcome }: Failure): string {
  const values = stringify(overridesOf(fuzzCase), { lineWidth: 0 }).trimEnd();
  return [
    `variant: ${fuzzCase.variant} (release ${fuzzCase.release}, namespace ${fuzzCase.namespace})`,
    "values on top:",
    ...values.split("\n").map((line) => `  ${line}`),
    `verdict: ${outcome.verdict}`,
    ...outcome.detail.split("\n").map((line) => `  ${line}`),
  ].join("\n");
}

const failed = (verdict: Verdict) => verdict === "unclear" || verdict === "invalid";

/** Judges cases on worker threads, `perWorker` at a time each. */
async function judgeAll(
  cases: readonly FuzzCase[],
  helm: HelmMajor,
  workers: number,
  perWorker: number,
  onDone: (index: number, outcome: Outcome) => void,
): Promise<void> {
  const pool = Array.from(
    { length: Math.max(1, Math.min(workers, cases.length)) },
    () => new Worker(new URL("./worker.ts", import.meta.url)),
  );
  let next = 0;
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let running = 0;
            const feed = (): void => {
              while (running < perWorker && next < cases.length) {
                const id = next++;
                running++;
                worker.postMessage({ id, fuzzCase: cases[id], helm });
              }
              if (running === 0) resolve();
            };
            worker.on("message", ({ id, outcome }: { id: number; outcome: Outcome }) => {
              running--;
              onDone(id, outcome);
              feed();
            });
            worker.on("error", reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const helm = options.helm ?? 4;
  const started = performance.now();
  // Plain objects: fast-check builds records without a prototype, which a worker message cannot carry as is.
  const cases = fc
    .sample(caseArbitrary, { seed: options.seed, numRuns: options.runs })
    .map((fuzzCase) => JSON.parse(JSON.stringify(fuzzCase)) as FuzzCase);
  const counts: Record<Verdict, number> = { valid: 0, refused: 0, unclear: 0, invalid: 0 };
  const failures: Failure[] = [];
  let done = 0;
  await judgeAll(
    cases,
    helm,
    options.workers ?? availableParallelism(),
    options.perWorker ?? 2,
    (index, outcome) => {
      counts[outcome.verdict]++;
      const fuzzCase = cases[index];
      if (failed(outcome.verdict) && fuzzCase !== undefined) failures.push({ index, fuzzCase, outcome });
      options.onProgress?.(++done, cases.length);
    },
  );
  const seconds = (performance.now() - started) / 1000;
  failures.sort((a, b) => a.index - b.index);
  const first = failures[0];
  let shrunk: Failure | undefined;
  if (first !== undefined && options.shrink !== false) {
    // Replays run `first.index` of the same seed and shrinks it (fast-check's path), judging one candidate at a time.
    const outcomes = new Map<string, Outcome>();
    const result = await fc.check(
      fc.asyncProperty(caseArbitrary, async (candidate) => {
        const plain = JSON.parse(JSON.stringify(candidate)) as FuzzCase;
        const outcome = await judge(plain, helm);
        outcomes.set(JSON.stringify(plain), outcome);
        return !failed(outcome.verdict);
      }),
      {
        seed: options.seed,
        path: String(first.index),
        numRuns: first.index + 1,
        interruptAfterTimeLimit: options.shrinkTimeMs ?? 120_000,
        markInterruptAsFailure: false,
      },
    );
    const [smallest] = result.counterexample ?? [];
    if (smallest !== undefined) {
      const plain = JSON.parse(JSON.stringify(smallest)) as FuzzCase;
      const outcome = outcomes.get(JSON.stringify(plain)) ?? first.outcome;
      shrunk = { index: first.index, fuzzCase: plain, outcome };
    }
  }
  return {
    runs: cases.length,
    seed: options.seed,
    counts,
    failures,
    ...(shrunk === undefined ? {} : { shrunk }),
    seconds,
    casesPerSecond: cases.length / seconds,
  };
}
