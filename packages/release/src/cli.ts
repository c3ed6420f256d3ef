/**
 * The release commands (run through the root package.json scripts):
 *   npm run package [-- --out DIR] [--url URL]   reproducible .tgz + index.yaml (+ release notes) in dist/
 *   npm run release:check [-- --tag TAG] [--repository OWNER/NAME]
 *   npm run release:annotate                       rewrite the generated Artifact Hub annotations
 *   node packages/release/src/cli.ts helm-path     the folder of the pinned helm 4 (the release workflow's PATH)
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { provideHelm } from "@grpc-gke/helm";
import { CHART_DIR, GrpcGkeError, messageWithFix, REPO_ROOT } from "@grpc-gke/manifest";
import { writeGeneratedAnnotations } from "./annotations.ts";
import { entryMarkdown, newestRelease, readChangelog } from "./changelog.ts";
import { readChart } from "./chart.ts";
import { generatedAnnotations, runReleaseChecks } from "./check.ts";
import { ReleaseError } from "./errors.ts";
import { packageChart, resolveSourceDateEpoch } from "./package.ts";

const USAGE = `usage: cli.ts package [--out DIR] [--url URL]
       cli.ts check [--tag TAG] [--repository OWNER/NAME]
       cli.ts annotate
       cli.ts helm-path`;

const show = (path: string) => relative(process.cwd(), path) || ".";

async function commandPackage(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: "string" }, url: { type: "string" } } });
  const outDir = resolve(values.out ?? join(REPO_ROOT, "dist"));
  const chart = readChart(CHART_DIR);
  if (existsSync(outDir)) {
    // Only what an earlier run wrote: older archives of this chart would be indexed with the new one.
    for (const file of readdirSync(outDir)) {
      if (file === "index.yaml" || (file.startsWith(`${chart.name}-`) && /\.(tgz|md)$/.test(file))) {
        rmSync(join(outDir, file));
      }
    }
  }
  const epoch = await resolveSourceDateEpoch(CHART_DIR);
  const started = performance.now();
  const result = await packageChart({
    chartDir: CHART_DIR,
    outDir,
    sourceDateEpoch: epoch.seconds,
    licenseFile: join(REPO_ROOT, "LICENSE"),
    ...(values.url === undefined ? {} : { repositoryUrl: values.url }),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const newest = newestRelease(readChangelog(join(CHART_DIR, "CHANGELOG.md")));
  const notes = join(outDir, `${result.name}-${result.version}.md`);
  if (newest?.version === result.version) writeFileSync(notes, entryMarkdown(newest));
  console.log(`${show(result.tgz)}  ${result.bytes} bytes  sha256 ${result.sha256}`);
  console.log(
    `${show(result.index)}  (helm repo index${values.url === undefined ? ", relative URLs" : ` --url ${values.url}`})`,
  );
  if (existsSync(notes))
    console.log(`${show(notes)}  (release notes: the CHANGELOG's ${result.version} entry)`);
  console.log(
    `helm ${result.helm.version}, ${result.files.length} files, every file dated ${new Date(result.sourceDateEpoch * 1000).toISOString()} (${epoch.from}), ${seconds} s`,
  );
  console.log(
    "Same chart files and time -> the same archive bytes; index.yaml's generated/created times are when it ran.",
  );
  return 0;
}

async function commandCheck(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { tag: { type: "string" }, repository: { type: "string" } },
  });
  if (values.repository !== undefined && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(values.repository)) {
    throw new ReleaseError(
      "usage",
      `--repository "${values.repository}" is not OWNER/NAME.`,
      "Pass the GitHub repository as OWNER/NAME (in a workflow: $GITHUB_REPOSITORY).",
    );
  }
  const sections = await runReleaseChecks({
    repoRoot: REPO_ROOT,
    chartDir: CHART_DIR,
    ...(values.tag === undefined ? {} : { tag: values.tag }),
    ...(values.repository === undefined ? {} : { repository: values.repository }),
  });
  let failed = 0;
  for (const section of sections) {
    console.log(`${section.problems.length === 0 ? "ok  " : "FAIL"} ${section.name}`);
    for (const note of section.notes) console.log(`     ${note}`);
    for (const problem of section.problems) {
      failed += 1;
      console.log(
        `     [${problem.check}] ${problem.message.replaceAll("\n", "\n     ")}\n     Fix: ${problem.fix}`,
      );
    }
  }
  console.log(failed === 0 ? "release checks passed" : `${failed} problem(s)`);
  return failed === 0 ? 0 : 1;
}

async function commandAnnotate(): Promise<number> {
  const { generated, problems } = await generatedAnnotations(CHART_DIR);
  const file = join(CHART_DIR, "Chart.yaml");
  const changed = writeGeneratedAnnotations(file, generated);
  const changes =
    generated.changes === undefined ? "changes left as they were" : `${generated.changes.length} changes`;
  console.log(
    `${show(file)}: ${changed ? "updated" : "already up to date"} (${changes}, ${generated.images.length} image(s))`,
  );
  for (const problem of problems) console.error(`[${problem.check}] ${problem.message}\nFix: ${problem.fix}`);
  return problems.length === 0 ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case "package":
      return commandPackage(args);
    case "check":
      return commandCheck(args);
    case "annotate":
      return commandAnnotate();
    case "helm-path":
      console.log(dirname((await provideHelm({ major: 4 })).path));
      return 0;
    default:
      throw new ReleaseError(
        "usage",
        command === undefined ? "No command given." : `Unknown command "${command}".`,
        `Use one of:\n${USAGE}`,
      );
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof GrpcGkeError) {
    console.error(messageWithFix(error));
    process.exitCode = 2;
  } else if (
    error instanceof TypeError &&
    "code" in error &&
    String(error.code).startsWith("ERR_PARSE_ARGS")
  ) {
    console.error(`${error.message}\n${USAGE}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
