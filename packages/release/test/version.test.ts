import { realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHART_DIR } from "@grpc-gke/manifest";
import { describe, expect, it } from "vitest";
import { ReleaseError } from "../src/errors.ts";
import { packagedFiles } from "../src/package.ts";
import { checkVersion, releaseTags } from "../src/version.ts";
import { demoChart, demoRepository, gitIn, scratchDir, writeFiles } from "./support.ts";

const scratch = realpathSync(scratchDir("version"));
let count = 0;
/** A fresh throwaway repository with the demo chart committed at `version`. */
const repository = (version: string, changelog: readonly string[] = [version]) =>
  demoRepository(join(scratch, `repo-${++count}`), version, changelog);
const root = (chartDir: string) => join(chartDir, "..", "..");

describe("checkVersion in a throwaway git repository", () => {
  it("should say there is no previous release, and pass, when no release tag exists", async () => {
    const chartDir = await repository("0.1.0");
    const result = await checkVersion({ chartDir });
    expect(result.problems).toEqual([]);
    expect(result.status).toBe("first-release");
    expect(result.previous).toBeUndefined();
    expect(result.notes.join("\n")).toContain("No release tag demo-<version> is reachable from HEAD");
  });

  it("should refuse a chart that changed since its release tag without a version bump", async () => {
    const chartDir = await repository("0.1.0");
    await gitIn(root(chartDir), "tag", "demo-0.1.0");
    writeFiles(root(chartDir), { "charts/demo/values.yaml": "greeting: bonjour\n" });
    const result = await checkVersion({ chartDir });
    expect(result.status).toBeUndefined();
    expect(result.previous?.tag).toBe("demo-0.1.0");
    expect(result.changed).toEqual(["charts/demo/values.yaml"]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        check: "version",
        message: expect.stringContaining(
          "charts/demo changed since release demo-0.1.0 (charts/demo/values.yaml), but Chart.yaml version is still 0.1.0",
        ),
        fix: expect.stringContaining("Bump `version:` in charts/demo/Chart.yaml"),
      }),
    ]);
  });

  it("should count a committed change and an untracked new template the same way", async () => {
    const chartDir = await repository("0.1.0");
    await gitIn(root(chartDir), "tag", "demo-0.1.0");
    writeFiles(root(chartDir), { "charts/demo/templates/secret.yaml": "apiVersion: v1\nkind: Secret\n" });
    const untracked = await checkVersion({ chartDir });
    expect(untracked.changed).toEqual(["charts/demo/templates/secret.yaml"]);
    await gitIn(root(chartDir), "add", "--all");
    await gitIn(root(chartDir), "commit", "--quiet", "-m", "secret");
    const committed = await checkVersion({ chartDir });
    expect(committed.changed).toEqual(["charts/demo/templates/secret.yaml"]);
    expect(committed.problems.map((problem) => problem.check)).toEqual(["version"]);
  });

  it("should pass a bumped version with its CHANGELOG entry and name the release it follows", async () => {
    const chartDir = await repository("0.1.0");
    await gitIn(root(chartDir), "tag", "demo-0.1.0");
    writeFiles(root(chartDir), demoChart("0.2.0", ["0.2.0", "0.1.0"]));
    writeFiles(root(chartDir), { "charts/demo/values.yaml": "greeting: bonjour\n" });
    const result = await checkVersion({ chartDir });
    expect(result.problems).toEqual([]);
    expect(result.status).toBe("bumped");
    expect(result.previous).toEqual({ tag: "demo-0.1.0", version: "0.1.0" });
  });

  it("should refuse a bumped version whose CHANGELOG has no entry for it", async () => {
    const chartDir = await repository("0.1.0");
    await gitIn(root(chartDir), "tag", "demo-0.1.0");
    writeFiles(root(chartDir), demoChart("0.2.0", ["0.1.0"]));
    const result = await checkVersion({ chartDir });
    expect(result.problems).toEqual([
      {
        check: "changelog",
        message:
          'charts/demo/CHANGELOG.md has no "## 0.2.0" entry for the version in Chart.yaml (its newest is "## 0.1.0").',
        fix: expect.stringContaining('Add a "## 0.2.0" section at the top of charts/demo/CHANGELOG.md'),
      },
    ]);
  });

  it("should refuse a CHANGELOG whose newest entry is not the chart's version", async () => {
    const chartDir = await repository("0.1.0", ["0.2.0", "0.1.0"]);
    const result = await checkVersion({ chartDir });
    expect(result.problems).toEqual([
      expect.objectContaining({
        check: "changelog",
        message: expect.stringContaining('newest entry is "## 0.2.0"'),
      }),
    ]);
  });

  it("should refuse a missing CHANGELOG.md", async () => {
    const chartDir = await repository("0.1.0");
    await gitIn(root(chartDir), "rm", "--quiet", "charts/demo/CHANGELOG.md");
    const result = await checkVersion({ chartDir });
    expect(result.problems).toEqual([
      expect.objectContaining({
        check: "changelog",
        message: "charts/demo/CHANGELOG.md does not exist, so version 0.1.0 has no CHANGELOG entry.",
      }),
    ]);
  });

  it("should not ask for a new version when only files .helmignore keeps out of the package changed", async () => {
    const chartDir = await repository("0.1.0");
    await gitIn(root(chartDir), "tag", "demo-0.1.0");
    writeFiles(root(chartDir), { "charts/demo/ci/other-values.yaml": "greeting: salut\n" });
    const files = await packagedFiles(chartDir);
    expect(files.has("ci/other-values.yaml")).toBe(false);
    const result = await checkVersion({ chartDir, packagedFiles: files });
    expect(result.problems).toEqual([]);
    expect(result.status).toBe("released");
    expect(result.notes.join("\n")).toContain(
      "1 changed file(s) under charts/demo are kept out of the package by .helmignore",
    );
    // Without the package's file list every file counts, as in chart-testing without --use-helmignore.
    expect((await checkVersion({ chartDir })).problems.map((problem) => problem.check)).toEqual(["version"]);
  });

  it("should refuse a version lower than the last release", async () => {
    const chartDir = await repository("0.3.0");
    await gitIn(root(chartDir), "tag", "demo-0.3.0");
    writeFiles(root(chartDir), demoChart("0.2.1", ["0.2.1"]));
    const result = await checkVersion({ chartDir });
    expect(result.problems).toEqual([
      expect.objectContaining({
        check: "version",
        message: "charts/demo/Chart.yaml version 0.2.1 is lower than the last release demo-0.3.0.",
      }),
    ]);
  });

  it("should compare with the highest release tag, ignoring tags that are not <name>-<semver>", async () => {
    const chartDir = await repository("0.10.0");
    for (const tag of ["demo-0.9.0", "demo-0.10.0", "demo-latest", "v0.11.0", "other-1.0.0"]) {
      await gitIn(root(chartDir), "tag", tag);
    }
    expect(await releaseTags(root(chartDir), "demo")).toEqual([
      { tag: "demo-0.10.0", version: "0.10.0" },
      { tag: "demo-0.9.0", version: "0.9.0" },
    ]);
    const result = await checkVersion({ chartDir });
    expect(result).toMatchObject({ status: "released", previous: { tag: "demo-0.10.0" }, problems: [] });
  });

  it("should refuse a Chart.yaml version that is not SemVer, naming the value", async () => {
    const chartDir = await repository("0.2");
    const result = await checkVersion({ chartDir });
    expect(result.problems).toEqual([
      {
        check: "version",
        message:
          'charts/demo/Chart.yaml version "0.2" is not a SemVer 2.0 version, so helm repositories cannot order it.',
        fix: expect.stringContaining("MAJOR.MINOR.PATCH"),
      },
    ]);
  });

  it("should check a release tag against Chart.yaml in the release workflow", async () => {
    const chartDir = await repository("0.1.0");
    await gitIn(root(chartDir), "tag", "demo-0.1.0");
    expect((await checkVersion({ chartDir, tag: "demo-0.1.0" })).problems).toEqual([]);
    expect((await checkVersion({ chartDir, tag: "demo-0.1.1" })).problems).toEqual([
      expect.objectContaining({
        check: "tag",
        message:
          'The release tag "demo-0.1.1" does not match charts/demo/Chart.yaml (demo 0.1.0, whose tag is "demo-0.1.0").',
      }),
    ]);
  });

  it("should refuse to guess in a shallow clone without tags", async () => {
    const chartDir = await repository("0.1.0");
    await gitIn(root(chartDir), "tag", "demo-0.1.0");
    const shallow = join(scratch, `shallow-${++count}`);
    await gitIn(
      scratch,
      "clone",
      "--quiet",
      "--depth",
      "1",
      "--no-tags",
      `file://${root(chartDir)}`,
      shallow,
    );
    const result = await checkVersion({ chartDir: join(shallow, "charts", "demo") });
    expect(result.problems).toEqual([
      expect.objectContaining({
        check: "version",
        fix: expect.stringContaining("git fetch --unshallow --tags"),
      }),
    ]);
  });

  it("should throw a ReleaseError naming the folder outside a git repository", async () => {
    const outside = join(scratch, "not-a-repository");
    writeFiles(outside, demoChart("0.1.0", ["0.1.0"]));
    const error = await checkVersion({ chartDir: join(outside, "charts", "demo") }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ReleaseError);
    expect(error).toMatchObject({
      reason: "not-a-git-repository",
      message: expect.stringContaining(outside),
    });
  });
});

describe("checkVersion of this repository's chart", () => {
  it("should find no problem: a CHANGELOG entry for the version, and a bump if the chart changed since its last release", async () => {
    const result = await checkVersion({ chartDir: CHART_DIR, packagedFiles: await packagedFiles(CHART_DIR) });
    expect(result.problems).toEqual([]);
    expect(result.status).toBeDefined();
  });
});

// Keeps the throwaway-repository helper honest: a file written after the commit is untracked, not committed.
it("should leave files written after demoRepository untracked", async () => {
  const chartDir = await repository("0.1.0");
  writeFileSync(join(chartDir, "NOTES.md"), "x");
  expect(await gitIn(root(chartDir), "status", "--porcelain")).toContain("?? charts/demo/NOTES.md");
});
