import { GrpcGkeError } from "@grpc-gke/manifest/errors";

/** The command line was wrong: says which argument, why, and what to type instead. */
export class UsageError extends GrpcGkeError {
  override readonly name = "UsageError";
  declare readonly reason: "usage";
  readonly argument: string;

  constructor(argument: string, problem: string, fix: string) {
    super(`${argument}: ${problem}\nFix: ${fix}`, { reason: "usage", fix });
    this.argument = argument;
  }
}

export const HELP = `grpc-gke: render the grpc-gke chart, validate every object strictly and check the GKE rules.

Usage:
  grpc-gke check    [-f values.yaml ...] [--set key=value ...] [options]
  grpc-gke render   [-f values.yaml ...] [--set key=value ...] [options]
  grpc-gke validate [FILE | -] [--format text|json]
  grpc-gke help

Commands:
  check     Render the chart, validate every object against the strict schemas in schemas/,
            run the GKE policy rules, print a report. Exit 1 on any problem.
  render    Print the rendered manifests (YAML), or the parsed objects with --format json.
  validate  Validate and check any manifest stream (a file, or - for standard input), e.g. another
            chart's \`helm template\` output. Exit 1 on any problem.

Options (check, render):
  -f, --values FILE     A values file; repeat for several (later files win).
      --set key=value   A value on the command line; repeat for several.
      --helm 3|4        Which pinned helm renders the chart (default 4; HELM_BIN overrides).
      --chart PATH      Render another chart folder (default: the bundled charts/grpc-gke).
      --release NAME    Release name (default grpc-gke).
  -n, --namespace NS    Namespace (default default).
      --kube-version V  Kubernetes version helm assumes (default: the schemas' version).
Options (all):
      --format text|json  Report format (default text).
  -h, --help            This help.
`;
