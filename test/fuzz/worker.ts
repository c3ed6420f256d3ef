/**
 * A fuzz worker thread: judges the cases the main thread posts ({id, fuzzCase, helm}), several at once (helm is a
 * child process, so a worker waits on it most of the time), and posts back {id, outcome}.
 */
import { parentPort } from "node:worker_threads";
import type { HelmMajor } from "@grpc-gke/helm";
import type { FuzzCase } from "./arbitraries.ts";
import { judge } from "./oracle.ts";

interface Job {
  readonly id: number;
  readonly fuzzCase: FuzzCase;
  readonly helm: HelmMajor;
}

parentPort?.on("message", (job: Job) => {
  judge(job.fuzzCase, job.helm).then(
    (outcome) => parentPort?.postMessage({ id: job.id, outcome }),
    (error: unknown) =>
      parentPort?.postMessage({
        id: job.id,
        outcome: {
          verdict: "unclear",
          detail: `the oracle failed: ${error instanceof Error ? error.stack : String(error)}`,
        },
      }),
  );
});
