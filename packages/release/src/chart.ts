import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ReleaseError } from "./errors.ts";

/** The fields of Chart.yaml the release tools read. */
export interface ChartMetadata {
  readonly name: string;
  readonly version: string;
  readonly appVersion?: string;
  readonly home?: string;
  readonly sources?: readonly string[];
  readonly annotations?: Readonly<Record<string, unknown>>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Chart.yaml of a chart folder, parsed; a missing name or version is an error naming the file. */
export function readChart(chartDir: string): ChartMetadata {
  const file = join(chartDir, "Chart.yaml");
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new ReleaseError(
      "chart-unreadable",
      `Cannot read ${file}: ${(cause as Error).message}`,
      "Check that the path is a chart folder and that its Chart.yaml is valid YAML.",
      { cause },
    );
  }
  // An unquoted `version: 0.2` is a YAML number: kept as its text, so the SemVer check can name it.
  const version =
    typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).version : undefined;
  if (
    !isRecord(parsed) ||
    typeof parsed.name !== "string" ||
    !["string", "number"].includes(typeof version)
  ) {
    throw new ReleaseError(
      "chart-unreadable",
      `${file} has no string \`name\` and \`version\`.`,
      "Give Chart.yaml a `name:` and a quoted-if-needed SemVer `version:` (helm requires both).",
    );
  }
  const metadata: Record<string, unknown> = { name: parsed.name, version: String(version) };
  for (const key of ["appVersion", "home"] as const) {
    if (parsed[key] !== undefined) metadata[key] = String(parsed[key]);
  }
  if (Array.isArray(parsed.sources)) metadata.sources = parsed.sources.map(String);
  if (isRecord(parsed.annotations)) metadata.annotations = parsed.annotations;
  return metadata as unknown as ChartMetadata;
}

/** The chart-releaser release name (and so git tag) of a chart version: `{{ .Name }}-{{ .Version }}`. */
export function releaseTag(name: string, version: string): string {
  // chart-releaser's default --release-name-template is "{{ .Name }}-{{ .Version }}"
  // (helm/chart-releaser v1.7.0, cr/cmd/upload.go and cr/cmd/index.go), so `cr upload` creates the
  // GitHub release and tag grpc-gke-0.3.0 for chart grpc-gke 0.3.0. The release workflow runs on such tags.
  return `${name}-${version}`;
}
