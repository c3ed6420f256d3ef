/**
 * One child process measured: wall time (high resolution), CPU time and peak resident memory from GNU time
 * (`/usr/bin/time`, when the machine has it: its CPU figures have 10 ms resolution, so they are summed over
 * runs rather than compared one run at a time).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const GNU_TIME = "/usr/bin/time";
const hasGnuTime = existsSync(GNU_TIME);

export interface ProcessRun {
  readonly wallMs: number;
  /** User + system CPU, or NaN without GNU time. */
  readonly cpuMs: number;
  /** Peak resident set size in MiB, or NaN without GNU time. */
  readonly maxRssMiB: number;
  readonly exitCode: number | null;
}

let scratch: string | undefined;

export async function measureProcess(
  file: string,
  args: readonly string[],
  options: { readonly stdin?: string } = {},
): Promise<ProcessRun> {
  scratch ??= await mkdtemp(join(tmpdir(), "grpc-gke-bench-"));
  const report = join(scratch, "time.txt");
  const [command, commandArgs] = hasGnuTime
    ? [GNU_TIME, ["-f", "%U %S %M", "-o", report, file, ...args]]
    : [file, [...args]];
  const started = performance.now();
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      stdio: [options.stdin === undefined ? "ignore" : "pipe", "ignore", "ignore"],
    });
    child.on("error", reject);
    child.on("close", resolve);
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  });
  const wallMs = performance.now() - started;
  if (!hasGnuTime) return { wallMs, cpuMs: Number.NaN, maxRssMiB: Number.NaN, exitCode };
  const fields = (await readFile(report, "utf8")).trim().split(/\s+/).slice(-3).map(Number);
  const [user = Number.NaN, system = Number.NaN, rssKiB = Number.NaN] = fields;
  return { wallMs, cpuMs: (user + system) * 1000, maxRssMiB: rssKiB / 1024, exitCode };
}

export async function cleanUp(): Promise<void> {
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
}
