/**
 * Where the CLI's bundle lives and when it may be used, in one place for the bin script (which must not pay for
 * type stripping before it knows whether to load the bundle) and for src/bundle.ts, which builds it. Plain
 * JavaScript, typed with JSDoc.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** The bundle's folder under the repository's cache (node_modules/.cache/grpc-gke). */
export const BUNDLE_FOLDER = "cli";
/** The bundle: CommonJS, exports `main` like src/main.ts. */
export const BUNDLE_ENTRY = "main.cjs";
/** `{ build, inputs }`: a build id and the files the bundle was built from, `[path, size, mtimeMs][]`. */
export const BUNDLE_INPUTS = "inputs.json";

/**
 * The bundle's V8 code cache (@grpc-gke/code-cache): named after the build, so a cache never meets another build's
 * code (V8 compares a cache with its source by length only).
 * @param {string} dir the bundle's folder
 * @param {string} build the build id from inputs.json
 */
export function codeCacheFile(dir, build) {
  return join(dir, `main.${build}.cache`);
}

/**
 * The bundle in `dir` and its code cache while every file it was built from still has the size and modification
 * time it had then; undefined when one changed, or there is no (readable) bundle.
 * @param {string} dir the bundle's folder
 * @returns {{ file: string, cache: string } | undefined}
 */
export function freshBundle(dir) {
  try {
    /** @type {{ build: string, inputs: [string, number, number][] }} */
    const { build, inputs } = JSON.parse(readFileSync(join(dir, BUNDLE_INPUTS), "utf8"));
    for (const [path, size, mtimeMs] of inputs) {
      const info = statSync(path);
      if (info.size !== size || info.mtimeMs !== mtimeMs) return undefined;
    }
    return { file: join(dir, BUNDLE_ENTRY), cache: codeCacheFile(dir, build) };
  } catch {
    return undefined;
  }
}
