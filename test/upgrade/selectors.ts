/**
 * The label selectors a chart version renders, per variant: what `helm upgrade` must keep. A Deployment's
 * `spec.selector` is immutable (apps/v1: an update that changes it is refused, so the upgrade fails and the release is
 * stuck), and a Service, PodDisruptionBudget, NetworkPolicy or monitor whose selector drifts from the pods' labels
 * silently stops matching them. Each released version's selectors are committed under `selectors/<version>.json`,
 * recorded by `record-selectors.ts` from that version's commit (or, for the next version, the working tree).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RenderedDocument } from "@grpc-gke/manifest";
import { REPO_ROOT } from "@grpc-gke/manifest";

export const SELECTORS_DIR = join(import.meta.dirname, "selectors");

/** A label selector as Kubernetes writes it (matchLabels, and matchExpressions when a selector has them). */
export type Selector = Readonly<Record<string, unknown>>;

/** `Kind/name` -> the object's selectors, by field path (`spec.selector`, `spec.podSelector`, ...). */
export type ObjectSelectors = Readonly<Record<string, Readonly<Record<string, Selector>>>>;

/** One chart version's selectors: every variant of that version, by variant name (`ci/defaults`). */
export interface SelectorFixture {
  readonly version: string;
  /** The commit the version was recorded from, or `working tree` for the next, unreleased version. */
  readonly source: string;
  readonly released: boolean;
  readonly helm: string;
  readonly variants: Readonly<Record<string, ObjectSelectors>>;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The selectors of one rendered set, by object and field. */
export function selectorsOf(documents: readonly RenderedDocument[]): ObjectSelectors {
  const out: Record<string, Record<string, Selector>> = {};
  const add = (key: string, path: string, selector: unknown) => {
    if (!isMap(selector)) return;
    out[key] = { ...out[key], [path]: selector };
  };
  for (const { object } of documents) {
    const key = `${object.kind}/${object.metadata?.name ?? ""}`;
    const spec = isMap(object.spec) ? object.spec : {};
    switch (object.kind) {
      case "Deployment": {
        add(key, "spec.selector", spec.selector);
        const template = isMap(spec.template) ? spec.template : {};
        const podSpec = isMap(template.spec) ? template.spec : {};
        const spread = Array.isArray(podSpec.topologySpreadConstraints)
          ? podSpec.topologySpreadConstraints
          : [];
        spread.forEach((constraint, index) => {
          if (isMap(constraint))
            add(
              key,
              `spec.template.spec.topologySpreadConstraints[${index}].labelSelector`,
              constraint.labelSelector,
            );
        });
        break;
      }
      case "Service":
        add(key, "spec.selector", spec.selector);
        break;
      case "PodDisruptionBudget":
      case "PodMonitoring":
      case "ServiceMonitor":
        add(key, "spec.selector", spec.selector);
        break;
      case "NetworkPolicy":
        add(key, "spec.podSelector", spec.podSelector);
        break;
      default:
        break;
    }
  }
  return out;
}

/** The committed fixtures, oldest version first. */
export function readFixtures(): SelectorFixture[] {
  return readdirSync(SELECTORS_DIR)
    .filter((file) => file.endsWith(".json"))
    .map((file) => JSON.parse(readFileSync(join(SELECTORS_DIR, file), "utf8")) as SelectorFixture)
    .sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
}

/** Whether the repository's history holds that commit (a shallow clone may not). */
export function hasCommit(commit: string): boolean {
  try {
    execFileSync("git", ["-C", REPO_ROOT, "cat-file", "-e", `${commit}^{commit}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `use` with the chart folder as it was at `commit` (`git archive`), in a temporary directory removed afterwards.
 * Returns the chart folder's path inside it.
 */
export async function withChartAt<T>(commit: string, use: (chartDir: string) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), "grpc-gke-at-"));
  try {
    const archive = execFileSync("git", ["-C", REPO_ROOT, "archive", commit, "charts/grpc-gke"]);
    execFileSync("tar", ["-x", "-C", scratch], { input: archive });
    return await use(join(scratch, "charts", "grpc-gke"));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The variants of a chart folder (`ci/*-values.yaml`, `examples/*.values.yaml`), by name, as test/support names them. */
export function variantsIn(chartDir: string): { name: string; valuesFile: string }[] {
  const list = (folder: string, suffix: string, prefix: string) => {
    try {
      return readdirSync(join(chartDir, folder))
        .filter((file) => file.endsWith(suffix))
        .map((file) => ({
          name: `${prefix}/${file.slice(0, -suffix.length)}`,
          valuesFile: join(chartDir, folder, file),
        }));
    } catch {
      return [];
    }
  };
  return [...list("ci", "-values.yaml", "ci"), ...list("examples", ".values.yaml", "examples")].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}
