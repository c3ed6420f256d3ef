import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { collectManifests, type RenderedDocument } from "@grpc-gke/manifest";
import { describe, expect, it } from "vitest";
import {
  COMPILED_DIR,
  COMPILED_INDEX,
  type CompiledIndex,
  compileSchemas,
  inputFingerprint,
  sha256,
} from "../src/compile.ts";
import { createValidator } from "../src/index.ts";

const index = JSON.parse(readFileSync(join(COMPILED_DIR, COMPILED_INDEX), "utf8")) as CompiledIndex;

/** Every YAML file under a folder, recursively. */
function yamlFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true })
    .map(String)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(folder, name));
}

describe("compiled/ (the build-time validators)", () => {
  it("was compiled from the schemas, ajv, minifier and compiler there are now", () => {
    // On failure: run `npm run schemas` at the repository root and commit packages/validate/compiled/.
    expect(index.inputs).toBe(inputFingerprint());
  });

  it("holds exactly the modules its index lists, unedited", () => {
    const listed = Object.values(index.kinds).map((entry) => entry.module);
    const present = readdirSync(COMPILED_DIR).filter((name) => name.endsWith(".cjs"));
    expect(present.sort()).toEqual([...listed].sort());
    for (const entry of Object.values(index.kinds)) {
      expect(sha256(readFileSync(join(COMPILED_DIR, entry.module))), entry.module).toBe(entry.moduleSha256);
    }
  });

  it("covers every apiVersion/kind the schemas declare", () => {
    expect(Object.keys(index.kinds).sort()).toEqual(createValidator().kinds());
  });

  it("compiles to the same bytes again (the toolchain is deterministic)", () => {
    const sample = new Set(["v1/ConfigMap", "networking.gke.io/v1/ManagedCertificate", "apps/v1/Deployment"]);
    const again = compileSchemas(undefined, sample);
    expect(again.modules.size).toBe(sample.size);
    for (const [module, code] of again.modules) {
      expect(code === readFileSync(join(COMPILED_DIR, module), "utf8"), module).toBe(true);
    }
  }, 60_000);
});

describe("createValidator with the compiled validators", () => {
  const roots = [
    join(import.meta.dirname, "__fixtures__"),
    join(import.meta.dirname, "..", "..", "cli", "test", "__fixtures__"),
    join(import.meta.dirname, "..", "..", "policy", "src", "rules"),
    join(import.meta.dirname, "..", "..", "policy", "test", "__fixtures__"),
  ];
  const documents: RenderedDocument[] = roots
    .flatMap(yamlFiles)
    .flatMap((file) => collectManifests(readFileSync(file, "utf8"), file).documents);

  it("reports exactly what the schemas compiled at run time report", () => {
    const precompiled = createValidator();
    const runtime = createValidator({ precompiled: false });
    expect(documents.length).toBeGreaterThan(200);
    const problems = precompiled.validate(documents);
    expect(problems.length).toBeGreaterThan(10);
    expect(problems).toEqual(runtime.validate(documents));
    expect(precompiled.compiledCount()).toBe(runtime.compiledCount());
  }, 60_000);
});
