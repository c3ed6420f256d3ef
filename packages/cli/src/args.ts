import { parseArgs } from "node:util";
import { type HelmMajor, isHelmMajor } from "@grpc-gke/helm";
import { UsageError } from "./usage.ts";

export type Format = "text" | "json";

export interface ChartArguments {
  readonly command: "check" | "render";
  readonly chart: string | undefined;
  readonly valuesFiles: readonly string[];
  readonly set: readonly string[];
  readonly helm: HelmMajor | undefined;
  readonly releaseName: string;
  readonly namespace: string;
  readonly kubeVersion: string | undefined;
  readonly format: Format;
}

export interface ValidateArguments {
  readonly command: "validate";
  /** A path, or "-" for standard input. */
  readonly file: string;
  readonly format: Format;
}

export type Arguments = ChartArguments | ValidateArguments | { readonly command: "help" };

const COMMANDS = ["check", "render", "validate", "help"] as const;
type Command = (typeof COMMANDS)[number];

function isCommand(word: string): word is Command {
  return COMMANDS.some((known) => known === word);
}

export function parseArguments(argv: readonly string[]): Arguments {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    return { command: "help" };
  }
  if (!isCommand(command)) {
    throw new UsageError(command, "unknown command", `Use one of: ${COMMANDS.join(", ")}.`);
  }
  const chartOptions = command === "validate" ? {} : CHART_OPTIONS;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof ALL_OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...COMMON_OPTIONS, ...chartOptions } as typeof ALL_OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(command, message, "Run `grpc-gke help` for the options of each command.");
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { command: "help" };
  const format = parseFormat(values.format);
  if (command === "validate") {
    if (positionals.length > 1) {
      throw new UsageError(
        positionals.join(" "),
        "validate takes one file",
        "Give one FILE, or - for stdin.",
      );
    }
    return { command, file: positionals[0] ?? "-", format };
  }
  if (command === "help") return { command };
  if (positionals.length > 0) {
    throw new UsageError(
      positionals.join(" "),
      `${command} takes no positional arguments`,
      "Give values files with -f FILE and single values with --set key=value.",
    );
  }
  return {
    command,
    chart: values.chart,
    valuesFiles: values.values ?? [],
    set: values.set ?? [],
    helm: parseHelm(values.helm),
    releaseName: values.release ?? "grpc-gke",
    namespace: values.namespace ?? "default",
    kubeVersion: values["kube-version"],
    format,
  };
}

const COMMON_OPTIONS = {
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const CHART_OPTIONS = {
  values: { type: "string", short: "f", multiple: true },
  set: { type: "string", multiple: true },
  helm: { type: "string" },
  chart: { type: "string" },
  release: { type: "string" },
  namespace: { type: "string", short: "n" },
  "kube-version": { type: "string" },
} as const;

const ALL_OPTIONS = { ...COMMON_OPTIONS, ...CHART_OPTIONS } as const;

function parseFormat(value: string | undefined): Format {
  if (value === undefined || value === "text" || value === "json") return value ?? "text";
  throw new UsageError(`--format ${value}`, "unknown format", "Use --format text or --format json.");
}

function parseHelm(value: string | undefined): HelmMajor | undefined {
  if (value === undefined) return undefined;
  const major = Number(value);
  if (isHelmMajor(major)) return major;
  throw new UsageError(
    `--helm ${value}`,
    "only helm 3 and 4 are pinned",
    "Use --helm 4 (default) or --helm 3.",
  );
}
