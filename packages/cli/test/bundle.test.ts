import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { EXAMPLE_VALUES, REPO_ROOT } from "@grpc-gke/manifest/paths";
import { afterAll, describe, expect, it } from "vitest";
import {
  BUNDLE_DIR,
  BUNDLE_ENTRY,
  BUNDLE_INPUTS,
  type BundleInputs,
  buildBundle,
  codeCacheFile,
  freshBundle,
} from "../src/bundle.ts";
import { main as sourceMain } from "../src/main.ts";

const fixtures = fileURLToPath(new URL("./__fixtures__/", import.meta.url));
const BIN = join(import.meta.dirname, "..", "bin", "grpc-gke.js");
const scratch = mkdtempSync(join(tmpdir(), "grpc-gke-bundle-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Main = typeof sourceMain;

async function run(main: Main, argv: readonly string[]) {
  const stdout = new PassThrough();
  const out: string[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk.toString()));
  const stderr = new PassThrough();
  const code = await main(argv, { stdout, stderr, stdin: Readable.from([""]), cwd: fixtures });
  return { code, stdout: out.join("") };
}

const readInputs = (dir: string): BundleInputs =>
  JSON.parse(readFileSync(join(dir, BUNDLE_INPUTS), "utf8")) as BundleInputs;
const fresh = (dir: string): boolean => freshBundle(dir) !== undefined;

describe("the bundled CLI", () => {
  const out = join(scratch, "cli");
  const built = buildBundle(out);

  it("lists the modules it was built from, the workspace's and the yaml library's, with its build id", async () => {
    await built;
    const manifest = readInputs(out);
    const paths = manifest.inputs.map(([path]) => path);
    expect(paths).toContain(join(REPO_ROOT, "packages", "cli", "src", "main.ts"));
    expect(paths).toContain(join(REPO_ROOT, "packages", "validate", "src", "validator.ts"));
    expect(paths.some((path) => path.includes(join("node_modules", "yaml")))).toBe(true);
    // The package.json files that decide how the imports resolve.
    expect(paths).toContain(join(REPO_ROOT, "packages", "render", "package.json"));
    expect(paths).toContain(join(REPO_ROOT, "node_modules", "yaml", "package.json"));
    expect(fresh(out)).toBe(true);
    expect(manifest.build).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("is fresh only while every file it lists keeps its size and modification time", async () => {
    await built;
    const copy = join(scratch, "copy");
    const listed = join(scratch, "listed.ts");
    writeFileSync(listed, "export {};\n");
    mkdirSync(copy);
    const info = statSync(listed);
    const manifest: BundleInputs = { build: "b1", inputs: [[listed, info.size, info.mtimeMs]] };
    writeFileSync(join(copy, BUNDLE_INPUTS), JSON.stringify(manifest));
    expect(freshBundle(copy)).toEqual({ file: join(copy, BUNDLE_ENTRY), cache: codeCacheFile(copy, "b1") });
    writeFileSync(listed, "export const edited = 1;\n");
    expect(freshBundle(copy)).toBeUndefined();
    rmSync(listed);
    expect(freshBundle(copy)).toBeUndefined();
    expect(freshBundle(join(scratch, "no-bundle-here"))).toBeUndefined();
  });

  it.each([
    ["check", ["check", "-f", EXAMPLE_VALUES, "--format", "json"]],
    ["check --helm 3", ["check", "-f", EXAMPLE_VALUES, "--helm", "3"]],
    [
      "validate of a stream with problems",
      ["validate", "misspelled.yaml", "bad-documents.yaml", "--format", "json"],
    ],
    [
      "validate with a CRD schema location",
      ["validate", "unknown-kind.yaml", "--schema-location", "default", "--schema-location", "crds"],
    ],
    ["a usage error", ["check", "--no-such-flag"]],
  ])(
    "answers %s exactly as the sources do (paths from import.meta stay the modules' own)",
    async (_, argv) => {
      await built;
      const bundled = createRequire(import.meta.url)(join(out, BUNDLE_ENTRY)) as { main: Main };
      const [fromBundle, fromSource] = await Promise.all([run(bundled.main, argv), run(sourceMain, argv)]);
      expect(fromBundle).toEqual(fromSource);
    },
  );
});

describe("bin/grpc-gke.js", () => {
  const exec = promisify(execFile);
  const bin = (env: NodeJS.ProcessEnv = {}) =>
    exec(process.execPath, [BIN, "check", "-f", EXAMPLE_VALUES, "--format", "json"], {
      env: { ...process.env, ...env },
    });

  it("builds the bundle again when a module it was built from changed, and answers as the sources do", async () => {
    await bin();
    const before = readInputs(BUNDLE_DIR);
    const [first, ...rest] = before.inputs;
    if (first === undefined) throw new Error("the bundle lists no inputs");
    // As if the first module had been edited since the bundle was built.
    const edited: BundleInputs = { ...before, inputs: [[first[0], first[1] + 1, first[2]], ...rest] };
    writeFileSync(join(BUNDLE_DIR, BUNDLE_INPUTS), JSON.stringify(edited));
    const [bundled, source] = await Promise.all([bin(), bin({ GRPC_GKE_FROM_SOURCE: "1" })]);
    const after = readInputs(BUNDLE_DIR);
    expect(fresh(BUNDLE_DIR)).toBe(true);
    expect(after.build).not.toBe(before.build);
    expect(bundled.stdout).toBe(source.stdout);
    expect(JSON.parse(bundled.stdout)).toMatchObject({ ok: true });
  });

  it("runs the sources when the bundle is damaged, and builds it again on the next run", async () => {
    await bin();
    writeFileSync(join(BUNDLE_DIR, BUNDLE_ENTRY), "module.exports = {"); // cut short, as by a full disk
    const [damaged, source] = await Promise.all([bin(), bin({ GRPC_GKE_FROM_SOURCE: "1" })]);
    expect(damaged.stderr).toBe("");
    expect(damaged.stdout).toBe(source.stdout);
    await bin();
    expect(fresh(BUNDLE_DIR)).toBe(true);
    expect(readFileSync(join(BUNDLE_DIR, BUNDLE_ENTRY), "utf8").length).toBeGreaterThan(100_000);
  });

  it("keeps the bundle's code cache, made after a run, under the build's id", async () => {
    await bin();
    const { build } = readInputs(BUNDLE_DIR);
    expect(existsSync(codeCacheFile(BUNDLE_DIR, build))).toBe(true);
  });
});
