import { type HelmMajor, helmEnvironment, provideHelm } from "@grpc-gke/helm";
import { execa } from "execa";
import { describe, it } from "vitest";
import { CHART, defaultsAndVariants } from "./support/chart.ts";

const targets = defaultsAndVariants();
const majors: readonly HelmMajor[] = [4, 3];

describe.each(majors)("helm %i lint --strict", (major) => {
  // Concurrent: each case waits on its own helm process.
  it.concurrent.for(targets)("passes for $name", async ({ valuesFile }, { expect }) => {
    const helm = await provideHelm({ major });
    const args = ["lint", "--strict", CHART, ...(valuesFile === undefined ? [] : ["--values", valuesFile])];
    const result = await execa(helm.path, args, { reject: false, env: helmEnvironment() });
    expect(result.stdout + result.stderr).toContain("1 chart(s) linted, 0 chart(s) failed");
    expect(result.exitCode).toBe(0);
  });
});
