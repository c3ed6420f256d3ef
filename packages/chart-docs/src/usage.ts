import type { DocProblem } from "./errors.ts";
import type { TemplateFile } from "./guards.ts";

/**
 * Which values the chart's templates read, found by reading the templates as text (Go templates cannot be
 * instrumented from here). It follows the ways this chart reaches a value:
 * - a path from the values root: `.Values.a.b`, `$.Values.a.b`, `$root.Values.a.b`, `.root.Values.a.b`;
 * - a variable assigned from a value path, in the same define or file: `$bc := .Values.x` then `$bc.y`;
 * - a dict entry handed to a helper: `(dict "probe" .Values.probes.readiness)` then `.probe.path` (or
 *   `$p := .probe`, `$p.path`) in any define;
 * - a key given as a string: `hasKey $p "initialDelaySeconds"`, `get $x "y"`, `index $x "y"`.
 * A path used without a further field (`toYaml .Values.x`, `with .Values.x`, `range $v.hosts`) reads the whole
 * value. What this cannot see: keys built at run time (`printf`), which this chart only uses to pick a define.
 */
export interface ValueReference {
  /** Dotted value path, e.g. `gkeIngress.ingress.enabled`. */
  readonly path: string;
  readonly file: string;
  /**
   * False when the path is one of several a reference may mean (a helper's dict entry filled from several values,
   * `hasKey` probing for an optional key): it counts as a read, but is not reported when values.yaml lacks it.
   */
  readonly certain: boolean;
}

const ACTION = /\{\{-?([\s\S]*?)-?\}\}/g;
const DEFINE = /^\s*define\s+"[^"]+"/;
/** A reference: a root (`.`, `$`, `$name`) followed by one or more `.field` steps. */
const CHAIN = /(\$[A-Za-z_]\w*|\$|(?<![\w)\]])\.)((?:\.?[A-Za-z_]\w*)(?:\.[A-Za-z_]\w*)*)?/g;
const ASSIGN = /^\s*(\$[A-Za-z_]\w*)\s*:?=\s*(.+)$/;
const STRING_KEY = /\b(?:hasKey|get|index)\s+(\S+)\s+"([A-Za-z_]\w*)"/g;
const DICT_ENTRY =
  /"([A-Za-z_]\w*)"\s+(\$?[\w.$]*\.Values(?:\.[A-Za-z_]\w*)*|\$[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)/g;

/** Resolves a root + field chain to a value path, given the variables known in the current scope. */
function resolve(
  root: string,
  fields: readonly string[],
  variables: ReadonlyMap<string, readonly string[]>,
  dictKeys: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  if (fields[0] === "Values" && (root === "." || root === "$" || root === "$root")) {
    return [fields.slice(1).join(".")];
  }
  if (root === "." && fields[0] === "root" && fields[1] === "Values") return [fields.slice(2).join(".")];
  if (root.startsWith("$") && root !== "$") {
    const bases = variables.get(root) ?? [];
    return bases.map((base) => [base, ...fields].filter((part) => part !== "").join("."));
  }
  if (root === "." && fields[0] !== undefined) {
    const bases = dictKeys.get(fields[0]);
    if (bases === undefined) return [];
    return [...bases].map((base) => [base, ...fields.slice(1)].join("."));
  }
  return [];
}

/** Whether a reference can only mean one value (see {@link ValueReference.certain}). */
function isCertain(
  root: string,
  fields: readonly string[],
  variables: ReadonlyMap<string, readonly string[]>,
): boolean {
  if (root === "." && fields[0] !== "Values" && fields[0] !== "root") return false;
  return !root.startsWith("$") || root === "$" || root === "$root" || (variables.get(root)?.length ?? 0) <= 1;
}

function splitChain(match: RegExpMatchArray): { root: string; fields: string[] } {
  const root = match[1] ?? "";
  const fields = (match[2] ?? "").split(".").filter((field) => field !== "");
  return { root, fields };
}

/** Visits every action of every template with the variables known at that point (scoped per define). */
function walk(
  templates: readonly TemplateFile[],
  dictKeys: ReadonlyMap<string, ReadonlySet<string>>,
  visit: (body: string, file: string, variables: ReadonlyMap<string, readonly string[]>) => void,
): void {
  for (const { path: file, text } of templates) {
    let variables = new Map<string, readonly string[]>();
    for (const action of text.matchAll(ACTION)) {
      const body = (action[1] ?? "").trim();
      if (body.startsWith("/*")) continue;
      if (DEFINE.test(body)) {
        variables = new Map();
        continue;
      }
      const assigned = ASSIGN.exec(body);
      if (assigned !== null) {
        const expression = assigned[2] ?? "";
        const first = [...expression.matchAll(CHAIN)][0];
        // `$x := .Values.a` (or `$x := $y.b`, `$x := .probe`) is an alias, not a read: the reads come later.
        if (first?.index !== undefined && first.index === expression.search(/\S/)) {
          const { root, fields } = splitChain(first);
          const bases = resolve(root, fields, variables, dictKeys);
          if (bases.length > 0 && expression.slice(first.index + first[0].length).trim() === "") {
            variables.set(assigned[1] ?? "", bases);
            continue;
          }
        }
      }
      visit(body, file, variables);
    }
  }
}

/** An action that hands a dict to a helper: its entries are aliases the helper reads through `.key`. */
const isHelperCall = (body: string): boolean => /\binclude\s+"[^"]+"\s+\(dict\b/.test(body);

/** Every value path the templates read. */
export function valueReferences(templates: readonly TemplateFile[]): ValueReference[] {
  // Pass 1 (twice, so entries filled through a variable that itself came from a dict resolve): dict entries
  // handed to helpers, so `.probe.path` can be resolved in any define.
  const dictKeys = new Map<string, Set<string>>();
  for (let round = 0; round < 2; round++) {
    walk(templates, dictKeys, (body, _file, variables) => {
      if (!isHelperCall(body)) return;
      for (const entry of body.matchAll(DICT_ENTRY)) {
        const chain = [...(entry[2] ?? "").matchAll(CHAIN)][0];
        if (chain === undefined) continue;
        const { root, fields } = splitChain(chain);
        for (const path of resolve(root, fields, variables, dictKeys)) {
          const key = entry[1] ?? "";
          const set = dictKeys.get(key) ?? new Set<string>();
          set.add(path);
          dictKeys.set(key, set);
        }
      }
    });
  }
  // Pass 2: the reads.
  const references: ValueReference[] = [];
  walk(templates, dictKeys, (body, file, variables) => {
    // A value handed to a helper in a dict is an alias: what the helper reads of it (pass 1) is what counts.
    // `hasKey $p "k"` reads `k` of `$p` (below), not all of `$p`.
    const scanned = (isHelperCall(body) ? body.replace(DICT_ENTRY, '"$1"') : body).replace(STRING_KEY, "");
    for (const chain of scanned.matchAll(CHAIN)) {
      const { root, fields } = splitChain(chain);
      const certain = isCertain(root, fields, variables);
      for (const path of resolve(root, fields, variables, dictKeys)) references.push({ path, file, certain });
    }
    for (const entry of body.matchAll(STRING_KEY)) {
      const chain = [...(entry[1] ?? "").matchAll(CHAIN)][0];
      if (chain === undefined) continue;
      const { root, fields } = splitChain(chain);
      // `hasKey` asks whether an optional key is there; `get`/`index` read it.
      const certain = !entry[0].startsWith("hasKey") && isCertain(root, fields, variables);
      for (const base of resolve(root, fields, variables, dictKeys))
        references.push({ path: base === "" ? (entry[2] ?? "") : `${base}.${entry[2]}`, file, certain });
    }
  });
  return references.filter((reference) => reference.path !== "");
}

/** The dotted paths of every key in values.yaml (groups and values). */
export type ValuesTree = ReadonlySet<string>;

/**
 * Problems with how the templates use the documented values:
 * - a documented value no template reads (a value nothing reads is a lie to users);
 * - a template reference to a path values.yaml does not have (a typo reads nothing and renders the default).
 * `documented` are the documented values' paths (leaves, or objects documented as a whole); `tree` every key.
 */
export function usageProblems(
  references: readonly ValueReference[],
  documented: readonly string[],
  tree: ValuesTree,
  valuesFile: string,
  ignored: ReadonlySet<string> = new Set(),
): DocProblem[] {
  const problems: DocProblem[] = [];
  const within = (path: string, ancestor: string): boolean =>
    path === ancestor || path.startsWith(`${ancestor}.`);
  for (const value of documented) {
    const read = references.some(
      (reference) => within(reference.path, value) || within(value, reference.path),
    );
    if (!read) {
      problems.push({
        kind: "unused-value",
        file: valuesFile,
        path: value,
        message: "no template reads this value, so setting it changes nothing",
        fix: "Use the value in a template, or remove it from values.yaml and values.schema.json.",
      });
    }
  }
  const seen = new Set<string>();
  for (const reference of references) {
    const top = reference.path.split(".")[0] ?? "";
    if (!reference.certain || ignored.has(top) || seen.has(reference.path)) continue;
    seen.add(reference.path);
    const known = tree.has(reference.path) || documented.some((value) => within(reference.path, value));
    if (!known) {
      problems.push({
        kind: "unknown-value",
        file: reference.file,
        path: reference.path,
        message:
          "the template reads a value that values.yaml does not define (a misspelt path renders as empty)",
        fix: "Correct the path in the template, or add the value with a `# --` comment to values.yaml and the schema.",
      });
    }
  }
  return problems;
}
