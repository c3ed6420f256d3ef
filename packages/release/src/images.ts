/**
 * The container images the chart can render, found the way the brief of `artifacthub.io/images` asks: render the
 * chart's defaults, every `ci/*-values.yaml` and every example with the real helm, collect every container image
 * of every pod template, and attribute each to where it came from.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { HelmBinary, HelmMajor } from "@grpc-gke/helm";
import { describeObject, KUBERNETES_VERSION, type RenderedDocument } from "@grpc-gke/manifest";
import { coalesceValues, isValuesMap, render, type Values, valueAt } from "@grpc-gke/render";
import { parse } from "yaml";
import type { ReleaseProblem } from "./errors.ts";

/** A values block that names an image the way `_images.tpl` reads one: `{registry, repository, tag, digest}`. */
export interface ImageBlock {
  /** Dotted values path of the block (`image`, `tests.image`). */
  readonly path: string;
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
}

/**
 * The app image (`image`) is left out of `artifacthub.io/images`: its default `example/grpc-backend` is a
 * placeholder every user replaces with their own server ("Image repository of your gRPC server. Replace the
 * placeholder." in values.yaml); it names no published image, so Artifact Hub could not scan it and listing it would
 * tell users the chart ships it. Every other image block the chart renders is the chart's own and is listed.
 */
export const APP_IMAGE_PATH = "image";

/** An entry of `artifacthub.io/images` (artifacthub/hub docs/helm_annotations.md: `name`, `image`). */
export interface ArtifactHubImage {
  readonly name: string;
  readonly image: string;
}

const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));

/** Every image block of a values tree (an object with a string `repository` and a registry, tag or digest). */
export function findImageBlocks(values: Values, prefix = ""): ImageBlock[] {
  const blocks: ImageBlock[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (!isValuesMap(value)) continue;
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (
      typeof value.repository === "string" &&
      ["registry", "tag", "digest"].some((field) => field in value)
    ) {
      blocks.push({
        path,
        registry: text(value.registry),
        repository: value.repository,
        tag: text(value.tag),
        digest: text(value.digest),
      });
    } else {
      blocks.push(...findImageBlocks(value, path));
    }
  }
  return blocks;
}

/** The reference `grpc-gke.images.image` renders for a block: the global registry wins, a digest wins over the tag. */
export function imageReference(block: ImageBlock, globalRegistry: string, appVersion: string): string {
  const registry = globalRegistry !== "" ? globalRegistry : block.registry;
  const repository = registry === "" ? block.repository : `${registry}/${block.repository}`;
  return block.digest !== "" ? `${repository}@${block.digest}` : `${repository}:${block.tag || appVersion}`;
}

/** `ghcr.io/a/b:1@sha256:..` -> `ghcr.io/a/b`. */
export function imageName(reference: string): string {
  const withoutDigest = reference.split("@")[0] ?? reference;
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.indexOf(":", lastSlash + 1);
  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}

/** A container image found in a rendered object. */
export interface RenderedImage {
  readonly image: string;
  /** `Deployment/x container app` */
  readonly where: string;
  readonly source: string;
}

const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** Every container, init container and ephemeral container image of every pod-bearing object. */
export function renderedImages(documents: readonly RenderedDocument[]): RenderedImage[] {
  const images: RenderedImage[] = [];
  for (const { object, source } of documents) {
    const path = POD_SPEC_PATHS[object.kind];
    if (path === undefined) continue;
    let spec: unknown = object;
    for (const key of path) spec = isValuesMap(spec) ? spec[key] : undefined;
    if (!isValuesMap(spec)) continue;
    for (const field of ["initContainers", "containers", "ephemeralContainers"]) {
      const containers = spec[field];
      if (!Array.isArray(containers)) continue;
      for (const container of containers) {
        if (isValuesMap(container) && typeof container.image === "string") {
          images.push({
            image: container.image,
            where: `${describeObject(object)} ${field === "containers" ? "container" : field.replace(/s$/, "")} ${text(container.name)}`,
            source,
          });
        }
      }
    }
  }
  return images;
}

/** A values file the chart is rendered with to find images (undefined: the chart's defaults). */
export interface ImageVariant {
  readonly name: string;
  readonly valuesFile: string | undefined;
}

/** The chart's defaults, its `ci/*-values.yaml` (chart-testing's convention) and its `examples/*.values.yaml`. */
export function imageVariants(chartDir: string): ImageVariant[] {
  const list = (folder: string, suffix: string) => {
    let files: string[];
    try {
      files = readdirSync(join(chartDir, folder));
    } catch {
      return [];
    }
    return files
      .filter((file) => file.endsWith(suffix))
      .sort()
      .map((file) => ({ name: `${folder}/${file}`, valuesFile: join(chartDir, folder, file) }));
  };
  return [
    { name: "defaults", valuesFile: undefined },
    ...list("ci", "-values.yaml"),
    ...list("examples", ".values.yaml"),
  ];
}

export interface ChartImages {
  /** What `artifacthub.io/images` must list: the chart's own image blocks that some variant renders, at their defaults. */
  readonly expected: ArtifactHubImage[];
  /** Rendered images nothing explains, and defaults that do not render the way this module computes them. */
  readonly problems: ReleaseProblem[];
  /** How many renders the result comes from. */
  readonly renders: number;
}

export interface ChartImagesOptions {
  readonly chartDir: string;
  readonly helm?: HelmBinary | HelmMajor;
}

/**
 * Renders every variant and attributes each container image to (a) one of the chart's image blocks, by its
 * repository as the variant's values set it, or (b) the variant's values file, which names it literally (a user's
 * init or extra container). An image that is neither — a template that hard-codes one — is a problem.
 */
export async function collectChartImages(options: ChartImagesOptions): Promise<ChartImages> {
  const { chartDir } = options;
  const defaults = (parse(readFileSync(join(chartDir, "values.yaml"), "utf8")) ?? {}) as Values;
  const chart = parse(readFileSync(join(chartDir, "Chart.yaml"), "utf8")) as Values;
  const appVersion = text(chart.appVersion ?? chart.version);
  const blocks = findImageBlocks(defaults);
  const variants = imageVariants(chartDir);
  const rendered = await Promise.all(
    variants.map((variant) =>
      render({
        chart: chartDir,
        releaseName: "release",
        namespace: "release",
        kubeVersion: KUBERNETES_VERSION,
        valuesFiles: variant.valuesFile === undefined ? [] : [variant.valuesFile],
        ...(options.helm === undefined ? {} : { helm: options.helm }),
      }),
    ),
  );

  const problems: ReleaseProblem[] = [];
  const renderedBlocks = new Set<string>();
  variants.forEach((variant, index) => {
    const documents = rendered[index]?.documents ?? [];
    const valuesText = variant.valuesFile === undefined ? "" : readFileSync(variant.valuesFile, "utf8");
    const values =
      variant.valuesFile === undefined
        ? defaults
        : coalesceValues(defaults, (parse(valuesText) ?? {}) as Values);
    const globalRegistry = text(valueAt(values, "global.imageRegistry"));
    for (const found of renderedImages(documents)) {
      const name = imageName(found.image);
      const block = blocks.find((candidate) => {
        const repository = text(valueAt(values, `${candidate.path}.repository`));
        return repository !== "" && (name === repository || name.endsWith(`/${repository}`));
      });
      if (block !== undefined) {
        renderedBlocks.add(block.path);
        if (variant.valuesFile === undefined) {
          const computed = imageReference(block, globalRegistry, appVersion);
          if (computed !== found.image) {
            problems.push({
              check: "images",
              message: `With the chart's defaults ${found.where} (${found.source}) renders ${found.image}, but the release tools compute ${computed} from values.yaml ${block.path}.`,
              fix: "Keep templates/_images.tpl and packages/release/src/images.ts imageReference() in step (registry override, digest over tag, appVersion default).",
            });
          }
        }
      } else if (!valuesText.includes(found.image)) {
        problems.push({
          check: "images",
          message: `${variant.name}: ${found.where} (${found.source}) renders image ${found.image}, which comes from no values image block (${blocks.map((b) => b.path).join(", ")}) and is not in the values file.`,
          fix: "Render it from a values block {registry, repository, tag, digest} through grpc-gke.images.image, then run `npm run release:annotate` to list its default in artifacthub.io/images.",
        });
      }
    }
  });

  const expected = blocks
    .filter((block) => block.path !== APP_IMAGE_PATH && renderedBlocks.has(block.path))
    .map((block) => ({
      name: block.repository.split("/").at(-1) ?? block.repository,
      image: imageReference(block, text(valueAt(defaults, "global.imageRegistry")), appVersion),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { expected, problems, renders: rendered.length };
}
