/**
 * `artifacthub-repo.yml`, Artifact Hub's repository metadata file. For a Helm chart repository served over HTTP
 * it "must be located at the same level of the chart repository index.yaml file" (artifacthub/hub,
 * docs/helm_charts_repositories.md): the release workflow copies the one at the repository root to the gh-pages
 * branch, next to the index chart-releaser maintains.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { ReleaseProblem } from "./errors.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEYS = ["repositoryID", "owners", "ignore"];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Checks the file the way Artifact Hub reads it (artifacthub/hub internal/repo/manager.go GetMetadata and
 * internal/hub/repo.go RepositoryMetadata): a YAML map (an empty or comment-only file is refused), `repositoryID`
 * empty or a UUID, `owners` entries with name and email, `ignore` entries with a package name.
 */
export function checkRepositoryMetadata(file: string): ReleaseProblem[] {
  const problems: ReleaseProblem[] = [];
  const problem = (message: string, fix: string) =>
    problems.push({ check: "artifacthub-repo", message, fix });
  let metadata: unknown;
  try {
    metadata = parse(readFileSync(file, "utf8"));
  } catch (cause) {
    problem(
      `Cannot read ${file}: ${(cause as Error).message.split("\n")[0]}`,
      "Write it as YAML (see docs/metadata/artifacthub-repo.yml in artifacthub/hub).",
    );
    return problems;
  }
  if (!isRecord(metadata)) {
    problem(
      `${file} is not a YAML map; Artifact Hub refuses a metadata file it cannot unmarshal into one ("error unmarshaling repository metadata file").`,
      'Keep at least `repositoryID: ""` in it.',
    );
    return problems;
  }
  for (const key of Object.keys(metadata)) {
    if (!KEYS.includes(key))
      problem(`${file} has the key "${key}", which Artifact Hub does not read.`, `Use ${KEYS.join(", ")}.`);
  }
  const id = metadata.repositoryID;
  if (id !== undefined && id !== null && id !== "" && !(typeof id === "string" && UUID.test(id))) {
    problem(
      `${file} repositoryID "${String(id)}" is not a UUID; Artifact Hub refuses it ("invalid repository id").`,
      "Copy the repository ID Artifact Hub's control panel shows for the repository, or leave it empty.",
    );
  }
  const owners = metadata.owners ?? [];
  if (!Array.isArray(owners) || owners.some((owner) => !isRecord(owner) || typeof owner.email !== "string")) {
    problem(
      `${file} owners must be a list of {name, email}.`,
      "List each owner as `- name: ...` / `  email: ...`.",
    );
  }
  const ignore = metadata.ignore ?? [];
  if (!Array.isArray(ignore) || ignore.some((entry) => !isRecord(entry) || typeof entry.name !== "string")) {
    problem(
      `${file} ignore must be a list of {name, version?}.`,
      "List each ignored package as `- name: <package>`.",
    );
  }
  return problems;
}
