/**
 * `helm template` as a child process (node:child_process: one spawn needs no process library). This module
 * parses nothing, so a caller can start helm first and load the parser and validators while helm runs.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type HelmBinary, type HelmMajor, helmEnvironment, provideHelm } from "@grpc-gke/helm";
import { GrpcGkeError } from "@grpc-gke/manifest/errors";

export interface RenderOptions {
  /** Path of the chart folder (or packaged .tgz). */
  readonly chart: string;
  readonly releaseName?: string;
  readonly namespace?: string;
  /** Values given inline; applied after `valuesFiles`, like a last `-f`. */
  readonly values?: Readonly<Record<string, unknown>>;
  readonly valuesFiles?: readonly string[];
  /** `--set key=value` expressions, applied last. */
  readonly set?: readonly string[];
  /** A provided binary, or the helm major to provide (4 by default; `HELM_BIN` still wins). */
  readonly helm?: HelmBinary | HelmMajor;
  /** `--kube-version`, so capability checks do not depend on the helm build. */
  readonly kubeVersion?: string;
  /** `--api-versions`, for charts that look for optional APIs (CRDs). */
  readonly apiVersions?: readonly string[];
}

/** What helm printed, unparsed. */
export interface HelmTemplateOutput {
  /** The stream helm printed, unchanged. */
  readonly manifest: string;
  readonly helm: HelmBinary;
}

/** helm refused to render: the message is helm's own (a schema violation, a `fail` guard, a syntax error). */
export class HelmTemplateError extends GrpcGkeError {
  override readonly name = "HelmTemplateError";
  declare readonly reason: "helm-template-failed";
  readonly chart: string;
  readonly args: readonly string[];
  readonly exitCode: number | undefined;
  /** helm's stderr without the leading "Error: ", e.g. the text of a `fail` in the chart. */
  readonly helmMessage: string;

  constructor(chart: string, args: readonly string[], exitCode: number | undefined, stderr: string) {
    const helmMessage = cleanHelmMessage(stderr);
    super(`helm template ${chart} failed: ${helmMessage}`, {
      reason: "helm-template-failed",
      fix: "Change what helm's message names (a value in the values files or --set, or the template), then render again.",
    });
    this.chart = chart;
    this.args = args;
    this.exitCode = exitCode;
    this.helmMessage = helmMessage;
  }
}

/**
 * helm's stderr reduced to what the user must read: without "Error: ", the "execution error at (file:line:col):"
 * wrapper a `fail` gets, and helm 3's "Use --debug flag" hint, which does not apply to a library caller.
 */
function cleanHelmMessage(stderr: string): string {
  return stderr
    .replace(/^Error: /, "")
    .replace(/^execution error at \([^)]*\):\s*/, "")
    .replace(/\n*Use --debug flag to render out invalid YAML\s*$/, "")
    .trim();
}

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error: Error | undefined;
}

/** Runs a program to its end, collecting its output (nothing is written to its stdin). */
function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let error: Error | undefined;
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (cause) => {
      error = cause;
    });
    child.on("close", (code) =>
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        error,
      }),
    );
  });
}

/** A `helm template` that has been started: `done` settles when helm exits. */
export interface RunningHelmTemplate {
  readonly helm: HelmBinary;
  /** helm's output, or a HelmTemplateError with its message. */
  readonly done: Promise<HelmTemplateOutput>;
}

/**
 * Starts `helm template` and resolves once helm is running, so the caller can load what it needs to read the
 * output while helm renders (`grpc-gke check` loads the parser, the validators and the rules meanwhile).
 */
export async function startHelmTemplate(options: RenderOptions): Promise<RunningHelmTemplate> {
  const helm =
    typeof options.helm === "object"
      ? options.helm
      : await provideHelm(options.helm === undefined ? {} : { major: options.helm });
  const scratch = await mkdtemp(join(tmpdir(), "grpc-gke-render-"));
  const args = ["template", options.releaseName ?? "release", options.chart];
  let running: Promise<Exit>;
  try {
    args.push("--namespace", options.namespace ?? "default");
    for (const file of options.valuesFiles ?? []) args.push("--values", file);
    if (options.values !== undefined) {
      const inline = join(scratch, "values.json");
      await writeFile(inline, JSON.stringify(options.values));
      args.push("--values", inline);
    }
    for (const expression of options.set ?? []) args.push("--set", expression);
    if (options.kubeVersion !== undefined) args.push("--kube-version", options.kubeVersion);
    for (const api of options.apiVersions ?? []) args.push("--api-versions", api);
    // helm keeps no state between renders: its cache and config go to the scratch folder.
    running = run(
      helm.path,
      args,
      helmEnvironment({
        ...process.env,
        HELM_CACHE_HOME: join(scratch, "cache"),
        HELM_CONFIG_HOME: join(scratch, "config"),
      }),
    );
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
  const done = running
    .then((result): HelmTemplateOutput => {
      if (result.code !== 0 || result.error !== undefined) {
        throw new HelmTemplateError(
          options.chart,
          args,
          result.code ?? undefined,
          result.stderr || String(result.error?.message ?? `helm exited with code ${result.code}`),
        );
      }
      return { manifest: result.stdout, helm };
    })
    .finally(() => rm(scratch, { recursive: true, force: true }));
  // A caller that fails before reading `done` must not leave an unhandled rejection behind.
  done.catch(() => undefined);
  return { helm, done };
}

/** Runs `helm template` and returns what it printed; a refusal is a HelmTemplateError with helm's message. */
export async function helmTemplate(options: RenderOptions): Promise<HelmTemplateOutput> {
  return (await startHelmTemplate(options)).done;
}
