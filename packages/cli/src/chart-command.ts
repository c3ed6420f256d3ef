/**
 * `check` and `render`: helm is started first (a verified binary costs a stat and a small read, see
 * @grpc-gke/helm); while it renders, the YAML parser and the rules are loaded (already in memory when the CLI
 * runs from its bundle) and `check` loads the validators of the kinds the chart declares (inspect.ts).
 */
import { stat } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { KUBERNETES_VERSION } from "@grpc-gke/manifest/layout";
import { CHART_DIR } from "@grpc-gke/manifest/paths";
import type { Problem } from "@grpc-gke/manifest/problem";
import { HelmTemplateError, type HelmTemplateOutput, startHelmTemplate } from "@grpc-gke/render/template";
import type { ChartArguments } from "./args.ts";
import type { Io } from "./main.ts";
import { UsageError } from "./usage.ts";

export async function chartCommand(args: ChartArguments, io: Io): Promise<number> {
  const chart = args.chart === undefined ? CHART_DIR : resolve(io.cwd, args.chart);
  const valuesFiles = args.valuesFiles.map((file) => resolve(io.cwd, file));
  await Promise.all([
    mustExist(chart, "--chart", "Give the path of a chart folder (it holds Chart.yaml)."),
    ...valuesFiles.map((path, index) =>
      mustExist(path, `-f ${args.valuesFiles[index]}`, "Give the path of an existing values file."),
    ),
  ]);
  const target = relative(io.cwd, chart) || ".";
  const running = await startHelmTemplate({
    chart,
    releaseName: args.releaseName,
    namespace: args.namespace,
    valuesFiles,
    set: args.set,
    ...(args.helm === undefined ? {} : { helm: args.helm }),
    kubeVersion: args.kubeVersion ?? KUBERNETES_VERSION,
  });
  // While helm renders: the parser, and for `check` the validators, the rules and the report.
  const [{ parseManifests }, report, inspect] = await Promise.all([
    import("@grpc-gke/manifest/parse"),
    import("./report.ts"),
    args.command === "check" ? import("./inspect.ts") : undefined,
  ]);
  if (inspect !== undefined) await inspect.prepareWhile(running.done, chart, args, io.cwd);
  let output: HelmTemplateOutput;
  try {
    output = await running.done;
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
      report.formatReport({ target, helmVersion: undefined, objects: [], problems: [problem] }, args.format),
    );
    return 1;
  }
  const documents = parseManifests(output.manifest, chart);
  if (inspect === undefined) {
    io.stdout.write(
      args.format === "json"
        ? `${JSON.stringify(
            documents.map((document) => document.object),
            null,
            2,
          )}\n`
        : output.manifest,
    );
    return 0;
  }
  const problems = inspect.inspect(documents, args, io.cwd);
  io.stdout.write(
    report.formatReport(
      {
        target,
        helmVersion: output.helm.version,
        objects: documents.map(report.checkedObject),
        problems,
        schemaOnly: args.schemaOnly,
        strict: args.strict,
      },
      args.format,
    ),
  );
  return report.failsRun(problems, args.strict) ? 1 : 0;
}

async function mustExist(path: string, argument: string, fix: string): Promise<void> {
  try {
    await stat(path);
  } catch {
    throw new UsageError(argument, `${path} does not exist`, fix);
  }
}
