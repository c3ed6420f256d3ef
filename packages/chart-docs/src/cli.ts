import { parseArgs } from "node:util";
import { CHART_DIR } from "@grpc-gke/manifest/paths";
import { check, writeGenerated } from "./chart.ts";
import { ChartDocsError, formatProblem } from "./errors.ts";

const USAGE = `Usage: node src/cli.ts [--check | --write] [--chart <dir>]

Generates the README values table and the values.schema.json descriptions from the \`# --\`
comments in values.yaml.
  --check        report problems and drift, change nothing (default); exit 1 if any
  --write        rewrite README.md (between the values-table markers) and values.schema.json
  --chart <dir>  chart directory (default: ${CHART_DIR})`;

async function main(argv: string[]): Promise<number> {
  let options: { check: boolean; write: boolean; chart: string | undefined; help: boolean };
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        check: { type: "boolean", default: false },
        write: { type: "boolean", default: false },
        chart: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    options = { check: values.check, write: values.write, chart: values.chart, help: values.help };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.check && options.write) {
    console.error(`--check and --write are exclusive.\n\n${USAGE}`);
    return 2;
  }
  const chartDir = options.chart ?? CHART_DIR;

  if (options.write) {
    const result = await writeGenerated(chartDir);
    for (const file of result.written) console.log(`wrote ${file}`);
    if (result.written.length === 0) console.log("chart docs already up to date");
    for (const problem of result.problems) console.error(formatProblem(problem));
    return result.problems.length === 0 ? 0 : 1;
  }

  const problems = await check(chartDir);
  for (const problem of problems) console.error(formatProblem(problem));
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s).`);
    return 1;
  }
  console.log("chart docs in sync");
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ChartDocsError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
