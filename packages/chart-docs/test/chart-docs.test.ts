import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { FACTS } from "@grpc-gke/facts";
import { CHART_DIR } from "@grpc-gke/manifest/paths";
import { afterEach, describe, expect, it } from "vitest";
import {
  assertInSync,
  ChartDocsDriftError,
  ChartDocsError,
  check,
  commentDescription,
  type DocProblem,
  escapeCell,
  generate,
  renderRow,
  writeGenerated,
} from "../src/index.ts";

const temps: string[] = [];

afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the committed chart in a temp dir, with values.yaml edited by `edit`. */
async function copyChart(edit?: (values: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "chart-docs-"));
  temps.push(dir);
  await cp(CHART_DIR, dir, { recursive: true });
  if (edit !== undefined) await editFile(dir, "values.yaml", edit);
  return dir;
}

/** Edits one file of a copied chart; throws when the edit changes nothing (a stale test). */
async function editFile(dir: string, file: string, edit: (text: string) => string): Promise<void> {
  const path = join(dir, file);
  const original = await readFile(path, "utf8");
  const edited = edit(original);
  if (edited === original) throw new Error(`the edit did not change ${file}`);
  await writeFile(path, edited);
}

const paths = (problems: readonly DocProblem[], kind: DocProblem["kind"]): string[] =>
  problems.filter((problem) => problem.kind === kind).map((problem) => problem.path);

describe("the committed chart", () => {
  it("has its README table and schema descriptions generated from values.yaml, and no problems", async () => {
    const generated = await generate(CHART_DIR);
    expect(generated.problems).toEqual([]);
    expect(generated.drift).toEqual([]);
    expect(generated.readme).toBe(await readFile(join(CHART_DIR, "README.md"), "utf8"));
    expect(generated.schema).toBe(await readFile(join(CHART_DIR, "values.schema.json"), "utf8"));
    await expect(assertInSync(CHART_DIR)).resolves.toBeUndefined();
  });

  it("extracts paths, defaults and types as the schema says", async () => {
    const { values } = await generate(CHART_DIR);
    const byPath = new Map(values.map((value) => [value.path, value]));
    expect(values.length).toBeGreaterThan(100);
    expect(byPath.get("frontend")).toMatchObject({
      default: '"gkeIngress"',
      type: "string",
      description: expect.stringMatching(
        /^Which frontend publishes the gRPC service\. `gkeIngress`: .*port-forward`\.$/,
      ),
    });
    expect(byPath.get("rollingUpdate.maxSurge")).toMatchObject({ type: "integer or string", default: "1" });
    expect(byPath.get("podDisruptionBudget.maxUnavailable")).toMatchObject({
      type: "integer or string or null",
      default: "nil",
    });
    expect(byPath.get("googleLoadBalancer.logging.sampleRate")).toMatchObject({
      type: "number",
      default: "1.0",
    });
    // Removed keys the schema keeps (deprecated) so a guard can name their replacement are not values.
    expect([...byPath.keys()].some((path) => path.startsWith("backendConfig"))).toBe(false);
    // Documented as a whole: one row, its children are not rows.
    expect(byPath.get("podSecurityContext")?.type).toBe("object");
    expect(byPath.has("podSecurityContext.runAsUser")).toBe(false);
    // Groups (objects without their own comment) are not rows.
    expect(byPath.has("image")).toBe(false);
  });
});

describe("drift", () => {
  it("reports an edited values.yaml comment at the key's path until generate --write runs", async () => {
    const dir = await copyChart((values) =>
      values.replace(
        "# -- Seconds between health checks. The check",
        "# -- Seconds between two health checks. The check",
      ),
    );
    const problems = await check(dir);
    expect(paths(problems, "schema-description-drift")).toEqual([
      "googleLoadBalancer.healthCheck.checkIntervalSec",
    ]);
    expect(paths(problems, "readme-drift")).toEqual(["googleLoadBalancer.healthCheck.checkIntervalSec"]);
    await expect(assertInSync(dir)).rejects.toThrow(ChartDocsDriftError);

    const written = await writeGenerated(dir);
    expect(written.written).toEqual([join(dir, "values.schema.json"), join(dir, "README.md")]);
    expect(await check(dir)).toEqual([]);
    expect(await readFile(join(dir, "README.md"), "utf8")).toContain(
      "| `googleLoadBalancer.healthCheck.checkIntervalSec` | integer | `15` | Seconds between two health checks. The check",
    );
    const schema = await readFile(join(dir, "values.schema.json"), "utf8");
    expect(schema).toContain('"description": "Seconds between two health checks. The check');
    expect(schema.endsWith("}\n")).toBe(true);
  });

  it("reports a changed continuation line and a changed default", async () => {
    const dir = await copyChart((values) =>
      values
        .replace("# upgrades and spread it across zones;", "# upgrades and spread them across zones;")
        .replace("minReadySeconds: 10", "minReadySeconds: 12"),
    );
    const problems = await check(dir);
    expect(paths(problems, "schema-description-drift")).toEqual(["replicaCount"]);
    expect(paths(problems, "readme-drift")).toEqual(["replicaCount", "minReadySeconds"]);
  });

  it("exits 1 from `cli.ts --check` with the path, and 0 after `--write`", async () => {
    const dir = await copyChart((values) =>
      values.replace(
        "# -- Key algorithm: `RSA` or `ECDSA`.",
        "# -- Private key algorithm: `RSA` or `ECDSA`.",
      ),
    );
    const cli = join(import.meta.dirname, "..", "src", "cli.ts");
    const run = promisify(execFile);
    const failed = run(process.execPath, [cli, "--check", "--chart", dir]);
    await expect(failed).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("backendTLS.certManager.privateKey.algorithm"),
    });
    await run(process.execPath, [cli, "--write", "--chart", dir]);
    const ok = await run(process.execPath, [cli, "--check", "--chart", dir]);
    expect(ok.stdout).toContain("in sync");
  });
});

describe("checks", () => {
  it("reports a value without a `# --` comment with its path (also the first key of a nested object)", async () => {
    const dir = await copyChart((values) =>
      values
        .replace("  # -- Image pull policy.\n", "")
        .replace(
          "  # -- Image registry (replaced by `global.imageRegistry` when that is set). Empty for none.\n",
          "",
        )
        .replace("# -- Tolerations.", "# Tolerations (no marker)."),
    );
    const { problems } = await generate(dir);
    expect(paths(problems, "undocumented")).toEqual(["image.registry", "image.pullPolicy", "tolerations"]);
    const problem = problems.find((p) => p.path === "image.pullPolicy");
    expect(problem?.file).toBe(join(dir, "values.yaml"));
    expect(problem?.fix).toContain("# --");
  });

  it("reports values.yaml keys missing from the schema and schema properties missing from values.yaml", async () => {
    const dir = await copyChart((values) =>
      values
        .replace("  # -- Image pull policy.\n  pullPolicy: IfNotPresent\n", "")
        .replace("  # -- Probe timeout in seconds.\n    timeoutSeconds: 2\n", "")
        .replace('nameOverride: ""\n', 'nameOverride: ""\n# -- Not in the schema.\nnotInSchema: 1\n')
        .replace("podSecurityContext:\n", "podSecurityContext:\n  notAField: true\n"),
    );
    const { problems } = await generate(dir);
    expect(paths(problems, "not-in-schema")).toEqual(["notInSchema", "podSecurityContext.notAField"]);
    // timeoutSeconds is removed from readiness only (the first match).
    expect(paths(problems, "missing-from-values")).toEqual([
      "image.pullPolicy",
      "probes.readiness.timeoutSeconds",
    ]);
    // Optional fields of an object documented as a whole are not reported (fsGroupChangePolicy...).
    expect(paths(problems, "missing-from-values").some((path) => path.startsWith("podSecurityContext"))).toBe(
      false,
    );
  });

  it("throws a typed error when the README markers are missing", async () => {
    const dir = await copyChart();
    const readme = join(dir, "README.md");
    await writeFile(readme, (await readFile(readme, "utf8")).replace("<!-- values-table:start -->", ""));
    const error = await generate(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChartDocsError);
    expect(error).toMatchObject({ reason: "markers-missing", file: readme });
  });
});

describe("generated chart files", () => {
  it("writes templates/_facts.tpl from packages/facts, and reports it as drift when it differs", async () => {
    const dir = await copyChart();
    const facts = await readFile(join(dir, "templates/_facts.tpl"), "utf8");
    // The chart's guards read the same bound the policy rules import.
    expect(facts).toContain(`"minStreamTimeoutSec":${FACTS.loadBalancer.minStreamTimeoutSec}`);
    await editFile(dir, "templates/_facts.tpl", (text) =>
      text.replace('"minStreamTimeoutSec":60', '"minStreamTimeoutSec":45'),
    );
    expect(paths(await check(dir), "facts-drift")).toEqual([""]);
    expect((await writeGenerated(dir)).written).toEqual([join(dir, "templates/_facts.tpl")]);
    expect(await readFile(join(dir, "templates/_facts.tpl"), "utf8")).toBe(facts);
  });

  it("generates the README guard table from the `Guard <ID>:` comments, in run order", async () => {
    const { readme } = await generate(CHART_DIR);
    const rows = readme.split("\n").filter((line) => /^\| `[A-Z0-9-]+` \|/.test(line));
    expect(rows[0]).toMatch(
      /^\| `VALUES-MOVED` \| every frontend \| a top-level key that chart 0\.2\.0 moved/,
    );
    // The googleLoadBalancer guards run for every frontend that lists them (both Google load-balancer frontends).
    expect(rows).toContainEqual(
      expect.stringMatching(/^\| `GOOGLE-LB-TIMEOUT` \| `gkeGateway`, `gkeIngress` \| /),
    );
    expect(rows).toContainEqual(expect.stringMatching(/^\| `GKE-INGRESS-BACKEND-TLS` \| `gkeIngress` \| /));
    expect(rows).toContainEqual(expect.stringMatching(/^\| `GKE-GATEWAY-CLASS` \| `gkeGateway` \| /));
    const dir = await copyChart();
    await editFile(dir, "templates/_guards.tpl", (text) =>
      text.replace(
        "Guard PORTS-DISTINCT: two of ports.grpc, ports.health and ports.metrics are the same port.",
        "Guard PORTS-DISTINCT: one port for both.",
      ),
    );
    const problems = await check(dir);
    expect(
      problems.filter((problem) => problem.kind === "readme-drift").map((problem) => problem.path),
    ).toEqual(["guards"]);
    await writeGenerated(dir);
    expect(await readFile(join(dir, "README.md"), "utf8")).toContain(
      "| `PORTS-DISTINCT` | every frontend | one port for both. |",
    );
  });

  it("reports a guard without its comment, one no list runs, and a listed id with no guard", async () => {
    const dir = await copyChart();
    await editFile(dir, "templates/_guards.tpl", (text) =>
      text
        .replace("Guard TLS-EXISTING-SECRET: backendTLS.mode", "TLS-EXISTING-SECRET refuses backendTLS.mode")
        .replace('"AUTOSCALING-RANGE" "PDB-EVICTION"', '"AUTOSCALING-RANGE" "NO-SUCH-GUARD"'),
    );
    const problems = await check(dir);
    expect(paths(problems, "guard-undocumented")).toEqual(["TLS-EXISTING-SECRET"]);
    expect(paths(problems, "guard-unlisted").sort()).toEqual(["NO-SUCH-GUARD", "PDB-EVICTION"]);
  });
});

describe("values the templates read", () => {
  it("reports a value no template reads, through any of the ways templates reach values", async () => {
    const dir = await copyChart();
    // Read through `with $fc.sslPolicy` (a variable), and through a helper's dict entry (`$p.failureThreshold`).
    await editFile(dir, "templates/gke-ingress/frontendconfig.yaml", (text) =>
      text.replace("  {{- with $fc.sslPolicy }}\n  sslPolicy: {{ . | quote }}\n  {{- end }}\n", ""),
    );
    await editFile(dir, "templates/_pod.tpl", (text) =>
      text.replace("failureThreshold: {{ $p.failureThreshold }}", "failureThreshold: 3"),
    );
    // The ESP sidecar's probes (frontend istio) read the readiness and startup thresholds too.
    await editFile(dir, "templates/istio/_esp.tpl", (text) =>
      text.replaceAll(/failureThreshold: \{\{ \$probes\.\w+\.failureThreshold \}\}/g, "failureThreshold: 3"),
    );
    expect(paths(await check(dir), "unused-value")).toEqual([
      "probes.readiness.failureThreshold",
      "probes.liveness.failureThreshold",
      "probes.startup.failureThreshold",
      "gkeIngress.frontendConfig.sslPolicy",
    ]);
  });

  it("reports a template reading a value path values.yaml does not have", async () => {
    const dir = await copyChart();
    await editFile(dir, "templates/service.yaml", (text) =>
      text.replace(".Values.service.annotations", ".Values.service.anotations"),
    );
    const problems = await check(dir);
    expect(paths(problems, "unknown-value")).toEqual(["service.anotations"]);
    expect(paths(problems, "unused-value")).toEqual(["service.annotations"]);
  });
});

describe("table", () => {
  it("escapes `|` in every cell", () => {
    expect(escapeCell("a | b")).toBe("a \\| b");
    const row = renderRow({
      path: "x.y",
      type: "integer or string",
      default: '"a|b"',
      description: "`A|B` or C | D.",
      schema: undefined,
    });
    expect(row).toBe('| `x.y` | integer or string | `"a\\|b"` | `A\\|B` or C \\| D. |');
    // Still four cells once the escaped pipes are taken out.
    expect(row.replaceAll("\\|", "").split("|")).toHaveLength(6);
  });

  it("escapes `|` from a values.yaml comment in the generated README", async () => {
    const dir = await copyChart((values) =>
      values.replace("# -- Tolerations.", "# -- Tolerations (`key|operator`)."),
    );
    const { readme, drift } = await generate(dir);
    expect(readme).toContain("| `tolerations` | array | `[]` | Tolerations (`key\\|operator`). |");
    expect(paths(drift, "readme-drift")).toEqual(["tolerations"]);
  });
});

describe("commentDescription", () => {
  it("starts at the `--` line, joins continuation lines and ignores lines before it", () => {
    expect(commentDescription(" Section header\n\n -- First line\n   second line\n third.")).toBe(
      "First line second line third.",
    );
    expect(commentDescription(" no marker")).toBeUndefined();
    expect(commentDescription(undefined)).toBeUndefined();
    expect(commentDescription(" --")).toBe("");
  });
});

describe("issue 13: Kubernetes definitions, required keys, troubleshooting table", () => {
  it("copies every definition the properties reference from schemas/, and reports a stale copy as drift", async () => {
    const dir = await copyChart();
    const file = join(dir, "values.schema.json");
    const schema = JSON.parse(await readFile(file, "utf8")) as { definitions: Record<string, unknown> };
    expect(Object.keys(schema.definitions)).toEqual(
      expect.arrayContaining(["core.v1.Affinity", "core.v1.Container", "core.v1.SecurityContext"]),
    );
    delete schema.definitions["core.v1.NodeAffinity"];
    await writeFile(file, `${JSON.stringify(schema, null, 2)}\n`);
    expect(paths(await check(dir), "schema-definitions-drift")).toEqual(["definitions"]);
    await writeGenerated(dir);
    expect(paths(await check(dir), "schema-definitions-drift")).toEqual([]);
  });

  it("requires every key of a group whose default is not null, unless the schema lets it be null", async () => {
    const dir = await copyChart();
    const file = join(dir, "values.schema.json");
    const schema = JSON.parse(await readFile(file, "utf8")) as {
      required: string[];
      properties: { image: { required: string[] }; autoscaling: { required: string[] } };
    };
    expect(schema.required).toEqual(expect.arrayContaining(["image", "tests", "topologySpread"]));
    expect(schema.properties.image.required).toContain("repository");
    // targetCPUUtilizationPercentage is `integer or null` ("Null to disable").
    expect(schema.properties.autoscaling.required).not.toContain("targetCPUUtilizationPercentage");
    schema.properties.image.required = ["repository"];
    await writeFile(file, `${JSON.stringify(schema, null, 2)}\n`);
    expect(paths(await check(dir), "schema-required-drift")).toEqual(["image"]);
  });

  it("reports the troubleshooting table as drift when it differs from test/bad-inputs/table.yaml", async () => {
    const dir = await copyChart();
    const readme = join(dir, "README.md");
    await editFile(dir, "README.md", (text) => text.replace("| a typo in a top-level key |", "| a typo |"));
    expect(paths(await check(dir), "readme-drift")).toEqual(["troubleshooting"]);
    await writeGenerated(dir);
    expect(await readFile(readme, "utf8")).toContain("| a typo in a top-level key |");
  });
});
