import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { cacheFolder, loadCommonJs } from "../src/index.js";

const scratch = mkdtempSync(join(tmpdir(), "grpc-gke-code-cache-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const INDEX = pathToFileURL(join(import.meta.dirname, "..", "src", "index.js")).href;

/** A CommonJS module that uses what a CommonJS module is given. */
function moduleFile(name: string): string {
  const file = join(scratch, `${name}.cjs`);
  writeFileSync(
    file,
    `const { basename } = require("node:path");
module.exports = { square: (n) => n * n, here: basename(__dirname), file: basename(__filename), self: this === module.exports };
`,
  );
  return file;
}

/** Loads `file` in a new Node process (optionally calling keepCodeCache) and exits: the cache is written at exit. */
function loadInChild(file: string, cacheFile: string, keep: "always" | "used", run: boolean): void {
  const script = `import { loadCommonJs, keepCodeCache } from ${JSON.stringify(INDEX)};
const exported = loadCommonJs(${JSON.stringify(file)}, ${JSON.stringify(cacheFile)}, { keep: ${JSON.stringify(keep)} });
if (exported.square(3) !== 9) process.exit(3);
${run ? "keepCodeCache(exported);" : ""}`;
  execFileSync(process.execPath, ["--input-type=module", "-e", script]);
}

describe("loadCommonJs", () => {
  it("runs a CommonJS file with its own require, module, __filename and __dirname", () => {
    const file = moduleFile("plain");
    const exported = loadCommonJs(file, join(scratch, "plain.cache")) as Record<string, unknown>;
    expect(exported).toMatchObject({ here: scratch.split("/").pop(), file: "plain.cjs", self: true });
    expect((exported.square as (n: number) => number)(4)).toBe(16);
  });

  it("writes the code cache when the process exits, then uses it instead of writing it again", () => {
    const file = moduleFile("cached");
    const cacheFile = join(scratch, "caches", "cached.cache");
    loadInChild(file, cacheFile, "always", true);
    const written = statSync(cacheFile);
    expect(written.size).toBeGreaterThan(0);
    loadInChild(file, cacheFile, "always", true);
    expect(statSync(cacheFile).mtimeMs).toBe(written.mtimeMs);
  });

  // The fact the package rests on: a cache made after the code ran holds the functions V8 compiled lazily meanwhile.
  it("holds the functions that ran: the cache of a run that called the export is larger than one that did not", () => {
    const file = join(scratch, "lazy.cjs");
    const body = Array.from({ length: 200 }, (_, i) => `  total += (n * ${i}) % ${i + 7};`).join("\n");
    writeFileSync(
      file,
      `module.exports = { square: (n) => { let total = 0;\n${body}\n  return n * n + total * 0; } };\n`,
    );
    const ran = join(scratch, "lazy-ran.cache");
    const loadedOnly = join(scratch, "lazy-loaded.cache");
    loadInChild(file, ran, "always", true);
    const script = `import { loadCommonJs } from ${JSON.stringify(INDEX)};
loadCommonJs(${JSON.stringify(file)}, ${JSON.stringify(loadedOnly)});`;
    execFileSync(process.execPath, ["--input-type=module", "-e", script]);
    expect(statSync(ran).size).toBeGreaterThan(statSync(loadedOnly).size);
  });

  it("writes a new cache over one V8 refuses", () => {
    const file = moduleFile("refused");
    const cacheFile = join(scratch, "refused.cache");
    writeFileSync(cacheFile, "not a code cache");
    loadInChild(file, cacheFile, "always", true);
    expect(statSync(cacheFile).size).toBeGreaterThan("not a code cache".length);
  });

  it("with keep: used, writes the cache only once keepCodeCache says the code ran", () => {
    const file = moduleFile("used");
    const cacheFile = join(scratch, "used.cache");
    loadInChild(file, cacheFile, "used", false);
    expect(existsSync(cacheFile)).toBe(false);
    loadInChild(file, cacheFile, "used", true);
    expect(existsSync(cacheFile)).toBe(true);
  });
});

describe("cacheFolder", () => {
  it("gives the key's folder and removes the folders of other keys when the key is new", () => {
    const root = join(scratch, "folders");
    mkdirSync(join(root, "old-key"), { recursive: true });
    writeFileSync(join(root, "old-key", "a.cache"), "x");
    expect(cacheFolder(root, "new-key")).toBe(join(root, "new-key"));
    expect(readdirSync(root)).toEqual([]);
    mkdirSync(join(root, "new-key"));
    mkdirSync(join(root, "other"));
    expect(cacheFolder(root, "new-key")).toBe(join(root, "new-key"));
    expect(readdirSync(root).sort()).toEqual(["new-key", "other"]);
  });

  it("gives the key's folder when the root does not exist yet", () => {
    expect(cacheFolder(join(scratch, "absent"), "k")).toBe(join(scratch, "absent", "k"));
  });
});
