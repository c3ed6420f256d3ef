import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BUNDLED_CHART } from "@grpc-gke/cli";
import { DEFAULT_HELM_MAJOR, type HelmMajor } from "@grpc-gke/helm";
import { type RenderOptions, type RenderResult, render } from "@grpc-gke/render";
import { KUBERNETES_VERSION } from "@grpc-gke/validate";
import { parse } from "yaml";

export const CHART = BUNDLED_CHART;
/** The release and namespace every test renders or installs the chart as. */
export const RELEASE_NAME = "gunstars";
export const NAMESPACE = "games";

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

interface TlsValues {
  readonly backendTLS?: { readonly mode?: string };
  readonly clusterDomain?: string;
}

function readValues(file: string): TlsValues {
  return (parse(readFileSync(file, "utf8")) ?? {}) as TlsValues;
}

/** `backendTLS.mode` a values file ends up with: its own, else the chart's default from values.yaml. */
export function backendTlsMode(valuesFile: string): string | undefined {
  return readValues(valuesFile).backendTLS?.mode ?? readValues(join(CHART, "values.yaml")).backendTLS?.mode;
}

/** `clusterDomain` a values file ends up with: its own, else the chart's default. */
export function clusterDomain(valuesFile: string): string | undefined {
  return readValues(valuesFile).clusterDomain ?? readValues(join(CHART, "values.yaml")).clusterDomain;
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

/** Renders the chart with {@link chartRenderOptions}; the same options share one (read-only) result per worker. */
export function renderChart(options: ChartRenderOptions = {}): Promise<RenderResult> {
  const key = JSON.stringify({ ...options, helm: options.helm ?? DEFAULT_HELM_MAJOR });
  let pending = renders.get(key);
  if (pending === undefined) {
    pending = render(chartRenderOptions(options));
    renders.set(key, pending);
  }
  return pending;
}
