import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type HelmMajor, helmEnvironment, provideHelm } from "@grpc-gke/helm";
import { execa } from "execa";
import type { ReleaseProblem } from "./errors.ts";

export interface LintOptions {
  /** A packaged chart (.tgz) or a chart folder. */
  readonly chart: string;
  /** Values files to lint with, one run each, besides the chart's defaults. */
  readonly valuesFiles?: readonly string[];
  readonly majors?: readonly HelmMajor[];
}

/** Runs `jobs` with at most `width` at a time (the machines have two cores). */
async function inBatches<T>(jobs: readonly (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < jobs.length; start += width) {
    results.push(...(await Promise.all(jobs.slice(start, start + width).map((job) => job()))));
  }
  return results;
}

/** `helm lint --strict` with every given helm major, on the defaults and on each values file. */
export async function lintStrict(
  options: LintOptions,
): Promise<{ runs: number; problems: ReleaseProblem[] }> {
  const majors = options.majors ?? [4, 3];
  const home = await mkdtemp(join(tmpdir(), "grpc-gke-lint-"));
  try {
    const jobs = majors.flatMap((major) =>
      [undefined, ...(options.valuesFiles ?? [])].map((valuesFile) => async () => {
        const helm = await provideHelm({ major });
        const args = [
          "lint",
          "--strict",
          options.chart,
          ...(valuesFile === undefined ? [] : ["--values", valuesFile]),
        ];
        const result = await execa(helm.path, args, {
          reject: false,
          env: helmEnvironment({
            ...process.env,
            HELM_CACHE_HOME: join(home, "cache"),
            HELM_CONFIG_HOME: join(home, "config"),
          }),
        });
        const output = `${String(result.stdout)}\n${String(result.stderr)}`.trim();
        return result.exitCode === 0
          ? undefined
          : {
              check: "lint",
              message: `helm ${helm.version} lint --strict ${options.chart}${valuesFile === undefined ? "" : ` --values ${valuesFile}`} failed:\n${output}`,
              fix: "Fix what helm lint reports (with --strict a warning is an error).",
            };
      }),
    );
    const runs = await inBatches(jobs, 4);
    return { runs: runs.length, problems: runs.filter((problem) => problem !== undefined) };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
