import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CHART_DIR, REPO_ROOT } from "@grpc-gke/manifest";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  ANNOTATION,
  checkAnnotations,
  type GeneratedAnnotations,
  withGeneratedAnnotations,
} from "../src/annotations.ts";
import { readChart } from "../src/chart.ts";
import { generatedAnnotations } from "../src/check.ts";
import { APP_IMAGE_PATH, collectChartImages, findImageBlocks, imageReference } from "../src/images.ts";
import { scratchDir, writeFiles } from "./support.ts";

const license = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { license: string })
  .license;
const chartYaml = readFileSync(join(CHART_DIR, "Chart.yaml"), "utf8");

describe("the chart's Artifact Hub annotations", () => {
  let generated: Awaited<ReturnType<typeof generatedAnnotations>>;
  beforeAll(async () => {
    generated = await generatedAnnotations(CHART_DIR);
  }, 120_000);

  it("should parse and agree with the chart: changes from its CHANGELOG entry, images from its renders, license, links", () => {
    expect(generated.problems).toEqual([]);
    expect(
      checkAnnotations(readChart(CHART_DIR).annotations, { expected: generated.generated, license }),
    ).toEqual([]);
  });

  it("should list the chart's own images at their values.yaml defaults, and leave out the app placeholder", () => {
    const values = parse(readFileSync(join(CHART_DIR, "values.yaml"), "utf8")) as Record<string, unknown>;
    const blocks = findImageBlocks(values);
    const app = blocks.find((block) => block.path === APP_IMAGE_PATH);
    // The decision rests on the default being a placeholder: a real default app image would have to be listed.
    expect(app?.repository).toMatch(/^example\//);
    const listed = generated.generated.images.map((image) => image.image);
    expect(listed).not.toContain(imageReference(app as NonNullable<typeof app>, "", "1.0.0"));
    const probe = blocks.find((block) => block.path === "tests.image");
    expect(probe).toBeDefined();
    expect(generated.generated.images).toContainEqual({
      name: "grpc-health-probe",
      image: imageReference(probe as NonNullable<typeof probe>, "", ""),
    });
    expect(generated.renders).toBeGreaterThan(2);
  });

  it("should be the first entry of the CHANGELOG as Artifact Hub's structured changes", () => {
    const annotation = readChart(CHART_DIR).annotations?.[ANNOTATION.changes];
    expect(typeof annotation).toBe("string");
    expect(parse(String(annotation))).toEqual(generated.generated.changes);
  });
});

describe("collectChartImages", () => {
  const scratch = scratchDir("images");

  it("should refuse an image a template hard-codes, naming the image, the object and the template", async () => {
    writeFiles(scratch, {
      "hard/Chart.yaml": "apiVersion: v2\nname: hard\nversion: 0.1.0\nappVersion: 2.0.0\n",
      "hard/values.yaml": "image:\n  registry: ghcr.io\n  repository: me/app\n  tag: ''\n  digest: ''\n",
      "hard/templates/pod.yaml": [
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: p}",
        "spec:",
        "  initContainers: [{name: wait, image: busybox:1.36}]",
        "  containers:",
        "    - name: app",
        '      image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
        "",
      ].join("\n"),
    });
    const result = await collectChartImages({ chartDir: join(scratch, "hard") });
    expect(result.problems).toEqual([
      expect.objectContaining({
        check: "images",
        message: expect.stringContaining(
          "defaults: Pod/p initContainer wait (hard/templates/pod.yaml) renders image busybox:1.36, which comes from no values image block (image)",
        ),
      }),
    ]);
    // The app block renders, but it is the placeholder: nothing to list.
    expect(result.expected).toEqual([]);
  });
});

describe("checkAnnotations", () => {
  const expected: GeneratedAnnotations = {
    changes: [{ kind: "added", description: "A thing." }],
    images: [{ name: "probe", image: "ghcr.io/x/probe:v1" }],
  };
  const good: Record<string, string> = {
    [ANNOTATION.changes]: "- kind: added\n  description: A thing.\n",
    [ANNOTATION.images]: "- name: probe\n  image: ghcr.io/x/probe:v1\n",
    [ANNOTATION.license]: "Apache-2.0",
    [ANNOTATION.links]: "- name: docs\n  url: https://example.com/docs\n",
    [ANNOTATION.category]: "networking",
  };
  const problems = (overrides: Record<string, string | undefined>) =>
    checkAnnotations(
      Object.fromEntries(
        Object.entries({ ...good, ...overrides }).filter(([, value]) => value !== undefined),
      ),
      { expected, license: "Apache-2.0" },
    ).map((problem) => problem.message);

  it("should accept annotations that say what the chart's files say", () => {
    expect(problems({})).toEqual([]);
  });

  it("should refuse changes that differ from the CHANGELOG, or a kind Artifact Hub does not know", () => {
    expect(problems({ [ANNOTATION.changes]: "- kind: added\n  description: Another thing.\n" })).toEqual([
      expect.stringContaining("does not match the CHANGELOG.md entry of the chart's version"),
    ]);
    expect(problems({ [ANNOTATION.changes]: "- kind: improved\n  description: A thing.\n" })).toEqual([
      expect.stringContaining(
        'has an entry that is not {kind: added|changed|deprecated|removed|fixed|security, description}: {"kind":"improved"',
      ),
    ]);
  });

  it("should refuse images that miss one the chart renders or list one it does not", () => {
    expect(problems({ [ANNOTATION.images]: "- name: other\n  image: docker.io/other:1\n" })).toEqual([
      expect.stringContaining(
        'missing ghcr.io/x/probe:v1; not rendered by the chart {"name":"other","image":"docker.io/other:1"}',
      ),
    ]);
  });

  it("should refuse YAML that does not parse, unknown artifacthub.io keys, non-https links, wrong license and category", () => {
    expect(problems({ [ANNOTATION.links]: "- name: docs\n  url: http://example.com\n" })).toEqual([
      expect.stringContaining("has an entry that is not {name, url: https://...}"),
    ]);
    expect(problems({ [ANNOTATION.images]: "- name: [unclosed\n" })).toEqual([
      expect.stringContaining("artifacthub.io/images is not valid YAML"),
    ]);
    expect(problems({ "artifacthub.io/image": "x" })).toEqual([
      expect.stringContaining("annotation artifacthub.io/image is not one Artifact Hub reads"),
    ]);
    expect(problems({ [ANNOTATION.license]: "Apache 2" })).toEqual([
      expect.stringContaining(
        'artifacthub.io/license is "Apache 2", but the repository is licensed Apache-2.0',
      ),
    ]);
    expect(problems({ [ANNOTATION.category]: "Infrastructure" })).toEqual([
      expect.stringContaining('artifacthub.io/category is "Infrastructure", not an Artifact Hub category'),
    ]);
    expect(problems({ [ANNOTATION.changes]: undefined })).toEqual([
      expect.stringContaining("has no artifacthub.io/changes annotation"),
    ]);
  });
});

describe("withGeneratedAnnotations", () => {
  const generated: GeneratedAnnotations = {
    changes: [{ kind: "fixed", description: '`a: b` with a colon, quotes " and a # hash.' }],
    images: [{ name: "probe", image: "ghcr.io/x/probe@sha256:0123" }],
  };

  it("should rewrite only the generated annotations of Chart.yaml, byte for byte elsewhere", () => {
    const text = withGeneratedAnnotations(chartYaml, generated);
    const head = chartYaml.slice(0, chartYaml.indexOf("\nannotations:"));
    expect(text.startsWith(head)).toBe(true);
    const before = parse(chartYaml) as { annotations: Record<string, string> };
    const after = parse(text) as { annotations: Record<string, string> };
    expect(parse(after.annotations[ANNOTATION.changes] ?? "")).toEqual(generated.changes);
    expect(parse(after.annotations[ANNOTATION.images] ?? "")).toEqual(generated.images);
    for (const key of Object.keys(before.annotations).filter(
      (key) => key !== ANNOTATION.changes && key !== ANNOTATION.images,
    )) {
      expect(after.annotations[key], key).toEqual(before.annotations[key]);
    }
    // Comments inside the block stay.
    expect(text).toContain("# Artifact Hub reads the artifacthub.io/* annotations");
    // Writing what is already there changes nothing.
    expect(withGeneratedAnnotations(text, generated)).toBe(text);
  });

  it("should add an annotations block to a Chart.yaml that has none", () => {
    const text = withGeneratedAnnotations("apiVersion: v2\nname: demo\nversion: 0.1.0\n", generated);
    expect(parse(text)).toMatchObject({
      name: "demo",
      annotations: { [ANNOTATION.images]: expect.stringContaining("probe") },
    });
  });
});
