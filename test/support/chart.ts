import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_HELM_MAJOR, type HelmMajor } from "@grpc-gke/helm";
import { CHART_DIR, KUBERNETES_VERSION } from "@grpc-gke/manifest";
import {
  coalesceValues,
  isValuesMap,
  type RenderOptions,
  type RenderResult,
  render,
  type Values,
  valueAt,
} from "@grpc-gke/render";
import { parse } from "yaml";

export const CHART = CHART_DIR;
/** The release and namespace every test renders or installs the chart as. */
export const RELEASE_NAME = "gunstars";
export const NAMESPACE = "games";
/** The helm majors the chart must behave the same on, newest first. */
export const HELM_MAJORS: readonly HelmMajor[] = [4, 3];

/** A values file the chart is rendered with in CI: a chart-testing `ci/*-values.yaml` or an example. */
export interface Variant {
  /** `ci/defaults`, `examples/gunstars`: also the snapshot's path under test/snapshots/. */
  readonly name: string;
  readonly valuesFile: string;
}

export function listVariants(): Variant[] {
  const ci = readdirSync(join(CHART, "ci"))
    .filter((file) => file.endsWith("-values.yaml"))
    .map((file) => ({
      name: `ci/${file.replace(/-values\.yaml$/, "")}`,
      valuesFile: join(CHART, "ci", file),
    }));
  const examples = readdirSync(join(CHART, "examples"))
    .filter((file) => file.endsWith(".values.yaml"))
    .map((file) => ({
      name: `examples/${file.replace(/\.values\.yaml$/, "")}`,
      valuesFile: join(CHART, "examples", file),
    }));
  return [...ci, ...examples].sort((a, b) => a.name.localeCompare(b.name));
}

/** The chart's own defaults (no values file) followed by every variant. */
export function defaultsAndVariants(): { readonly name: string; readonly valuesFile: string | undefined }[] {
  return [{ name: "defaults", valuesFile: undefined }, ...listVariants()];
}

/** Values trees, helm's coalescing and dotted paths: the render package's, re-exported for the specs. */
export { coalesceValues, type Values, valueAt } from "@grpc-gke/render";

/** A values file, parsed (an empty file is `{}`). */
export function readValues(file: string): Values {
  const parsed: unknown = parse(readFileSync(file, "utf8"));
  return isValuesMap(parsed) ? parsed : {};
}

/** The chart's values.yaml. */
export function chartDefaults(): Values {
  return readValues(join(CHART, "values.yaml"));
}

/** The values a values file ends up with once helm coalesces it over the chart's values.yaml. */
export function effectiveValues(valuesFile: string | undefined): Values {
  return valuesFile === undefined ? chartDefaults() : coalesceValues(chartDefaults(), readValues(valuesFile));
}

/** `backendTLS.mode` a values file ends up with: its own, else the chart's default from values.yaml. */
export function backendTlsMode(valuesFile: string): string | undefined {
  const mode = valueAt(effectiveValues(valuesFile), "backendTLS.mode");
  return typeof mode === "string" ? mode : undefined;
}

/** `clusterDomain` a values file ends up with: its own, else the chart's default. */
export function clusterDomain(valuesFile: string): string | undefined {
  const domain = valueAt(effectiveValues(valuesFile), "clusterDomain");
  return typeof domain === "string" ? domain : undefined;
}

export type ChartRenderOptions = Omit<RenderOptions, "chart" | "helm"> & { readonly helm?: HelmMajor };

/**
 * How the tests and snapshots render the bundled chart: release `gunstars` in namespace `games`, Kubernetes
 * version pinned to the schemas' so helm 3 and helm 4 see the same cluster.
 */
export function chartRenderOptions(options: ChartRenderOptions = {}): RenderOptions {
  return {
    releaseName: RELEASE_NAME,
    namespace: NAMESPACE,
    kubeVersion: KUBERNETES_VERSION,
    ...options,
    chart: CHART,
  };
}

/** Renders already started in this worker, by their options: many specs render the same values. */
const renders = new Map<string, Promise<RenderResult>>();

/** Options as a cache key: map keys sorted, and no inline values when they are empty (helm renders the same). */
function renderKey(options: ChartRenderOptions): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : isValuesMap(value)
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, canonical(value[key])]),
          )
        : value;
  const { values, ...rest } = options;
  const inline = values === undefined || Object.keys(values).length === 0 ? {} : { values };
  return JSON.stringify(canonical({ ...rest, ...inline, helm: options.helm ?? DEFAULT_HELM_MAJOR }));
}

/**
 * Renders the chart with {@link chartRenderOptions}; options that mean the same render (see renderKey) share one
 * (read-only) result per worker.
 */
export function renderChart(options: ChartRenderOptions = {}): Promise<RenderResult> {
  const key = renderKey(options);
  let pending = renders.get(key);
  if (pending === undefined) {
    pending = render(chartRenderOptions(options));
    renders.set(key, pending);
  }
  return pending;
}

/**
 * Renders a copy of the chart whose Chart.yaml `edit` rewrote (e.g. a release bump), with the same release,
 * namespace and Kubernetes version as {@link renderChart}; the copy is removed afterwards.
 */
export async function renderEditedChart(
  edit: (chartYaml: string) => string,
  options: ChartRenderOptions = {},
): Promise<RenderResult> {
  const scratch = mkdtempSync(join(tmpdir(), "grpc-gke-chart-"));
  try {
    const copy = join(scratch, "grpc-gke");
    cpSync(CHART, copy, { recursive: true });
    const chartYaml = join(copy, "Chart.yaml");
    writeFileSync(chartYaml, edit(readFileSync(chartYaml, "utf8")));
    return await render({ ...chartRenderOptions(options), chart: copy });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Runs `use` with a values file holding `values`, written to a temporary directory that is removed afterwards
 * (for commands that take only files, such as `helm install --dry-run`).
 */
export async function withValuesFile<T>(values: Values, use: (file: string) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), "grpc-gke-values-"));
  try {
    const file = join(scratch, "values.yaml");
    writeFileSync(file, JSON.stringify(values));
    return await use(file);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
