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
  grpc-gke validate [FILE | -] [options]
  grpc-gke schemas import FILE | - --out DIR
  grpc-gke help

Commands:
  check     Render the chart, validate every object against the strict schemas in schemas/,
            run the GKE policy rules, print a report. Exit 1 on any error.
  render    Print the rendered manifests (YAML), or the parsed objects with --format json.
  validate  Validate and check any manifest stream (a file, or - for standard input), e.g. another
            chart's \`helm template\` output or \`kubectl get -o yaml\` (a List is unpacked). YAML is
            read as kubectl reads it (YAML 1.1). A bad document is reported and the rest still checked.
            Exit 1 on any error.
  schemas import
            Turn CustomResourceDefinitions (\`kubectl get crd -o yaml\`) into strict schemas in DIR,
            for --schema-location DIR (and kubeconform).

Options (check, render):
  -f, --values FILE     A values file; repeat for several (later files win).
      --set key=value   A value on the command line; repeat for several.
      --helm 3|4        Which pinned helm renders the chart (default 4; HELM_BIN overrides).
      --chart PATH      Render another chart folder (default: the bundled charts/grpc-gke).
      --release NAME    Release name (default grpc-gke).
  -n, --namespace NS    Namespace (default default).
      --kube-version V  Kubernetes version helm assumes (default: the schemas' version).
Options (check, validate):
      --schema-only     Only the strict schemas (what kubeconform checks), no GKE rules.
      --rules LIST      Run only these rules: ids or scopes (kubernetes, gke, gke-ingress,
                        gke-gateway), comma-separated.
      --strict          Warnings (advice about what Kubernetes and GKE accept) fail the run too.
      --schema-location LOC
                        Where schemas are, in order (repeat): default (the bundled ones), a folder
                        (as \`schemas import --out\` writes), or a path template with kubeconform's
                        variables, e.g. 'crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'.
                        Local paths only. Giving any replaces the default unless you list \`default\`.
Options (all):
      --format text|json  Report format (default text).
  -h, --help            This help.

Exit codes: 0 no errors (warnings allowed unless --strict), 1 problems, 2 usage or environment errors.
`;
