/**
 * The chart's CHANGELOG.md, read with marked's lexer: `## <version>` entries (Keep a Changelog style, newest
 * first), `### <kind>` sections inside them, and the change list Artifact Hub shows for a version.
 */
import { readFileSync } from "node:fs";
import { Lexer, type Token, type Tokens } from "marked";
import semver from "semver";
import type { ReleaseProblem } from "./errors.ts";

/**
 * The change kinds Artifact Hub accepts in the structured form of `artifacthub.io/changes`: "the valid
 * supported kinds are added, changed, deprecated, removed, fixed and security" (artifacthub/hub,
 * docs/helm_annotations.md). The CHANGELOG's `###` headings map onto them by their first word.
 */
export const ARTIFACT_HUB_CHANGE_KINDS = [
  "added",
  "changed",
  "deprecated",
  "removed",
  "fixed",
  "security",
] as const;
export type ArtifactHubChangeKind = (typeof ARTIFACT_HUB_CHANGE_KINDS)[number];

/** One entry of `artifacthub.io/changes` in its structured form. */
export interface ArtifactHubChange {
  readonly kind: ArtifactHubChangeKind;
  readonly description: string;
}

export interface ChangelogSection {
  readonly heading: string;
  /** The section's content tokens, in order. */
  readonly tokens: readonly Token[];
}

export interface ChangelogEntry {
  /** The SemVer version the `##` heading names (`0.2.0`, `[0.2.0] - 2024-05-01`), or undefined (`Unreleased`). */
  readonly version: string | undefined;
  readonly heading: string;
  readonly sections: readonly ChangelogSection[];
}

/** `## 0.2.0`, `## [0.2.0]`, `## [0.2.0] - 2024-05-01`, `## v0.2.0` -> `0.2.0`. */
function versionOf(heading: string): string | undefined {
  const match = /^\[?v?([^\]\s]+)\]?(?:\s+[-–—]\s+.*)?$/.exec(heading.trim());
  const candidate = match?.[1];
  return candidate !== undefined && semver.valid(candidate) === candidate ? candidate : undefined;
}

/** The `##` entries of a CHANGELOG, in file order (newest first). */
export function parseChangelog(markdown: string): ChangelogEntry[] {
  const entries: { version: string | undefined; heading: string; sections: ChangelogSection[] }[] = [];
  let section: { heading: string; tokens: Token[] } | undefined;
  for (const token of new Lexer().lex(markdown)) {
    if (token.type === "heading") {
      const { depth, text } = token as Tokens.Heading;
      if (depth <= 2) {
        section = undefined;
        if (depth === 2) entries.push({ version: versionOf(text), heading: text.trim(), sections: [] });
        continue;
      }
      const entry = entries.at(-1);
      if (depth === 3 && entry !== undefined) {
        section = { heading: text.trim(), tokens: [] };
        entry.sections.push(section);
        continue;
      }
    }
    if (token.type !== "space") section?.tokens.push(token);
  }
  return entries;
}

export function readChangelog(file: string): ChangelogEntry[] {
  return parseChangelog(readFileSync(file, "utf8"));
}

/** The newest entry that names a version (an `Unreleased` entry above it is skipped). */
export function newestRelease(entries: readonly ChangelogEntry[]): ChangelogEntry | undefined {
  return entries.find((entry) => entry.version !== undefined);
}

/** Markdown text on one line: list items and paragraphs keep their inline markdown, line breaks become spaces. */
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ").trim();

/**
 * The Artifact Hub kind of a `###` heading: Keep a Changelog's Added/Changed/Deprecated/Removed/Fixed/Security by
 * their first word, and `Breaking: ...` (this chart's way of flagging what breaks values) as `changed`.
 */
function kindOf(
  heading: string,
): { kind: ArtifactHubChangeKind; breaking: boolean; title: string } | undefined {
  const match = /^([A-Za-z]+)\s*[:.-]?\s*(.*)$/.exec(heading);
  const word = match?.[1]?.toLowerCase();
  // What the heading says after its kind ("Added: `frontend: gkeGateway`" -> "`frontend: gkeGateway`").
  const title = (match?.[2] ?? "").replace(/[.:]$/, "").trim();
  if (word === "breaking") return { kind: "changed", breaking: true, title };
  const kind = ARTIFACT_HUB_CHANGE_KINDS.find((candidate) => candidate === word);
  return kind === undefined ? undefined : { kind, breaking: false, title };
}

export interface ChangesResult {
  readonly changes: ArtifactHubChange[];
  readonly problems: ReleaseProblem[];
}

/**
 * The Artifact Hub change list of one CHANGELOG entry. A section that opens with a list gives one change per
 * item; a section that opens with prose gives one change: its heading and first paragraph (the rest of such a
 * section — tables, the details after it — stays in the CHANGELOG, which the package also carries).
 */
export function artifactHubChanges(entry: ChangelogEntry, file = "CHANGELOG.md"): ChangesResult {
  const changes: ArtifactHubChange[] = [];
  const problems: ReleaseProblem[] = [];
  for (const section of entry.sections) {
    const kind = kindOf(section.heading);
    if (kind === undefined) {
      problems.push({
        check: "changelog",
        message: `${file}, entry "## ${entry.heading}": section "### ${section.heading}" is not a kind Artifact Hub can show.`,
        fix: `Start the heading with Added, Changed, Deprecated, Removed, Fixed, Security or "Breaking: <what breaks>".`,
      });
      continue;
    }
    const prefix = kind.breaking ? "Breaking: " : "";
    const first = section.tokens[0];
    if (first?.type === "list") {
      for (const item of (first as Tokens.List).items) {
        changes.push({ kind: kind.kind, description: `${prefix}${oneLine(item.text)}` });
      }
    } else if (first?.type === "paragraph") {
      const lead = oneLine((first as Tokens.Paragraph).text);
      // "### Added: <what>" / "### Breaking: <what>" name the change; a bare "### Changed" adds nothing to the lead.
      const description = `${prefix}${kind.title === "" ? "" : `${kind.title}. `}${lead}`;
      changes.push({ kind: kind.kind, description });
    } else {
      problems.push({
        check: "changelog",
        message: `${file}, entry "## ${entry.heading}": section "### ${section.heading}" has no list or paragraph to describe the change.`,
        fix: "Describe the change as a bullet list (one change per item) or a paragraph under the heading.",
      });
    }
  }
  if (changes.length === 0 && problems.length === 0) {
    problems.push({
      check: "changelog",
      message: `${file}, entry "## ${entry.heading}" lists no change.`,
      fix: 'Add "### Added" / "### Changed" / "### Fixed" ... sections with the changes of this version.',
    });
  }
  return { changes, problems };
}

/** The markdown of one entry without its `##` heading: the release notes of that version. */
export function entryMarkdown(entry: ChangelogEntry): string {
  return `${entry.sections
    .map(
      (section) =>
        `### ${section.heading}\n\n${section.tokens
          .map((token) => token.raw)
          .join("")
          .trim()}`,
    )
    .join("\n\n")}\n`;
}
