/** `npm run compile --workspace @grpc-gke/validate` (the second half of `npm run schemas`). */
import { relative } from "node:path";
import { COMPILED_DIR, compileSchemas, writeCompiled } from "./compile.ts";

const started = performance.now();
const compiled = compileSchemas();
writeCompiled(compiled);
const bytes = [...compiled.modules.values()].reduce((sum, code) => sum + code.length, 0);
process.stdout.write(
  `compiled ${compiled.modules.size} validators (${(bytes / 2 ** 20).toFixed(1)} MiB) into ${relative(process.cwd(), COMPILED_DIR) || "."} in ${((performance.now() - started) / 1000).toFixed(1)}s\n`,
);
