#!/usr/bin/env node
// The CLI is TypeScript run by Node's type stripping (Node >= 22.18). The repository pins Node 24 as
// node_modules/.bin/node, which npm scripts and `npx grpc-gke` put first on PATH.
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `grpc-gke needs Node.js >= 22.18 (it runs TypeScript directly); this is Node ${process.versions.node}.\n` +
      "Fix: run it through npm (`npx grpc-gke ...` or `npm run example`), which uses the Node 24 the repository installs.\n",
  );
  process.exit(2);
}
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
});
