/**
 * `npm run release:check`: every check a release of the chart must pass, on the chart as it is now. The PR
 * workflow runs it on every pull request, the release workflow on the tag it publishes.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkAnnotations, type GeneratedAnnotations } from "./annotations.ts";
import { artifactHubChanges, readChangelog } from "./changelog.ts";
import { readChart } from "./chart.ts";
import type { ReleaseProblem } from "./errors.ts";
import { collectChartImages, imageVariants } from "./images.ts";
import { lintStrict } from "./lint.ts";
import { packageChart } from "./package.ts";
import { checkRepositoryMetadata } from "./repo-metadata.ts";
import { checkVersion } from "./version.ts";
import { checkWorkflows } from "./workflows.ts";

export interface ReleaseCheckOptions {
  readonly repoRoot: string;
  readonly chartDir: string;
  /** The tag being released: it must name Chart.yaml's version. */
  readonly tag?: string;
  /** `owner/name` of the GitHub repository that publishes: Chart.yaml `sources` must link to it. */
  readonly repository?: string;
}

export interface CheckSection {
  readonly name: string;
  readonly notes: readonly string[];
  readonly problems: readonly ReleaseProblem[];
}

/** The annotations the chart's files call for: changes from the CHANGELOG, images from rendering every variant. */
export async function generatedAnnotations(
  chartDir: string,
): Promise<{ generated: GeneratedAnnotations; problems: ReleaseProblem[]; renders: number }> {
  const changelog = join(chartDir, "CHANGELOG.md");
  const { version } = readChart(chartDir);
  const entry = readChangelog(changelog).find((candidate) => candidate.version === version);
  const changes =
    entry === undefined
      ? {
          changes: undefined,
          problems: [
            {
              check: "changelog",
              message: `CHANGELOG.md has no "## ${version}" entry, so artifacthub.io/changes cannot say what ${version} changes.`,
              fix: `Add the "## ${version}" entry at the top of the CHANGELOG, then run \`npm run release:annotate\`.`,
            },
          ],
        }
      : artifactHubChanges(entry, changelog);
  const images = await collectChartImages({ chartDir });
  return {
    generated: { changes: changes.changes, images: images.expected },
    problems: [...changes.problems, ...images.problems],
    renders: images.renders,
  };
}

/** What a packaged chart may and must contain (paths inside the chart folder). */
export const PACKAGE_REQUIRED = [
  "Chart.yaml",
  "values.yaml",
  "values.schema.json",
  "README.md",
  "CHANGELOG.md",
  "LICENSE",
];
const PACKAGE_ALLOWED = [/^\.helmignore$/, /^templates\//, /^examples\/[^/]+\.values\.yaml$/, /^crds\//];

export function checkPackagedFiles(files: readonly string[]): ReleaseProblem[] {
  const problems: ReleaseProblem[] = [];
  for (const required of PACKAGE_REQUIRED) {
    if (!files.includes(required)) {
      problems.push({
        check: "package",
        message: `The packaged chart has no ${required}.`,
        fix:
          required === "LICENSE"
            ? "Package with `npm run package`, which adds the repository's LICENSE when the chart folder has none."
            : `Add ${required} to the chart folder and make sure .helmignore does not exclude it.`,
      });
    }
  }
  for (const file of files) {
    if (!PACKAGE_REQUIRED.includes(file) && !PACKAGE_ALLOWED.some((pattern) => pattern.test(file))) {
      problems.push({
        check: "package",
        message: `The packaged chart contains ${file}, which is neither a chart file, a template nor an example.`,
        fix: `Keep it out of the package with a .helmignore pattern (like ci/), or move it out of the chart folder.`,
      });
    }
  }
  return problems;
}

export async function runReleaseChecks(options: ReleaseCheckOptions): Promise<CheckSection[]> {
  const { chartDir, repoRoot } = options;
  const sections: CheckSection[] = [];
  const scratch = await mkdtemp(join(tmpdir(), "grpc-gke-release-check-"));
  try {
    // The package: reproducible archive, its contents, and helm lint --strict of it with helm 3 and 4.
    const packaged = await packageChart({
      chartDir,
      outDir: join(scratch, "dist"),
      sourceDateEpoch: 0,
      licenseFile: join(repoRoot, "LICENSE"),
    });
    const variants = imageVariants(chartDir).flatMap((variant) =>
      variant.valuesFile !== undefined && variant.name.startsWith("ci/") ? [variant.valuesFile] : [],
    );
    const lint = await lintStrict({ chart: packaged.tgz, valuesFiles: variants });
    sections.push({
      name: "package",
      notes: [
        `${packaged.files.length} files, ${packaged.bytes} bytes; helm lint --strict: ${lint.runs} runs (helm 4 and 3, defaults and ${variants.length} ci variants)`,
      ],
      problems: [...checkPackagedFiles(packaged.files), ...lint.problems],
    });

    // Version bump and CHANGELOG entry against the last release tag.
    const version = await checkVersion({
      chartDir,
      packagedFiles: new Set(packaged.files),
      ...(options.tag === undefined ? {} : { tag: options.tag }),
    });
    sections.push({
      name: "version",
      notes: [
        `${version.chart} ${version.version}${version.status === undefined ? "" : ` (${version.status})`}`,
        ...version.notes,
      ],
      problems: version.problems,
    });

    // Artifact Hub: Chart.yaml annotations and artifacthub-repo.yml.
    const chart = readChart(chartDir);
    const { generated, problems: generatedProblems, renders } = await generatedAnnotations(chartDir);
    const license =
      (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { license?: string }).license ??
      "";
    const sourceProblems: ReleaseProblem[] = [];
    if (options.repository !== undefined) {
      const url = `https://github.com/${options.repository}`;
      if (
        !(chart.sources ?? []).some((source) => source.replace(/\/$/, "").toLowerCase() === url.toLowerCase())
      ) {
        sourceProblems.push({
          check: "annotations",
          message: `Chart.yaml \`sources\` does not list ${url}, the repository that publishes this release, so helm show chart and Artifact Hub link nowhere.`,
          fix: `Add it: \`sources: [${url}]\` (and \`home:\` if the project has a page).`,
        });
      }
    }
    sections.push({
      name: "artifact hub",
      notes: [
        `${generated.changes?.length ?? "no"} changes from CHANGELOG.md, ${generated.images.length} image(s) from ${renders} renders`,
      ],
      problems: [
        ...generatedProblems,
        ...checkAnnotations(chart.annotations, { expected: generated, license }),
        ...sourceProblems,
        ...checkRepositoryMetadata(join(repoRoot, "artifacthub-repo.yml")),
      ],
    });

    // Workflows: actionlint and pinned actions.
    sections.push({ name: "workflows", notes: [], problems: await checkWorkflows(repoRoot) });
    return sections;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
