/**
 * Every variant (`ci/*-values.yaml`) and example of the chart, rendered with helm 4 under the generic preset,
 * served by the reference server exactly as rendered, and called for real: see checkStack.
 */
import { describe, expect, it } from "vitest";
import { checkStack, describeReport, frontendTransport, listVariants, renderStack } from "../src/index.ts";

const variants = listVariants();

describe("the chart's variants and examples", () => {
  it("are all found (ci/ and examples/)", () => {
    expect(variants.some((variant) => variant.name === "ci/defaults")).toBe(true);
    expect(variants.some((variant) => variant.name.startsWith("examples/"))).toBe(true);
  });
});

describe.concurrent("each variant serves real HTTP/2 as rendered, passes its health checks and drains on SIGTERM", () => {
  for (const variant of variants) {
    it(variant.name, async () => {
      const stack = await renderStack({ variant });
      const report = await checkStack(stack, variant.name);
      console.log(describeReport(report));
      expect(report.transport).toBe(frontendTransport(stack));
      expect(report.traffic.echo.received).toBe(report.traffic.echo.sent);
      expect(report.shutdown.termination).toMatchObject({ killed: false, exit: { code: 0 } });
    });
  }
});
