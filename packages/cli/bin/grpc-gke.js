#!/usr/bin/env node
// The CLI is TypeScript, run from a bundle of itself (src/bundle.ts) or by Node's type stripping (Node >= 22.18).
// The repository pins Node 24 as node_modules/.bin/node, which npm scripts and `npx grpc-gke` put first on PATH.
import { existsSync, rmSync } from "node:fs";
import module from "node:module";
import { join } from "node:path";
import { BUNDLE_FOLDER, freshBundle } from "../src/bundle-layout.js";

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `grpc-gke needs Node.js >= 22.18 (it runs TypeScript directly); this is Node ${process.versions.node}.\n` +
      "Fix: run it through npm (`npx grpc-gke ...` or `npm run example`), which uses the Node 24 the repository installs.\n",
  );
  process.exit(2);
}
// Node's compile cache keeps the type-stripped and compiled modules between runs (keyed by their content, so
// an edited file is compiled again): a run then spends its time checking, not compiling. It lives beside the
// pinned helm in the repository's node_modules/.cache (NODE_COMPILE_CACHE_DIR of @grpc-gke/manifest/paths);
// NODE_COMPILE_CACHE or NODE_DISABLE_COMPILE_CACHE=1 win.
const nodeModules = join(import.meta.dirname, "..", "..", "..", "node_modules");
const cache = join(nodeModules, ".cache", "grpc-gke");
if (process.env.NODE_COMPILE_CACHE === undefined && existsSync(nodeModules)) {
  module.enableCompileCache?.(join(cache, "node-compile-cache"));
}

/**
 * `main`: from the bundle (built again when a source changed: half a second, once), loaded with its code cache
 * (@grpc-gke/code-cache); or from the sources themselves with GRPC_GKE_FROM_SOURCE=1 or when no bundle can be
 * built (no rolldown, a read-only node_modules). Both behave the same; the bundle starts faster.
 * @returns {Promise<typeof import("../src/main.ts").main>}
 */
async function loadMain() {
  if (process.env.GRPC_GKE_FROM_SOURCE !== "1" && existsSync(nodeModules)) {
    const dir = join(cache, BUNDLE_FOLDER);
    let bundle = freshBundle(dir);
    if (bundle === undefined) {
      try {
        await (await import("../src/bundle.ts")).buildBundle();
        bundle = freshBundle(dir);
      } catch {
        bundle = undefined;
      }
    }
    if (bundle !== undefined) {
      const { loadCommonJs } = await import("@grpc-gke/code-cache");
      try {
        const loaded = /** @type {typeof import("../src/main.ts")} */ (loadCommonJs(bundle.file, bundle.cache));
        return loaded.main;
      } catch {
        // A damaged bundle (a disk that filled up while it was written): drop it, so the next run builds it again.
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return (await import("../src/main.ts")).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
});
