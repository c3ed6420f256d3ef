#!/usr/bin/env node
// The CLI is TypeScript run by Node's type stripping (Node >= 22.18). The repository pins Node 24 as
// node_modules/.bin/node, which npm scripts and `npx grpc-gke` put first on PATH.
import { existsSync } from "node:fs";
import module from "node:module";
import { join } from "node:path";

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
// pinned helm in the repository's node_modules/.cache; NODE_COMPILE_CACHE or NODE_DISABLE_COMPILE_CACHE=1 win.
const nodeModules = join(import.meta.dirname, "..", "..", "..", "node_modules");
if (process.env.NODE_COMPILE_CACHE === undefined && existsSync(nodeModules)) {
  module.enableCompileCache?.(join(nodeModules, ".cache", "grpc-gke", "node-compile-cache"));
}
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
});
