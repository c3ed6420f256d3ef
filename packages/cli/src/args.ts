import { parseArgs } from "node:util";
import { type HelmMajor, isHelmMajor } from "@grpc-gke/helm/binaries";
import { UsageError } from "./usage.ts";

export type Format = "text" | "json";

/** What `check` and `validate` run, and what fails the run. */
export interface CheckOptions {
  /** Only the strict schemas (kubeconform's job), no policy rules. */
  readonly schemaOnly: boolean;
  /** `--rules`: rule ids and scopes; undefined runs every rule. */
  readonly rules: readonly string[] | undefined;
  /** Warnings fail the run too. */
  readonly strict: boolean;
  /** `--schema-location`s, in order; undefined is the bundled schemas. */
  readonly schemaLocations: readonly string[] | undefined;
}

export interface ChartArguments extends CheckOptions {
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

export interface ValidateArguments extends CheckOptions {
  readonly command: "validate";
  /** A path, or "-" for standard input. */
  readonly file: string;
  readonly format: Format;
}

export interface SchemasImportArguments {
  readonly command: "schemas-import";
  /** A path, or "-" for standard input: CustomResourceDefinitions (`kubectl get crd -o yaml`). */
  readonly file: string;
  /** The folder to write `<group>/<kind>_<version>.json` into. */
  readonly out: string;
}

export type Arguments =
  | ChartArguments
  | ValidateArguments
  | SchemasImportArguments
  | { readonly command: "help" };

const COMMANDS = ["check", "render", "validate", "schemas", "help"] as const;
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
  if (command === "schemas") return parseSchemasArguments(rest);
  const chartOptions = command === "validate" ? {} : CHART_OPTIONS;
  const checkOptions = command === "render" ? {} : CHECK_OPTIONS;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof ALL_OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...COMMON_OPTIONS, ...checkOptions, ...chartOptions } as typeof ALL_OPTIONS,
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
  const check: CheckOptions = {
    schemaOnly: values["schema-only"] === true,
    rules: parseRules(values.rules, values["schema-only"] === true),
    strict: values.strict === true,
    schemaLocations: values["schema-location"],
  };
  if (command === "validate") {
    if (positionals.length > 1) {
      throw new UsageError(
        positionals.join(" "),
        "validate takes one file",
        "Give one FILE, or - for stdin.",
      );
    }
    return { command, file: positionals[0] ?? "-", format, ...check };
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
    ...check,
  };
}

function parseSchemasArguments(
  rest: readonly string[],
): SchemasImportArguments | { readonly command: "help" } {
  const [sub, ...args] = rest;
  if (sub === undefined || sub === "--help" || sub === "-h") return { command: "help" };
  if (sub !== "import") {
    throw new UsageError(
      `schemas ${sub}`,
      "unknown schemas command",
      "Use `grpc-gke schemas import FILE --out DIR`.",
    );
  }
  let parsed: ReturnType<typeof parseArgs<{ options: typeof IMPORT_OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...args], options: IMPORT_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError("schemas import", message, "Run `grpc-gke help` for the options of each command.");
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { command: "help" };
  if (positionals.length > 1) {
    throw new UsageError(
      positionals.join(" "),
      "schemas import takes one file",
      "Give one FILE, or - for stdin.",
    );
  }
  if (values.out === undefined || values.out === "") {
    throw new UsageError(
      "schemas import",
      "--out is missing",
      "Give the folder to write the schemas to: --out DIR (then validate with --schema-location DIR).",
    );
  }
  return { command: "schemas-import", file: positionals[0] ?? "-", out: values.out };
}

const IMPORT_OPTIONS = {
  out: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
} as const;

function parseRules(value: string | undefined, schemaOnly: boolean): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (schemaOnly) {
    throw new UsageError(
      `--rules ${value}`,
      "--schema-only runs no rules",
      "Drop --rules to check only the schemas, or drop --schema-only to run the rules you name.",
    );
  }
  const words = value
    .split(",")
    .map((word) => word.trim())
    .filter((word) => word !== "");
  if (words.length === 0) {
    throw new UsageError(
      "--rules",
      "names no rule",
      "Give rule ids or scopes, e.g. --rules gke-ingress,K8S-PORT-REFERENCE.",
    );
  }
  return words;
}

const COMMON_OPTIONS = {
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const CHECK_OPTIONS = {
  "schema-only": { type: "boolean" },
  rules: { type: "string" },
  strict: { type: "boolean" },
  "schema-location": { type: "string", multiple: true },
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

const ALL_OPTIONS = { ...COMMON_OPTIONS, ...CHECK_OPTIONS, ...CHART_OPTIONS } as const;

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
