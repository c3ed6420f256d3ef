import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type HelmBinary, type HelmMajor, provideHelm } from "@grpc-gke/helm";
import { GrpcGkeError, parseManifests, type RenderedDocument } from "@grpc-gke/manifest";
import { execa } from "execa";

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

export interface RenderResult {
  readonly documents: RenderedDocument[];
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

/** Runs `helm template` and returns each rendered object with the template it came from. */
export async function render(options: RenderOptions): Promise<RenderResult> {
  const helm =
    typeof options.helm === "object"
      ? options.helm
      : await provideHelm(options.helm === undefined ? {} : { major: options.helm });
  const scratch = await mkdtemp(join(tmpdir(), "grpc-gke-render-"));
  try {
    const args = ["template", options.releaseName ?? "release", options.chart];
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
    const result = await execa(helm.path, args, {
      reject: false,
      env: { HELM_CACHE_HOME: join(scratch, "cache"), HELM_CONFIG_HOME: join(scratch, "config") },
      stripFinalNewline: false,
    });
    if (result.exitCode !== 0 || result.failed) {
      throw new HelmTemplateError(
        options.chart,
        args,
        result.exitCode,
        result.stderr || String(result.message),
      );
    }
    return { documents: parseManifests(result.stdout, options.chart), manifest: result.stdout, helm };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
