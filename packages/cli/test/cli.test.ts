import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
    [["validate", "clean.yaml", "--rules", "GKE-NOPE"], /--rules GKE-NOPE: no rule or scope has that name/],
    [["validate", "clean.yaml", "--schema-only", "--rules", "gke"], /--schema-only runs no rules/],
    [["validate", "."], /is a folder, not a manifest file/],
    [
      ["validate", "clean.yaml", "--schema-location", "https://example.com/schemas"],
      /remote schema locations/,
    ],
    [["validate", "clean.yaml", "--schema-location", "no-such-folder"], /is not a folder/],
    [["schemas", "import", "crds/gadgets.yaml"], /--out is missing/],
    [["schemas", "import", "clean.yaml", "--out", "x"], /holds no CustomResourceDefinition/],
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

interface JsonReport {
  ok: boolean;
  checks: string[];
  errors: number;
  warnings: number;
  objects: { object: string; apiVersion: string; source: string }[];
  problems: { severity: string; check: string; object: string; path: string; message: string }[];
}

describe("grpc-gke validate: every input gets a report", () => {
  it("--schema-only: lists every object, those after bad documents too, and each bad document, exit 1", async () => {
    const result = await run(["validate", "bad-documents.yaml", "--schema-only", "--format", "json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.checks).toEqual(["schema"]);
    expect(report.objects.map((object) => object.object)).toEqual([
      "ConfigMap/default/before",
      "Passwd/escape",
      "ConfigMap/default/anchors",
      "ConfigMap/default/after",
    ]);
    expect(report.problems.map((problem) => [problem.check, problem.object])).toEqual([
      ["parse", "bad-documents.yaml (document 2, line 12)"],
      ["parse", "bad-documents.yaml (document 3, line 14)"],
      ["parse", "bad-documents.yaml (document 4, line 16)"],
      ["unknown-kind", "Passwd/escape"],
      ["parse", "bad-documents.yaml (document 7, line 160)"],
    ]);
    expect(report.problems[0]?.message).toContain("duplicate key `mode` at line 12");
    expect(report.problems[1]?.message).toContain('found a string "a stray line of text"');
    expect(report.problems[2]?.message).toContain("has no apiVersion");
    expect(report.problems[3]?.message).toContain("no Kubernetes kind has that name");
    expect(report.problems[4]?.message).toContain("expands YAML aliases");
  });

  it("--schema-only: exit 0 on valid input, and says the rules did not run", async () => {
    const result = await run(["validate", "advisory.yaml", "--schema-only"]);
    expect(result.stdout).toContain(
      "No problems: every object matches its strict schema (policy rules not run",
    );
    expect(result.code).toBe(0);
  });

  it("shows advice as warnings that do not fail the run; --strict fails on them", async () => {
    const result = await run(["validate", "advisory.yaml", "--format", "json"]);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.problems.map((problem) => [problem.severity, problem.check])).toEqual([
      ["warning", "K8S-PORT-REFERENCE"],
      ["warning", "GKE-INGRESS-NEG"],
    ]);
    expect([report.ok, report.errors, report.warnings, result.code]).toEqual([true, 0, 2, 0]);
    const text = await run(["validate", "advisory.yaml"]);
    expect(text.stdout).toContain("⚠ [GKE-INGRESS-NEG] warning Service/default/web");
    expect(text.stdout).toContain("No errors: 2 warnings are advice");
    const strict = await run(["validate", "advisory.yaml", "--strict", "--format", "json"]);
    expect((JSON.parse(strict.stdout) as JsonReport).ok).toBe(false);
    expect(strict.code).toBe(1);
  });

  it("--rules runs only the rules named (ids or scopes)", async () => {
    const ingress = await run(["validate", "advisory.yaml", "--rules", "gke-ingress", "--format", "json"]);
    expect((JSON.parse(ingress.stdout) as JsonReport).problems.map((problem) => problem.check)).toEqual([
      "GKE-INGRESS-NEG",
    ]);
    const one = await run(["validate", "advisory.yaml", "--rules", "K8S-SERVICE-SELECTOR", "--strict"]);
    expect(one.stdout).toContain("No problems");
    expect(one.code).toBe(0);
  });

  it("reads a kubectl List and YAML 1.1 booleans as kubectl does", async () => {
    const list = [
      "apiVersion: v1",
      "kind: List",
      "items:",
      "  - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {hostNetwork: yes, containers: [{name: a, image: a}]}}",
      "  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {enabled: yes}}",
    ].join("\n");
    const result = await run(["validate", "-", "--schema-only", "--format", "json"], list);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.objects.map((object) => object.object)).toEqual(["Pod/p", "ConfigMap/c"]);
    expect(report.problems.map((problem) => [problem.object, problem.path, problem.message])).toEqual([
      ["ConfigMap/c", "data.enabled", "must be string, got boolean true"],
    ]);
  });

  it("numbers documents from 1 in sources and messages alike", async () => {
    const result = await run(
      ["validate", "-", "--format", "json"],
      "---\nkind: [\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1}\n",
    );
    const report = JSON.parse(result.stdout) as JsonReport & { problems: { source: string }[] };
    expect(report.problems.map((problem) => problem.object)).toEqual([
      "<stdin> (document 1, line 3)",
      "ConfigMap/c",
    ]);
    expect(report.objects[0]?.source).toBe("<stdin>#2");
  });
});

describe("grpc-gke schemas import", () => {
  it("writes strict schemas from CRDs that validate --schema-location then reads", async () => {
    const out = mkdtempSync(join(tmpdir(), "imported-"));
    const imported = await run(["schemas", "import", "crds/gadgets.yaml", "--out", out]);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("1 CustomResourceDefinitions, 1 schemas written");
    const schema = JSON.parse(readFileSync(join(out, "example.com", "gadget_v1.json"), "utf8"));
    expect(schema.properties.metadata).toEqual({ $ref: "#/definitions/meta.v1.ObjectMeta" });
    const gadget =
      "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g, labels: {a: b}}\nspec: {size: 0, colour: red}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
    const checked = await run(
      [
        "validate",
        "-",
        "--schema-only",
        "--schema-location",
        "default",
        "--schema-location",
        out,
        "--format",
        "json",
      ],
      gadget,
    );
    const report = JSON.parse(checked.stdout) as JsonReport;
    expect(report.problems.map((problem) => [problem.object, problem.path, problem.message])).toEqual([
      ["Gadget/g", "spec.colour", "unknown field `colour` (not in the schema)"],
      ["Gadget/g", "spec.size", "must be >= 1, got integer 0"],
    ]);
  });
});
