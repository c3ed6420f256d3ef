/**
 * The bad-input table (test/bad-inputs/table.yaml): hand-picked values users get wrong, across the frontends, each with
 * the exact message helm prints. Every row renders with helm 4 and helm 3 and must fail with that message (helm 3's own
 * wording where the row gives one: it words schema errors differently, with the same path and meaning). `npm run docs`
 * writes the same rows into the chart README's troubleshooting table.
 */

import { readBadInputs } from "@grpc-gke/chart-docs";
import type { HelmMajor } from "@grpc-gke/helm";
import { HelmTemplateError, helmTemplate } from "@grpc-gke/render";
import { describe, expect, it } from "vitest";
import { chartRenderOptions, NAMESPACE, RELEASE_NAME } from "./support/chart.ts";

const rows = await readBadInputs();

async function helmMessage(row: (typeof rows)[number], helm: HelmMajor): Promise<string> {
  try {
    await helmTemplate({
      ...chartRenderOptions({ helm, values: row.values }),
      releaseName: row.release ?? RELEASE_NAME,
      namespace: row.namespace ?? NAMESPACE,
    });
  } catch (error) {
    if (error instanceof HelmTemplateError) return error.helmMessage;
    throw error;
  }
  return "(rendered)";
}

describe("bad inputs (test/bad-inputs/table.yaml, the chart README's troubleshooting table)", () => {
  it("should hold at least 30 rows across every frontend when the table is read", () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(new Set(rows.map((row) => row.frontend))).toEqual(
      new Set(["gkeIngress", "gkeGateway", "nginx", "istio", "inCluster", "none"]),
    );
  });

  describe.each(rows.map((row, index) => ({ ...row, index })))("$input", (row) => {
    it.each([4, 3] as const)(
      "should refuse with the table's message when rendered with helm %i",
      async (helm) => {
        const expected = helm === 3 && row.helm3 !== undefined ? row.helm3 : row.helm4;
        expect(await helmMessage(row, helm)).toBe(expected);
      },
    );
  });
});
