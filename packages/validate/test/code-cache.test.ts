import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseManifests } from "@grpc-gke/manifest";
import { afterAll, describe, expect, it } from "vitest";
import { createValidator } from "../src/index.ts";

const scratch = mkdtempSync(join(tmpdir(), "grpc-gke-validator-cache-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const fixture = (name: string) => join(import.meta.dirname, "__fixtures__", name);
const documents = (name: string) => parseManifests(readFileSync(fixture(name), "utf8"), name);

/** Validates a fixture in a new process with a code cache folder; prints the problems as JSON. */
function validateInChild(name: string, codeCache: string): unknown {
  const index = pathToFileURL(join(import.meta.dirname, "..", "src", "index.ts")).href;
  const manifest = pathToFileURL(join(import.meta.dirname, "..", "..", "manifest", "src", "index.ts")).href;
  const script = `import { readFileSync } from "node:fs";
import { createValidator } from ${JSON.stringify(index)};
import { parseManifests } from ${JSON.stringify(manifest)};
const validator = createValidator({ codeCache: ${JSON.stringify(codeCache)} });
validator.prepare("networking.k8s.io/v1", "Ingress");
const docs = parseManifests(readFileSync(${JSON.stringify(fixture(name))}, "utf8"), ${JSON.stringify(name)});
process.stdout.write(JSON.stringify(validator.validate(docs)));`;
  return JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
  );
}

describe("validators with a code cache", () => {
  it("report what validators without one report, run after run, and keep a cache only of the kinds that ran", () => {
    const root = join(scratch, "caches");
    const expected = createValidator().validate(documents("invalid.yaml"));
    expect(expected.length).toBeGreaterThan(0);
    expect(validateInChild("invalid.yaml", root)).toEqual(expected);
    expect(validateInChild("invalid.yaml", root)).toEqual(expected);
    const [folder, ...others] = readdirSync(root);
    expect(others).toEqual([]);
    const index = JSON.parse(
      readFileSync(join(import.meta.dirname, "..", "compiled", "index.json"), "utf8"),
    ) as {
      inputs: string;
    };
    expect(folder).toBe(index.inputs.slice(0, 16));
    const cached = readdirSync(join(root, String(folder))).sort();
    // invalid.yaml holds a Service, a Deployment and a BackendConfig (and a kind without a schema); the Ingress
    // was only prepared, never run.
    expect(cached).toEqual([
      "cloud.google.com__backendconfig_v1.cache",
      expect.stringMatching(/__deployment-apps-v1\.cache$/),
      expect.stringMatching(/__service-v1\.cache$/),
    ]);
  });
});
