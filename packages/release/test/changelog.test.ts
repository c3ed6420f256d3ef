import { join } from "node:path";
import { CHART_DIR } from "@grpc-gke/manifest";
import { describe, expect, it } from "vitest";
import {
  artifactHubChanges,
  entryMarkdown,
  newestRelease,
  parseChangelog,
  readChangelog,
} from "../src/changelog.ts";
import { readChart } from "../src/chart.ts";

const sample = `# Changelog

## [Unreleased]

## [1.2.0] - 2026-01-02

### Breaking: the \`port\` value moved

The value is now \`ports.grpc\`
and refused at the old place.

| old | new |
|---|---|
| port | ports.grpc |

### Added
- A thing,
  over two lines.
- Another thing.

### Fixed
- A bug.

## 1.1.0

### Changed
- Something.
`;

describe("parseChangelog", () => {
  it("should read Keep a Changelog headings, newest first, skipping an Unreleased entry as a release", () => {
    const entries = parseChangelog(sample);
    expect(entries.map((entry) => [entry.heading, entry.version])).toEqual([
      ["[Unreleased]", undefined],
      ["[1.2.0] - 2026-01-02", "1.2.0"],
      ["1.1.0", "1.1.0"],
    ]);
    expect(newestRelease(entries)?.version).toBe("1.2.0");
  });

  it("should give one Artifact Hub change per list item, and one for a section that opens with prose", () => {
    const entry = parseChangelog(sample)[1];
    expect(entry).toBeDefined();
    if (entry === undefined) return;
    expect(artifactHubChanges(entry)).toEqual({
      changes: [
        {
          kind: "changed",
          description:
            "Breaking: the `port` value moved. The value is now `ports.grpc` and refused at the old place.",
        },
        { kind: "added", description: "A thing, over two lines." },
        { kind: "added", description: "Another thing." },
        { kind: "fixed", description: "A bug." },
      ],
      problems: [],
    });
    expect(entryMarkdown(entry)).toContain("### Added\n\n- A thing,\n  over two lines.\n- Another thing.");
  });

  it("should refuse a section heading Artifact Hub has no kind for, naming it", () => {
    const [entry] = parseChangelog("## 1.0.0\n\n### Improvements\n- Faster.\n");
    expect(entry && artifactHubChanges(entry, "CHANGELOG.md").problems).toEqual([
      {
        check: "changelog",
        message:
          'CHANGELOG.md, entry "## 1.0.0": section "### Improvements" is not a kind Artifact Hub can show.',
        fix: 'Start the heading with Added, Changed, Deprecated, Removed, Fixed, Security or "Breaking: <what breaks>".',
      },
    ]);
  });

  it("should refuse an entry that lists no change", () => {
    const [entry] = parseChangelog("## 1.0.0\n\nNothing yet.\n");
    expect(entry && artifactHubChanges(entry).problems.map((problem) => problem.message)).toEqual([
      'CHANGELOG.md, entry "## 1.0.0" lists no change.',
    ]);
  });
});

describe("the chart's CHANGELOG.md", () => {
  it("should have its newest entry for the Chart.yaml version, every section of a kind Artifact Hub knows", () => {
    const entries = readChangelog(join(CHART_DIR, "CHANGELOG.md"));
    const newest = newestRelease(entries);
    expect(newest?.version).toBe(readChart(CHART_DIR).version);
    for (const entry of entries.filter((candidate) => candidate.sections.length > 0)) {
      expect(artifactHubChanges(entry).problems, `## ${entry.heading}`).toEqual([]);
    }
  });
});
