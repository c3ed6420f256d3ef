/**
 * Static checks of the Dockerfile (building it needs a Docker engine, which the tests do not have): pinned
 * bases, a non-root runtime that matches the chart's security context, nothing run at run time but node.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IMAGE_EXECUTABLES, PACKAGE_DIR } from "../src/index.ts";

const dockerfile = readFileSync(join(PACKAGE_DIR, "Dockerfile"), "utf8");
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));
const stages: string[][] = [];
for (const instruction of instructions) {
  if (/^FROM\s/i.test(instruction)) stages.push([]);
  stages.at(-1)?.push(instruction);
}
const runtime = stages.at(-1) ?? [];

describe("Dockerfile", () => {
  it("is multi-stage and every base image has an explicit tag other than latest", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      const image = stage[0]?.split(/\s+/)[1] ?? "";
      expect(image, stage[0]).toMatch(/^[^:@\s]+(:[\w.-]+|@sha256:[0-9a-f]{64})/);
      expect(image, stage[0]).not.toMatch(/:latest\b/);
    }
  });

  it("runs on distroless Node.js 24 as uid 65532 (the chart's runAsUser), with no shell step at run time", () => {
    expect(runtime[0]).toMatch(/^FROM gcr\.io\/distroless\/nodejs24-debian\d+:nonroot$/);
    expect(runtime).toContain("USER 65532:65532");
    expect(runtime.some((instruction) => /^RUN\s/i.test(instruction))).toBe(false);
    // Distroless Node.js images hold node at /nodejs/bin/node and nothing else to exec (what the e2e assumes).
    expect(IMAGE_EXECUTABLES).toEqual(["/nodejs/bin/node"]);
  });

  it("ships what src/main.ts needs and starts it", () => {
    for (const copied of ["./node_modules", "package.json", "proto", "src"]) {
      expect(
        runtime.some((instruction) => instruction.startsWith("COPY") && instruction.includes(copied)),
        copied,
      ).toBe(true);
    }
    expect(runtime).toContain('CMD ["src/main.ts"]');
    expect(dockerfile).toMatch(/npm install --omit=dev/);
  });

  it("declares no ports or paths the chart does not know, and writes nothing at run time (no VOLUME)", () => {
    expect(runtime.some((instruction) => /^VOLUME\s/i.test(instruction))).toBe(false);
    expect(runtime.find((instruction) => instruction.startsWith("EXPOSE"))).toBe("EXPOSE 5000 5001");
  });
});
