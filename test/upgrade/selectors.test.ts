/**
 * Selector labels are exactly `app.kubernetes.io/name` + `app.kubernetes.io/instance` on every variant, and the same
 * across chart versions: a Deployment's `spec.selector` is immutable ("field is immutable" on update, apps/v1
 * ValidateDeploymentUpdate), so a chart version that changed it could never be upgraded to, and a Service or
 * PodDisruptionBudget whose selector drifted from the pods' labels would silently select nothing. Each released
 * version's selectors are committed in `selectors/<version>.json` (record-selectors.ts); the next version's entry is
 * recorded from the working tree.
 */

import { KUBERNETES_VERSION } from "@grpc-gke/manifest";
import { render } from "@grpc-gke/render";
import { describe, expect, it } from "vitest";
import { listVariants, renderChart } from "../support/chart.ts";
import {
  hasCommit,
  readFixtures,
  type SelectorFixture,
  selectorsOf,
  variantsIn,
  withChartAt,
} from "./selectors.ts";

const fixtures = readFixtures();
const released = fixtures.filter((fixture) => fixture.released);
const next = fixtures.find((fixture) => !fixture.released);
const variants = listVariants();
const currentSelectors = async (valuesFile: string) =>
  selectorsOf((await renderChart({ valuesFiles: [valuesFile] })).documents);

/** `{matchLabels: {name, instance}}` or the bare map a Service carries. */
const selectorLabels = (selector: Readonly<Record<string, unknown>>) =>
  (selector.matchLabels ?? selector) as Readonly<Record<string, unknown>>;

describe("selector labels of every variant", () => {
  it.concurrent.for(variants.map((variant) => [variant.name, variant] as const))(
    "should select exactly app.kubernetes.io/name and app.kubernetes.io/instance, and nothing else, when rendering %s",
    async ([, { valuesFile }], { expect }) => {
      const selectors = await currentSelectors(valuesFile);
      const deployments = Object.entries(selectors).filter(([key]) => key.startsWith("Deployment/"));
      expect(deployments).toHaveLength(1);
      const [[, deployment] = ["", {}]] = deployments;
      const immutable = deployment["spec.selector"] ?? {};
      expect(Object.keys(immutable)).toEqual(["matchLabels"]);
      expect(Object.keys(selectorLabels(immutable)).sort()).toEqual([
        "app.kubernetes.io/instance",
        "app.kubernetes.io/name",
      ]);
      // Every other selector of the release's pods is the same map (the ServiceMonitor selects the Service's labels,
      // which carry them too).
      for (const [object, fields] of Object.entries(selectors)) {
        for (const [field, selector] of Object.entries(fields)) {
          expect(selectorLabels(selector), `${object} ${field}`).toEqual(selectorLabels(immutable));
        }
      }
    },
  );
});

describe.each(released)("selectors of released chart $version ($source)", (fixture: SelectorFixture) => {
  const shared = Object.keys(fixture.variants).filter((name) =>
    variants.some((variant) => variant.name === name),
  );

  it("should share variants with the current chart to compare (ci/defaults at least)", () => {
    expect(shared).toContain("ci/defaults");
  });

  it.concurrent.for(shared)(
    "should keep every selector of %s unchanged when the current chart renders the variant of that name",
    async (name, { expect }) => {
      const variant = variants.find((candidate) => candidate.name === name);
      if (variant === undefined) throw new Error(`no current variant ${name}`);
      const now = await currentSelectors(variant.valuesFile);
      const then = fixture.variants[name] ?? {};
      // The same workloads, under the same names: a renamed Deployment is a new object, not an upgrade in place.
      const deployments = (selectors: object) =>
        Object.keys(selectors).filter((key) => key.startsWith("Deployment/"));
      expect(deployments(now)).toEqual(deployments(then));
      for (const [object, fields] of Object.entries(then)) {
        for (const [field, selector] of Object.entries(fields)) {
          const current = now[object]?.[field];
          // An object the current values no longer render (a PodDisruptionBudget of one replica) has nothing to keep.
          if (current !== undefined) expect(current, `${object} ${field}`).toEqual(selector);
        }
      }
    },
  );

  it.skipIf(!hasCommit(fixture.source))(
    "should be what helm renders from that commit's chart and variants (the fixture is a true record)",
    { timeout: 120_000 },
    async () => {
      const fresh = await withChartAt(fixture.source, async (chartDir) => {
        const out: Record<string, unknown> = {};
        for (const variant of variantsIn(chartDir)) {
          const { documents } = await render({
            chart: chartDir,
            releaseName: "gunstars",
            namespace: "games",
            kubeVersion: KUBERNETES_VERSION,
            valuesFiles: [variant.valuesFile],
            helm: 4,
          });
          out[variant.name] = selectorsOf(documents);
        }
        return out;
      });
      expect(fresh).toEqual(fixture.variants);
    },
  );
});

describe("selectors of the next chart version", () => {
  it("should have one recorded entry for the unreleased version, from the working tree", () => {
    expect(next?.source).toBe("working tree");
  });

  it.concurrent.for(
    Object.keys(next?.variants ?? {}).filter((name) => variants.some((v) => v.name === name)),
  )("should render the recorded selectors of %s", async (name, { expect }) => {
    const variant = variants.find((candidate) => candidate.name === name);
    if (variant === undefined) throw new Error(`no current variant ${name}`);
    expect(await currentSelectors(variant.valuesFile)).toEqual(next?.variants[name]);
  });
});
