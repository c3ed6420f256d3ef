/**
 * The chart's Artifact Hub annotations (`artifacthub.io/*` in Chart.yaml): what they must say, the check that
 * they say it, and the writer that updates the generated ones. The supported keys, their formats and the category
 * list are Artifact Hub's (artifacthub/hub, docs/helm_annotations.md).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import spdxLicenseIds from "spdx-license-ids/index.json" with { type: "json" };
import { isMap, parse, parseDocument, Scalar, stringify } from "yaml";
import { ARTIFACT_HUB_CHANGE_KINDS, type ArtifactHubChange } from "./changelog.ts";
import { ReleaseError, type ReleaseProblem } from "./errors.ts";
import type { ArtifactHubImage } from "./images.ts";

export const ANNOTATION = {
  changes: "artifacthub.io/changes",
  images: "artifacthub.io/images",
  links: "artifacthub.io/links",
  license: "artifacthub.io/license",
  category: "artifacthub.io/category",
  signKey: "artifacthub.io/signKey",
} as const;

/** Every annotation Artifact Hub reads from a Helm chart (docs/helm_annotations.md, "Supported annotations"). */
export const SUPPORTED_ANNOTATIONS = [
  "artifacthub.io/alternativeName",
  "artifacthub.io/category",
  "artifacthub.io/changes",
  "artifacthub.io/containsSecurityUpdates",
  "artifacthub.io/images",
  "artifacthub.io/crds",
  "artifacthub.io/crdsExamples",
  "artifacthub.io/license",
  "artifacthub.io/links",
  "artifacthub.io/maintainers",
  "artifacthub.io/operator",
  "artifacthub.io/operatorCapabilities",
  "artifacthub.io/prerelease",
  "artifacthub.io/recommendations",
  "artifacthub.io/screenshots",
  "artifacthub.io/signKey",
] as const;

/** The annotations whose value is a YAML document in a string (`yaml string` in Artifact Hub's docs). */
const YAML_STRING_ANNOTATIONS = new Set<string>([
  "artifacthub.io/changes",
  "artifacthub.io/images",
  "artifacthub.io/crds",
  "artifacthub.io/crdsExamples",
  "artifacthub.io/links",
  "artifacthub.io/maintainers",
  "artifacthub.io/recommendations",
  "artifacthub.io/screenshots",
  "artifacthub.io/signKey",
]);

/** "Please use only one category from the following list" (docs/helm_annotations.md, artifacthub.io/category). */
export const ARTIFACT_HUB_CATEGORIES = [
  "ai-machine-learning",
  "database",
  "integration-delivery",
  "monitoring-logging",
  "networking",
  "security",
  "storage",
  "streaming-messaging",
  "skip-prediction",
] as const;

/** The annotations derived from other files; `npm run release:annotate` writes them. */
export interface GeneratedAnnotations {
  /** From the CHANGELOG entry of the chart's version; undefined when there is none (a changelog problem). */
  readonly changes: readonly ArtifactHubChange[] | undefined;
  /** From rendering every variant (images.ts). */
  readonly images: readonly ArtifactHubImage[];
}

export interface AnnotationCheckOptions {
  readonly expected: GeneratedAnnotations;
  /** The repository's SPDX license (root package.json `license`), which `artifacthub.io/license` must equal. */
  readonly license: string;
}

const ANNOTATE =
  "Run `npm run release:annotate`, which rewrites it from the CHANGELOG and the rendered images.";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function isHttpsUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

/** Checks the `artifacthub.io/*` annotations of a Chart.yaml's `annotations` map. */
export function checkAnnotations(
  annotations: Readonly<Record<string, unknown>> | undefined,
  options: AnnotationCheckOptions,
): ReleaseProblem[] {
  const problems: ReleaseProblem[] = [];
  const problem = (message: string, fix: string) => problems.push({ check: "annotations", message, fix });
  const all = annotations ?? {};
  const parsed = new Map<string, unknown>();

  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith("artifacthub.io/")) continue;
    if (!(SUPPORTED_ANNOTATIONS as readonly string[]).includes(key)) {
      problem(
        `Chart.yaml annotation ${key} is not one Artifact Hub reads.`,
        `Use one of ${SUPPORTED_ANNOTATIONS.join(", ")} (docs/helm_annotations.md), or remove it.`,
      );
      continue;
    }
    if (typeof value !== "string") {
      problem(
        `Chart.yaml annotation ${key} is a ${Array.isArray(value) ? "list" : typeof value}, not a string.`,
        'Chart annotations are strings: write YAML values as a block string (`key: |`) and booleans quoted ("true").',
      );
      continue;
    }
    if (YAML_STRING_ANNOTATIONS.has(key)) {
      try {
        parsed.set(key, parse(value));
      } catch (cause) {
        problem(
          `Chart.yaml annotation ${key} is not valid YAML: ${(cause as Error).message.split("\n")[0]}`,
          ANNOTATE,
        );
      }
    } else {
      parsed.set(key, value);
    }
  }

  // artifacthub.io/changes: the CHANGELOG's newest entry, kinds Artifact Hub knows.
  const changes = parsed.get(ANNOTATION.changes);
  if (!all[ANNOTATION.changes] && options.expected.changes !== undefined) {
    problem(
      `Chart.yaml has no ${ANNOTATION.changes} annotation, so Artifact Hub shows no changelog.`,
      ANNOTATE,
    );
  } else if (
    changes !== undefined &&
    options.expected.changes !== undefined &&
    !isDeepStrictEqual(changes, options.expected.changes)
  ) {
    const bad = Array.isArray(changes)
      ? changes.find(
          (change) =>
            !isRecord(change) || !(ARTIFACT_HUB_CHANGE_KINDS as readonly unknown[]).includes(change.kind),
        )
      : changes;
    problem(
      bad === undefined
        ? `Chart.yaml ${ANNOTATION.changes} does not match the CHANGELOG.md entry of the chart's version (${options.expected.changes.length} changes expected, ${Array.isArray(changes) ? changes.length : 0} listed).`
        : `Chart.yaml ${ANNOTATION.changes} has an entry that is not {kind: ${ARTIFACT_HUB_CHANGE_KINDS.join("|")}, description}: ${JSON.stringify(bad)}.`,
      ANNOTATE,
    );
  }

  // artifacthub.io/images: every image the chart renders by itself, at its defaults.
  const images = parsed.get(ANNOTATION.images);
  if (all[ANNOTATION.images] === undefined) {
    problem(`Chart.yaml has no ${ANNOTATION.images} annotation.`, ANNOTATE);
  } else if (images !== undefined) {
    const listed = Array.isArray(images) ? images : [];
    const missing = options.expected.images.filter(
      (image) => !listed.some((entry) => isDeepStrictEqual(entry, image)),
    );
    const extra = listed.filter(
      (entry) => !options.expected.images.some((image) => isDeepStrictEqual(entry, image)),
    );
    if (!Array.isArray(images) || missing.length > 0 || extra.length > 0) {
      problem(
        `Chart.yaml ${ANNOTATION.images} does not list exactly the images the chart renders by default: ${[
          ...missing.map((image) => `missing ${image.image}`),
          ...extra.map((entry) => `not rendered by the chart ${JSON.stringify(entry)}`),
        ].join("; ")}.`,
        ANNOTATE,
      );
    }
  }

  // artifacthub.io/links: named https links.
  const links = parsed.get(ANNOTATION.links);
  if (links !== undefined) {
    const bad = Array.isArray(links)
      ? links.filter((link) => !isRecord(link) || typeof link.name !== "string" || !isHttpsUrl(link.url))
      : [links];
    for (const link of bad) {
      problem(
        `Chart.yaml ${ANNOTATION.links} has an entry that is not {name, url: https://...}: ${JSON.stringify(link)}.`,
        "Give every link a `name` and an absolute https `url` (docs/helm_annotations.md, artifacthub.io/links).",
      );
    }
  }

  // artifacthub.io/license: a valid SPDX id, the repository's.
  const license = parsed.get(ANNOTATION.license);
  if (license === undefined) {
    problem(
      `Chart.yaml has no ${ANNOTATION.license} annotation (the chart folder has no LICENSE file for Artifact Hub to read).`,
      `Add \`${ANNOTATION.license}: ${options.license}\` to Chart.yaml annotations.`,
    );
  } else if (
    !(spdxLicenseIds as readonly string[]).includes(String(license)) ||
    license !== options.license
  ) {
    problem(
      `Chart.yaml ${ANNOTATION.license} is "${String(license)}", but the repository is licensed ${options.license} (package.json, LICENSE).`,
      `Set it to the SPDX identifier ${options.license} (Artifact Hub requires a valid SPDX identifier).`,
    );
  }

  // artifacthub.io/category: one of Artifact Hub's.
  const category = parsed.get(ANNOTATION.category);
  if (category !== undefined && !(ARTIFACT_HUB_CATEGORIES as readonly unknown[]).includes(category)) {
    problem(
      `Chart.yaml ${ANNOTATION.category} is "${String(category)}", not an Artifact Hub category.`,
      `Use one of ${ARTIFACT_HUB_CATEGORIES.join(", ")}.`,
    );
  }

  // artifacthub.io/signKey: only for GPG provenance (.prov); "the url field ... is mandatory".
  const signKey = parsed.get(ANNOTATION.signKey);
  if (signKey !== undefined && (!isRecord(signKey) || !isHttpsUrl(signKey.url))) {
    problem(
      `Chart.yaml ${ANNOTATION.signKey} has no https \`url\` of the public key.`,
      "Give `fingerprint` and the public key's `url`, or remove it: releases are signed keylessly with cosign, which has no key to publish.",
    );
  }
  return problems;
}

/** A YAML document as a block-literal annotation value. */
function blockString(value: unknown): Scalar {
  const scalar = new Scalar(stringify(value, { lineWidth: 0 }));
  scalar.type = Scalar.BLOCK_LITERAL;
  return scalar;
}

/**
 * The text of Chart.yaml with `artifacthub.io/changes` and `artifacthub.io/images` set to `generated`. Only the
 * top-level `annotations:` block is rewritten (the rest of the file, comments included, stays byte for byte);
 * the other annotations in it keep their values and order.
 */
export function withGeneratedAnnotations(chartYaml: string, generated: GeneratedAnnotations): string {
  const lines = chartYaml.split("\n");
  const start = lines.findIndex((line) => /^annotations:\s*(#.*)?$/.test(line));
  let end = lines.length;
  if (start !== -1) {
    end = lines.findIndex((line, index) => index > start && line !== "" && !/^\s/.test(line));
    if (end === -1) end = lines.length;
  }
  const block = start === -1 ? "annotations: {}\n" : `${lines.slice(start, end).join("\n")}\n`;
  const document = parseDocument(block);
  const map = document.get("annotations", true);
  if (!isMap(map)) {
    if (start === -1 || document.get("annotations") === null)
      document.set("annotations", document.createNode({}));
    else {
      throw new ReleaseError(
        "annotations-unwritable",
        "Chart.yaml `annotations:` is not a map, so the Artifact Hub annotations cannot be written into it.",
        "Make `annotations:` a map of string values.",
      );
    }
  }
  if (generated.changes !== undefined) {
    document.setIn(["annotations", ANNOTATION.changes], blockString(generated.changes));
  }
  document.setIn(["annotations", ANNOTATION.images], blockString(generated.images));
  const written = document.toString({ lineWidth: 0 }).replace(/\n+$/, "");
  const before = start === -1 ? lines.join("\n").replace(/\n+$/, "") : lines.slice(0, start).join("\n");
  const after = start === -1 ? [] : lines.slice(end);
  const text = [before, written, ...after].join("\n").replace(/\n*$/, "\n");

  // Whatever happened above, nothing but the annotations may differ.
  const old = parse(chartYaml) as Record<string, unknown>;
  const now = parse(text) as Record<string, unknown>;
  const { annotations: _oldAnnotations, ...oldRest } = old;
  const { annotations: _newAnnotations, ...newRest } = now;
  if (!isDeepStrictEqual(oldRest, newRest)) {
    throw new ReleaseError(
      "annotations-unwritable",
      "Writing the Artifact Hub annotations would change Chart.yaml outside its `annotations:` block.",
      "Keep `annotations:` a top-level block of indented lines in Chart.yaml (no flow style), then run it again.",
    );
  }
  return text;
}

/** Rewrites the generated annotations of a Chart.yaml file; true when the file changed. */
export function writeGeneratedAnnotations(chartYamlPath: string, generated: GeneratedAnnotations): boolean {
  const old = readFileSync(chartYamlPath, "utf8");
  const text = withGeneratedAnnotations(old, generated);
  if (text === old) return false;
  writeFileSync(chartYamlPath, text);
  return true;
}
