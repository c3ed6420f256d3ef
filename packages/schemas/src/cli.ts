import { relative } from "node:path";
import { SCHEMA_ROOT } from "@grpc-gke/manifest/paths";
import { generateSchemas, writeSchemas } from "./generate.ts";

const started = performance.now();
const generated = await generateSchemas();
writeSchemas(generated);
const { kinds, integers, numbers, unreached, constraints } = generated.stats;
const added = Object.entries(constraints.added)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([keyword, count]) => `${count} ${keyword}`)
  .join(", ");
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `wrote ${generated.files.size} files (${kinds} kinds) to ${relative(process.cwd(), SCHEMA_ROOT) || "."} in ${seconds}s; ` +
    `numeric fields: ${integers} integer, ${numbers} number, ${unreached} not probed; ` +
    `constraints recovered from the compiled validators: ${added || "none"}\n`,
);
