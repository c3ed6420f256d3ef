/**
 * The chart version check, the way chart-testing's `ct lint --check-version-increment` works
 * (helm/chart-testing pkg/chart/chart.go: a chart whose files changed since the base needs a higher SemVer
 * version; with `--use-helmignore`, files its .helmignore keeps out of the package do not count), with the last
 * release tag (`grpc-gke-<version>`, chart-releaser's naming) as the base instead of a target branch, plus a
 * CHANGELOG entry for the version.
 */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import semver from "semver";
import { readChangelog } from "./changelog.ts";
import { readChart, releaseTag } from "./chart.ts";
import type { ReleaseProblem } from "./errors.ts";
import { git, lines, repositoryRoot } from "./git.ts";

export interface VersionCheckOptions {
  /** The chart folder (inside a git work tree). */
  readonly chartDir: string;
  /**
   * Paths (relative to the chart folder) of the files the packaged chart contains; a change to any other file
   * under the chart folder (one .helmignore keeps out, such as `ci/`) needs no new version. Every file counts
   * when this is not given.
   */
  readonly packagedFiles?: ReadonlySet<string>;
  /** The tag being released (release workflow): it must be `<name>-<version>` of Chart.yaml. */
  readonly tag?: string;
}

export interface ReleaseTag {
  readonly tag: string;
  readonly version: string;
}

export type VersionStatus =
  /** No release tag is reachable: nothing to compare against; this version will be the first release. */
  | "first-release"
  /** The version is higher than the last release's. */
  | "bumped"
  /** This version is already released and nothing the package carries changed since. */
  | "released";

export interface VersionCheckResult {
  readonly chart: string;
  readonly version: string;
  readonly status: VersionStatus | undefined;
  /** The release the chart is compared with. */
  readonly previous: ReleaseTag | undefined;
  /** Chart files (relative to the repository) changed since `previous` that the package carries. */
  readonly changed: readonly string[];
  /** What was found, in words, problems aside (e.g. "no release tag yet"). */
  readonly notes: readonly string[];
  readonly problems: readonly ReleaseProblem[];
}

const SEMVER_FIX =
  "Use a SemVer 2.0 version MAJOR.MINOR.PATCH (e.g. 0.3.0, or 1.0.0-rc.1 for a pre-release) without a leading v.";

/** Release tags `<name>-<semver>` reachable from HEAD, highest version first; other tags are ignored. */
export async function releaseTags(repoDir: string, chartName: string): Promise<ReleaseTag[]> {
  const prefix = `${chartName}-`;
  const tags = lines(await git(repoDir, ["tag", "--list", `${prefix}*`, "--merged", "HEAD"]));
  return tags
    .map((tag) => ({ tag, version: tag.slice(prefix.length) }))
    .filter(({ version }) => semver.valid(version) === version)
    .sort((a, b) => semver.rcompare(a.version, b.version));
}

/** Files (relative to the repository root) under `path` that differ between `tag` and the work tree, untracked ones included. */
async function changedSince(repoDir: string, tag: string, path: string): Promise<string[]> {
  const tracked = lines(await git(repoDir, ["diff", "--no-renames", "--name-only", tag, "--", path]));
  const untracked = lines(await git(repoDir, ["ls-files", "--others", "--exclude-standard", "--", path]));
  return [...new Set([...tracked, ...untracked])].sort();
}

function summarize(files: readonly string[], limit = 5): string {
  const shown = files.slice(0, limit).join(", ");
  return files.length > limit ? `${shown} and ${files.length - limit} more` : shown;
}

export async function checkVersion(options: VersionCheckOptions): Promise<VersionCheckResult> {
  const { chartDir } = options;
  const chart = readChart(chartDir);
  const root = await repositoryRoot(chartDir);
  const chartPath = relative(root, chartDir) || ".";
  const changelogFile = join(chartDir, "CHANGELOG.md");
  const changelogPath = join(chartPath, "CHANGELOG.md");
  const notes: string[] = [];
  const problems: ReleaseProblem[] = [];
  const result = (
    status: VersionStatus | undefined,
    previous: ReleaseTag | undefined,
    changed: string[] = [],
  ) => ({
    chart: chart.name,
    version: chart.version,
    status: problems.length === 0 ? status : undefined,
    previous,
    changed,
    notes,
    problems,
  });

  if (semver.valid(chart.version) !== chart.version) {
    problems.push({
      check: "version",
      message: `${chartPath}/Chart.yaml version "${chart.version}" is not a SemVer 2.0 version, so helm repositories cannot order it.`,
      fix: SEMVER_FIX,
    });
    return result(undefined, undefined);
  }

  // The CHANGELOG must describe this version, as its newest entry.
  if (!existsSync(changelogFile)) {
    problems.push({
      check: "changelog",
      message: `${changelogPath} does not exist, so version ${chart.version} has no CHANGELOG entry.`,
      fix: `Create ${changelogPath} with a "## ${chart.version}" entry describing the changes.`,
    });
  } else {
    const entries = readChangelog(changelogFile).filter((entry) => entry.version !== undefined);
    const newest = entries[0];
    if (!entries.some((entry) => entry.version === chart.version)) {
      problems.push({
        check: "changelog",
        message: `${changelogPath} has no "## ${chart.version}" entry for the version in Chart.yaml${newest === undefined ? "" : ` (its newest is "## ${newest.heading}")`}.`,
        fix: `Add a "## ${chart.version}" section at the top of ${changelogPath} describing the changes (### Added / Changed / Fixed / Removed, or "### Breaking: ..." for what breaks values).`,
      });
    } else if (newest !== undefined && newest.version !== chart.version) {
      problems.push({
        check: "changelog",
        message: `${changelogPath}'s newest entry is "## ${newest.heading}", not "## ${chart.version}" (the version in Chart.yaml).`,
        fix: `Keep the entries newest first: move "## ${chart.version}" to the top, or set Chart.yaml version to ${newest.version}.`,
      });
    }
  }

  // The pushed tag (release workflow) must name this chart version.
  const expectedTag = releaseTag(chart.name, chart.version);
  if (options.tag !== undefined && options.tag !== expectedTag) {
    problems.push({
      check: "tag",
      message: `The release tag "${options.tag}" does not match ${chartPath}/Chart.yaml (${chart.name} ${chart.version}, whose tag is "${expectedTag}").`,
      fix: `Tag the commit whose Chart.yaml has the version you release, as ${chart.name}-<version>: git tag ${expectedTag} && git push origin ${expectedTag}.`,
    });
  }

  const tags = await releaseTags(root, chart.name);
  if (tags.length === 0) {
    const shallow = (await git(root, ["rev-parse", "--is-shallow-repository"])).trim() === "true";
    if (shallow) {
      problems.push({
        check: "version",
        message: `This is a shallow clone with no ${chart.name}-* tag: whether ${chart.name} was released before (and needs a higher version) cannot be told.`,
        fix: "Fetch the history and tags: `git fetch --unshallow --tags` (actions/checkout: `fetch-depth: 0`).",
      });
      return result(undefined, undefined);
    }
    notes.push(
      `No release tag ${chart.name}-<version> is reachable from HEAD: ${chart.version} will be the first release, so there is no earlier version to compare with.`,
    );
    return result("first-release", undefined);
  }

  const latest = tags[0] as ReleaseTag;
  const same = tags.find((tag) => tag.version === chart.version);
  const base = same ?? latest;
  const changedFiles = await changedSince(root, base.tag, chartPath);
  const counted = changedFiles.filter((file) => {
    if (options.packagedFiles === undefined) return true;
    const inChart = relative(chartPath, file);
    // A file that is gone now may have been packaged before: it counts.
    return options.packagedFiles.has(inChart) || !existsSync(join(root, file));
  });
  const ignored = changedFiles.length - counted.length;
  if (ignored > 0) {
    notes.push(
      `${ignored} changed file(s) under ${chartPath} are kept out of the package by .helmignore and need no new version.`,
    );
  }

  if (semver.lt(chart.version, latest.version)) {
    problems.push({
      check: "version",
      message: `${chartPath}/Chart.yaml version ${chart.version} is lower than the last release ${latest.tag}.`,
      fix: `Set a version higher than ${latest.version} (chart repositories and Artifact Hub show the highest version as the latest).`,
    });
    return result(undefined, latest, counted);
  }
  if (same !== undefined) {
    if (counted.length > 0) {
      problems.push({
        check: "version",
        message: `${chartPath} changed since release ${same.tag} (${summarize(counted)}), but Chart.yaml version is still ${chart.version}.`,
        fix: `Bump \`version:\` in ${chartPath}/Chart.yaml (SemVer: PATCH for fixes, MINOR for features — and, before 1.0.0, for breaking changes) and add its "## <version>" entry at the top of ${changelogPath}.`,
      });
      return result(undefined, same, counted);
    }
    notes.push(
      `${chart.name} ${chart.version} is released as ${same.tag} and nothing the package carries changed since.`,
    );
    return result("released", same, counted);
  }
  notes.push(`${chart.version} is a new version: the last release is ${latest.tag}.`);
  return result("bumped", latest, counted);
}
