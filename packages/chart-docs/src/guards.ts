import type { DocProblem } from "./errors.ts";
import { escapeCell } from "./table.ts";

export const GUARDS_START = "<!-- guards-table:start -->";
export const GUARDS_END = "<!-- guards-table:end -->";

/** A template file's path (relative to the chart) and its text. */
export interface TemplateFile {
  readonly path: string;
  readonly text: string;
}

/** One render-time guard: `define "grpc-gke.guard.<ID>"` with its `Guard <ID>: ...` comment. */
export interface GuardDoc {
  readonly id: string;
  readonly file: string;
  /** The comment after `Guard <ID>:`, lines joined. */
  readonly refuses: string;
  /** `core`, `googleLoadBalancer` or a frontend name: the group list that runs it. */
  readonly group: string | undefined;
}

export interface Guards {
  readonly guards: readonly GuardDoc[];
  /** Frontends (by value name) whose guard list includes the googleLoadBalancer group. */
  readonly googleLoadBalancerFrontends: readonly string[];
  readonly problems: readonly DocProblem[];
}

const DEFINE = /\{\{-?\s*define\s+"grpc-gke\.guard\.([A-Z0-9-]+)"\s*-?\}\}/g;
const COMMENT = /^\{\{-?\s*\/\*\s*Guard\s+([A-Z0-9-]+):\s*([\s\S]*?)\*\/\s*-?\}\}\s*$/;

// The template comment that ends right before `offset`, if one does.
function commentBefore(text: string, offset: number): RegExpExecArray | null {
  const before = text.slice(0, offset);
  const start = Math.max(before.lastIndexOf("{{/*"), before.lastIndexOf("{{- /*"));
  return start === -1 ? null : COMMENT.exec(before.slice(start));
}
const GROUP =
  /\{\{-?\s*define\s+"grpc-gke\.(?:guards\.(core|googleLoadBalancer)|(\w+)\.guards)"\s*-?\}\}([\s\S]*?)\{\{-?\s*end\s*-?\}\}/g;

/**
 * Reads the guards of the chart: every `grpc-gke.guard.<ID>` define, the comment above it, and the group lists
 * (`grpc-gke.guards.core`, `grpc-gke.guards.googleLoadBalancer`, `grpc-gke.<frontend>.guards`) that run them.
 * Problems: a guard without its `Guard <ID>:` comment, a guard no list runs or two lists run, a listed id with no
 * guard.
 */
export function readGuards(templates: readonly TemplateFile[]): Guards {
  const problems: DocProblem[] = [];
  const found: { id: string; file: string; refuses: string }[] = [];
  const groups = new Map<string, string[]>();
  const googleLoadBalancerFrontends: string[] = [];
  for (const { path, text } of templates) {
    for (const match of text.matchAll(DEFINE)) {
      const id = match[1] ?? "";
      const comment = commentBefore(text, match.index);
      if (comment === null || comment[1] !== id) {
        problems.push({
          kind: "guard-undocumented",
          file: path,
          path: id,
          message: `guard ${id} has no \`Guard ${id}: ...\` comment right above its define`,
          fix: `Add {{/* Guard ${id}: <what it refuses and why> */}} right above \`define "grpc-gke.guard.${id}"\`: it is the guard's line in the README.`,
        });
      }
      found.push({ id, file: path, refuses: (comment?.[2] ?? "").replace(/\s+/g, " ").trim() });
    }
    for (const match of text.matchAll(GROUP)) {
      const group = match[1] ?? match[2] ?? "";
      const body = match[3] ?? "";
      groups.set(
        group,
        [...body.matchAll(/"([A-Z0-9-]+)"/g)].map((id) => id[1] ?? ""),
      );
      if (match[2] !== undefined && body.includes('"grpc-gke.guards.googleLoadBalancer"'))
        googleLoadBalancerFrontends.push(match[2]);
    }
  }
  const groupOf = new Map<string, string>();
  for (const [group, ids] of groups) {
    for (const id of ids) {
      const other = groupOf.get(id);
      if (other !== undefined) {
        problems.push({
          kind: "guard-unlisted",
          file: "templates",
          path: id,
          message: `guard ${id} is listed by both ${other} and ${group}, so it would run twice`,
          fix: `Keep ${id} in one guard list.`,
        });
      }
      groupOf.set(id, group);
      if (!found.some((guard) => guard.id === id)) {
        problems.push({
          kind: "guard-unlisted",
          file: "templates",
          path: id,
          message: `the ${group} guard list names ${id}, but no template defines grpc-gke.guard.${id}, so every render fails`,
          fix: `Define grpc-gke.guard.${id} or remove it from the list.`,
        });
      }
    }
  }
  for (const guard of found) {
    if (!groupOf.has(guard.id)) {
      problems.push({
        kind: "guard-unlisted",
        file: guard.file,
        path: guard.id,
        message: `guard ${guard.id} is defined but no guard list runs it, so it never refuses anything`,
        fix: `Add "${guard.id}" to grpc-gke.guards.core, grpc-gke.guards.googleLoadBalancer or the frontend's grpc-gke.<frontend>.guards.`,
      });
    }
  }
  // Run order: the core list, the googleLoadBalancer list, then each frontend's (by name); unlisted ones last.
  const groupOrder = (group: string | undefined): string =>
    group === "core" ? "0" : group === "googleLoadBalancer" ? "1" : group === undefined ? "3" : `2${group}`;
  const position = (id: string): number => groups.get(groupOf.get(id) ?? "")?.indexOf(id) ?? 0;
  const guards = found
    .map((guard) => ({ ...guard, group: groupOf.get(guard.id) }))
    .sort(
      (a, b) => groupOrder(a.group).localeCompare(groupOrder(b.group)) || position(a.id) - position(b.id),
    );
  return { guards, googleLoadBalancerFrontends, problems };
}

/** The README guard table: one row per guard, in the order the lists run them (core, then each group). */
export function renderGuardTable({ guards, googleLoadBalancerFrontends }: Guards): string[] {
  const appliesTo = (group: string | undefined): string => {
    if (group === "core" || group === undefined) return "every frontend";
    if (group === "googleLoadBalancer")
      return googleLoadBalancerFrontends.map((frontend) => `\`${frontend}\``).join(", ");
    return `\`${group}\``;
  };
  return [
    "| Guard | Runs for | Refuses |",
    "|---|---|---|",
    ...guards.map(
      (guard) => `| \`${guard.id}\` | ${appliesTo(guard.group)} | ${escapeCell(guard.refuses)} |`,
    ),
  ];
}
