import { stat } from "node:fs/promises";
import { relative, resolve } from "node:path";
import {
  failsRun,
  GrpcGkeError,
  KUBERNETES_VERSION,
  messageWithFix,
  type Problem,
  type RenderedDocument,
  readManifests,
} from "@grpc-gke/manifest";
import { CHART_DIR } from "@grpc-gke/manifest/paths";
import { checkPolicy } from "@grpc-gke/policy";
import { HelmTemplateError, render } from "@grpc-gke/render";
import { type ChartArguments, parseArguments, type ValidateArguments } from "./args.ts";
import { importSchemas } from "./import.ts";
import { parseProblem, readInput } from "./input.ts";
import { inspect, rulesFor, validatorFor } from "./inspect.ts";
import { type CheckedObject, checkedObject, formatReport } from "./report.ts";
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
      case "schemas-import":
        return await importSchemas(args, io);
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
    // Anything else is a bug of grpc-gke, not of the input: say so in one line, never with a stack trace.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(
      `grpc-gke: internal error: ${message}\nFix: this is a bug in grpc-gke; report it with the input that caused it (GRPC_GKE_DEBUG=1 prints the stack).\n`,
    );
    if (process.env.GRPC_GKE_DEBUG === "1" && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return 2;
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
      severity: "error",
      check: "render",
      object: target,
      source: target,
      path: "",
      message: `helm refused to render the chart: ${error.helmMessage}`,
      fix: "Change the value helm names above (values files, --set), then run the command again.",
    };
    io.stdout.write(
      formatReport({ target, helmVersion: undefined, objects: [], problems: [problem] }, args.format),
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
  const problems = inspect(result.documents, args, io.cwd);
  io.stdout.write(
    formatReport(
      {
        target,
        helmVersion: result.helm.version,
        objects: result.documents.map(checkedObject),
        problems,
        schemaOnly: args.schemaOnly,
        strict: args.strict,
      },
      args.format,
    ),
  );
  return failsRun(problems, args.strict) ? 1 : 0;
}

/**
 * Streams the documents: each is parsed, checked against its schema and dropped; only the policy rules (which
 * follow references across the whole set) need every object at once, and --schema-only keeps none.
 */
async function validateCommand(args: ValidateArguments, io: Io): Promise<number> {
  const { origin, text: stream } = await readInput(args.file, io);
  const validator = validatorFor(args, io.cwd);
  const rules = rulesFor(args);
  const objects: CheckedObject[] = [];
  const kept: RenderedDocument[] = [];
  const problems: Problem[] = [];
  let bad = 0;
  for (const entry of readManifests(stream, origin)) {
    if (!entry.ok) {
      bad++;
      problems.push(parseProblem(entry.error, origin));
      continue;
    }
    objects.push(checkedObject(entry.document));
    problems.push(...validator.validateDocument(entry.document));
    if (rules === undefined || rules.length > 0) kept.push(entry.document);
  }
  if (objects.length === 0 && bad === 0) {
    throw new UsageError(
      origin,
      "holds no Kubernetes objects",
      "Give a manifest stream with at least one object.",
    );
  }
  if (kept.length > 0) problems.push(...(rules === undefined ? checkPolicy(kept) : checkPolicy(kept, rules)));
  io.stdout.write(
    formatReport(
      {
        target: origin,
        helmVersion: undefined,
        objects,
        problems,
        schemaOnly: args.schemaOnly,
        strict: args.strict,
      },
      args.format,
    ),
  );
  return failsRun(problems, args.strict) ? 1 : 0;
}

async function mustExist(path: string, argument: string, fix: string): Promise<void> {
  try {
    await stat(path);
  } catch {
    throw new UsageError(argument, `${path} does not exist`, fix);
  }
}
