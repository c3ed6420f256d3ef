/**
 * Every variant (`ci/*-values.yaml`) and example of the chart, rendered with helm 4 under the generic preset,
 * served by the reference server exactly as rendered, and called for real: see checkStack.
 */
import { describe, expect, it } from "vitest";
import { checkStack, describeReport, frontendTransport, listVariants, renderStack } from "../src/index.ts";
import { sidecarBehind } from "./sidecar.ts";

const variants = listVariants();

describe("the chart's variants and examples", () => {
  it("are all found (ci/ and examples/)", () => {
    expect(variants.some((variant) => variant.name === "ci/defaults")).toBe(true);
    expect(variants.some((variant) => variant.name.startsWith("examples/"))).toBe(true);
  });
});

describe.concurrent("each variant serves real HTTP/2 as rendered, passes its health checks and drains on SIGTERM", () => {
  for (const variant of variants) {
    it(variant.name, async ({ skip }) => {
      const stack = await renderStack({ variant });
      const sidecar = sidecarBehind(stack);
      // The reference server stands in for the app, not for a sidecar's image (ESP): see istio-esp.test.ts.
      if (sidecar !== undefined)
        skip(
          `the Service lands on sidecar ${sidecar.name} (${sidecar.image}), which cannot run here: istio-esp.test.ts checks the wiring and runs the app behind it`,
        );
      const report = await checkStack(stack, variant.name);
      console.log(describeReport(report));
      expect(report.transport).toBe(frontendTransport(stack));
      expect(report.traffic.echo.received).toBe(report.traffic.echo.sent);
      expect(report.shutdown.termination).toMatchObject({ killed: false, exit: { code: 0 } });
    });
  }
});
