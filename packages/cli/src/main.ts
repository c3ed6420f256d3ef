import { readFile, stat } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { text } from "node:stream/consumers";
import {
  GrpcGkeError,
  KUBERNETES_VERSION,
  ManifestParseError,
  messageWithFix,
  type Problem,
  parseManifests,
} from "@grpc-gke/manifest";
import { CHART_DIR } from "@grpc-gke/manifest/paths";
import { HelmTemplateError, render } from "@grpc-gke/render";
import { type ChartArguments, parseArguments, type ValidateArguments } from "./args.ts";
import { inspect } from "./inspect.ts";
import { formatReport } from "./report.ts";
import { HELP, UsageError } from "./usage.ts";

export interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly cwd: string;
}

/** Runs one grpc-gke command; resolves to the exit code (0 clean, 1 problems, 2 usage or environment). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const args = parseArguments(argv);
    switch (args.command) {
      case "help":
        io.stdout.write(HELP);
        return 0;
      case "validate":
        return await validateCommand(args, io);
      case "check":
      case "render":
        return await chartCommand(args, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`grpc-gke: ${error.message}\nRun \`grpc-gke help\` for usage.\n`);
      return 2;
    }
    // The environment is not what the command needs (no helm, no schemas, ...): every package's typed errors
    // extend GrpcGkeError and say the fix. A chart helm refuses or a stream that does not parse is a report
    // (exit 1), handled where it is thrown.
    if (error instanceof GrpcGkeError) {
      io.stderr.write(`grpc-gke: ${messageWithFix(error)}\n`);
      return 2;
    }
    throw error;
  }
}

async function chartCommand(args: ChartArguments, io: Io): Promise<number> {
  const chart = args.chart === undefined ? CHART_DIR : resolve(io.cwd, args.chart);
  await mustExist(chart, "--chart", "Give the path of a chart folder (it holds Chart.yaml).");
  const valuesFiles = await Promise.all(
    args.valuesFiles.map(async (file) => {
      const path = resolve(io.cwd, file);
      await mustExist(path, `-f ${file}`, "Give the path of an existing values file.");
      return path;
    }),
  );
  const target = relative(io.cwd, chart) || ".";
  let result: Awaited<ReturnType<typeof render>>;
  try {
    result = await render({
      chart,
      releaseName: args.releaseName,
      namespace: args.namespace,
      valuesFiles,
      set: args.set,
      ...(args.helm === undefined ? {} : { helm: args.helm }),
      kubeVersion: args.kubeVersion ?? KUBERNETES_VERSION,
    });
  } catch (error) {
    if (!(error instanceof HelmTemplateError)) throw error;
    const problem: Problem = {
      check: "render",
      object: target,
      source: target,
      path: "",
      message: `helm refused to render the chart: ${error.helmMessage}`,
      fix: "Change the value helm names above (values files, --set), then run the command again.",
    };
    io.stdout.write(
      formatReport({ target, helmVersion: undefined, documents: [], problems: [problem] }, args.format),
    );
    return 1;
  }
  if (args.command === "render") {
    io.stdout.write(
      args.format === "json"
        ? `${JSON.stringify(
            result.documents.map((document) => document.object),
            null,
            2,
          )}\n`
        : result.manifest,
    );
    return 0;
  }
  const problems = inspect(result.documents);
  io.stdout.write(
    formatReport(
      { target, helmVersion: result.helm.version, documents: result.documents, problems },
      args.format,
    ),
  );
  return problems.length === 0 ? 0 : 1;
}

async function validateCommand(args: ValidateArguments, io: Io): Promise<number> {
  const origin = args.file === "-" ? "<stdin>" : args.file;
  let stream: string;
  if (args.file === "-") {
    stream = await text(io.stdin);
  } else {
    const path = resolve(io.cwd, args.file);
    await mustExist(path, args.file, "Give the path of a YAML manifest file, or - to read standard input.");
    stream = await readFile(path, "utf8");
  }
  try {
    const documents = parseManifests(stream, origin);
    if (documents.length === 0) {
      throw new UsageError(
        origin,
        "holds no Kubernetes objects",
        "Give a manifest stream with at least one object.",
      );
    }
    const problems = inspect(documents);
    io.stdout.write(
      formatReport({ target: origin, helmVersion: undefined, documents, problems }, args.format),
    );
    return problems.length === 0 ? 0 : 1;
  } catch (error) {
    if (!(error instanceof ManifestParseError)) throw error;
    const problem: Problem = {
      check: "parse",
      object: `${origin} (${error.where})`,
      source: origin,
      path: "",
      message: error.problem,
      fix: error.fix,
    };
    io.stdout.write(
      formatReport(
        { target: origin, helmVersion: undefined, documents: [], problems: [problem] },
        args.format,
      ),
    );
    return 1;
  }
}

async function mustExist(path: string, argument: string, fix: string): Promise<void> {
  try {
    await stat(path);
  } catch {
    throw new UsageError(argument, `${path} does not exist`, fix);
  }
}
