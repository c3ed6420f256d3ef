/** The emulated kubelet's start: the server gets the rendered env and nothing of the test process's. */
import { readFileSync } from "node:fs";
import { NODE_COMPILE_CACHE_DIR } from "@grpc-gke/manifest/paths";
import { afterAll, describe, expect, it } from "vitest";
import { Pod, renderStack } from "../src/index.ts";

describe("Pod.start", () => {
  const pods: Pod[] = [];
  afterAll(async () => {
    await Promise.all(pods.map((pod) => pod.dispose()));
  });

  it("runs the server with exactly the rendered env, plus the harness's compile cache", async () => {
    const stack = await renderStack();
    const pod = await Pod.start(stack, { name: "env" });
    pods.push(pod);
    await pod.waitReady();
    // What the process really got (Linux: NUL-separated NAME=value).
    const environ = readFileSync(`/proc/${String(pod.pid)}/environ`, "utf8")
      .split("\0")
      .filter(Boolean);
    expect(environ.sort()).toEqual(
      [
        ...Object.entries(pod.env).map(([name, value]) => `${name}=${value}`),
        `NODE_COMPILE_CACHE=${NODE_COMPILE_CACHE_DIR}`,
      ].sort(),
    );
    expect(Object.keys(pod.env)).toContain("GRPC_PORT");
    expect(Object.keys(pod.env)).not.toContain("NODE_COMPILE_CACHE");

    const report = await pod.terminate({ skipPreStop: true });
    expect(report.exit.code).toBe(0);
  });
});
