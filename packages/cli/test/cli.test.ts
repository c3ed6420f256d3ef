import { PassThrough, Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { EXAMPLE_VALUES } from "@grpc-gke/manifest/paths";
import { describe, expect, it } from "vitest";
import { main } from "../src/index.ts";

const fixtures = fileURLToPath(new URL("./__fixtures__/", import.meta.url));

async function run(argv: readonly string[], stdin = "") {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on("data", (chunk: Buffer) => err.push(chunk.toString()));
  const code = await main(argv, { stdout, stderr, stdin: Readable.from([stdin]), cwd: fixtures });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("grpc-gke check", () => {
  it("passes the Gunstars example with a short report", async () => {
    const result = await run(["check", "-f", EXAMPLE_VALUES]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/\(helm 4\.1\.4\): \d+ objects \(.*Deployment.*\)/);
    expect(result.stdout).toContain("No problems");
    expect(result.code).toBe(0);
  });

  it("reports a chart guard as a problem with helm's message, exit 1", async () => {
    const result = await run([
      "check",
      "-f",
      EXAMPLE_VALUES,
      "--set",
      "backendTLS.mode=disabled",
      "--format",
      "json",
    ]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      problems: { check: string; message: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({
        check: "render",
        message: expect.stringContaining("backendTLS.mode=disabled"),
      }),
    ]);
    expect(report.problems[0]?.message).toContain("failed_to_connect_to_backend");
    expect(report.problems[0]?.message).not.toContain("Use --debug flag");
  });

  it("renders with helm 3 on request", async () => {
    const result = await run(["check", "-f", EXAMPLE_VALUES, "--helm", "3"]);
    expect(result.stdout).toContain("(helm 3.17.2)");
    expect(result.code).toBe(0);
  });
});

describe("grpc-gke render", () => {
  it("prints the parsed objects as JSON", async () => {
    const result = await run(["render", "-f", EXAMPLE_VALUES, "--format", "json"]);
    const objects = JSON.parse(result.stdout) as { kind: string }[];
    expect(objects.map((object) => object.kind)).toEqual(
      expect.arrayContaining(["Deployment", "Service", "Ingress"]),
    );
    expect(result.code).toBe(0);
  });
});

describe("grpc-gke validate", () => {
  it("reports a misspelled field with its object and path, exit 1", async () => {
    const result = await run(["validate", "misspelled.yaml"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Service/default/shop");
    expect(result.stdout).toContain("spec.ports[0]");
    expect(result.stdout).toContain("prot");
  });

  it("reports an unknown kind instead of passing it", async () => {
    const result = await run(["validate", "unknown-kind.yaml", "--format", "json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { problems: { check: string; message: string }[] };
    expect(report.problems).toEqual([
      expect.objectContaining({ check: "unknown-kind", message: expect.stringContaining("example.com/v1") }),
    ]);
  });

  it("reads standard input with -", async () => {
    const result = await run(["validate", "-"], "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    expect(result.stdout).toContain("<stdin>: 1 objects (ConfigMap)");
    expect(result.code).toBe(0);
  });

  it("passes a clean manifest", async () => {
    const result = await run(["validate", "clean.yaml"]);
    expect(result.stdout).toContain("No problems");
    expect(result.code).toBe(0);
  });

  it("reports YAML that does not parse with its document and line", async () => {
    const result = await run(["validate", "-"], "kind: [broken\n");
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\[parse\] <stdin> \(document 1, line \d+\)/);
  });
});

describe("usage errors", () => {
  it.each([
    [["deploy"], /deploy: unknown command/],
    [["check", "--helm", "5"], /--helm 5: only helm 3 and 4 are pinned/],
    [["check", "--format", "xml"], /--format xml: unknown format/],
    [["check", "--colour"], /Unknown option '--colour'/],
    [["check", "-f", "nope.yaml"], /-f nope.yaml: .*nope.yaml does not exist/],
    [["validate", "a.yaml", "b.yaml"], /validate takes one file/],
    [["check", "stray"], /check takes no positional arguments/],
  ])("%j exits 2 with a message and a fix", async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/Fix: /);
  });

  it("prints help", async () => {
    const result = await run(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("grpc-gke check");
  });
});
