/**
 * The fuzzer's oracle: renders one case with the real helm and sorts the outcome into four classes.
 *
 * - `valid`: rendered, and every object passes its strict schema (`@grpc-gke/validate`) and every policy rule
 *   (`@grpc-gke/policy`, errors only; the Pod Security "restricted" controls are rules too);
 * - `refused`: helm refused with a clear message: a schema error that names the value's path (helm 4:
 *   `- at '/image/tag': ...`; helm 3: `- image.tag: ...`; at the root, the property named), one or more of the chart's
 *   guard messages `[ID] <value>...` naming a value, or helm's own release-name check;
 * - `unclear`: any other refusal: a Go template panic (`nil pointer`, `wrong type`, `error calling`, `can't evaluate`),
 *   a YAML parse error of a rendered template, a schema error or guard message that names no value;
 * - `invalid`: rendered, but an object fails its schema, a policy rule, or the output does not parse.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { HelmMajor } from "@grpc-gke/helm";
import { parseManifests } from "@grpc-gke/manifest";
import { checkPolicy } from "@grpc-gke/policy";
import { HelmTemplateError, helmTemplate } from "@grpc-gke/render";
import { createValidator } from "@grpc-gke/validate";
import { CHART, chartRenderOptions } from "../support/chart.ts";
import { type FuzzCase, overridesOf, variantFile } from "./arbitraries.ts";

export type Verdict = "valid" | "refused" | "unclear" | "invalid";

export interface Outcome {
  readonly verdict: Verdict;
  /** What decided it: the refusal, or the first problems of a rendered-but-invalid set. */
  readonly detail: string;
}

const ROOT_KEYS: readonly string[] = Object.keys(
  (JSON.parse(readFileSync(join(CHART, "values.schema.json"), "utf8")) as { properties: object }).properties,
);
/** A value path a guard message names: a top-level key, alone or dotted (`ports.grpc`, `extraContainers[0]...`). */
const VALUE_PATH = new RegExp(`(^|[\\s(,"'])(${ROOT_KEYS.join("|")})([.=\\[ :]|$)`);
const PANICS =
  /nil pointer|wrong type|error calling|can't evaluate|cannot be encoded|YAML parse error|error converting YAML/;

/** Whether every line of a schema refusal names a value path or property (helm 4 or helm 3 wording). */
function schemaNamesValues(message: string): boolean {
  const lines = message.split("\n").filter((line) => /^\s*- /.test(line));
  if (lines.length === 0) return false;
  return lines.every((line) => {
    const four = /^\s*- at '([^']*)': (.*)$/.exec(line);
    if (four !== null) return four[1] !== "" || /propert(y|ies) '/.test(four[2] ?? "");
    const three = /^\s*- ([^:]+): (.*)$/.exec(line);
    if (three !== null)
      return three[1] !== "(root)" || /\S+ is required|Additional property \S+/.test(three[2] ?? "");
    return false;
  });
}

/** Whether every guard bullet is `[ID] message` and names a value (or the release's name or namespace). */
function guardsNameValues(message: string): boolean {
  const bullets = message.split(/\n\n- /).slice(1);
  if (bullets.length === 0) return false;
  return bullets.every((bullet) => {
    const match = /^\[([A-Z0-9-]+)\] ([\s\S]*)$/.exec(bullet.trim());
    if (match === null) return false;
    const text = match[2] ?? "";
    return VALUE_PATH.test(text) || /release name|release namespace/.test(text);
  });
}

/** Sorts a refusal (helm's message) into refused (clear) or unclear. */
export function classifyRefusal(message: string): Outcome {
  if (PANICS.test(message)) return { verdict: "unclear", detail: message };
  if (message.includes("VALUES VALIDATION (grpc-gke):"))
    return { verdict: guardsNameValues(message) ? "refused" : "unclear", detail: message };
  if (message.includes("values don't meet the specifications of the schema"))
    return { verdict: schemaNamesValues(message) ? "refused" : "unclear", detail: message };
  if (/invalid release name/.test(message)) return { verdict: "refused", detail: message };
  return { verdict: "unclear", detail: message };
}

let validator: ReturnType<typeof createValidator> | undefined;

/** Renders the case with helm (4 by default) and classifies the outcome. */
export async function judge(fuzzCase: FuzzCase, helm: HelmMajor = 4): Promise<Outcome> {
  const file = variantFile(fuzzCase.variant);
  let manifest: string;
  try {
    ({ manifest } = await helmTemplate({
      ...chartRenderOptions({
        helm,
        valuesFiles: file === undefined ? [] : [file],
        values: overridesOf(fuzzCase),
      }),
      releaseName: fuzzCase.release,
      namespace: fuzzCase.namespace,
    }));
  } catch (error) {
    if (error instanceof HelmTemplateError) return classifyRefusal(error.helmMessage);
    throw error;
  }
  let documents: ReturnType<typeof parseManifests>;
  try {
    documents = parseManifests(manifest, CHART);
  } catch (error) {
    return { verdict: "invalid", detail: `the output does not parse: ${String(error)}` };
  }
  validator ??= createValidator();
  const problems = [
    ...validator.validate(documents),
    ...checkPolicy(documents).filter((problem) => problem.severity === "error"),
  ];
  if (problems.length === 0) return { verdict: "valid", detail: `${documents.length} objects` };
  return {
    verdict: "invalid",
    detail: problems
      .slice(0, 5)
      .map((problem) => `${problem.check} ${problem.object} ${problem.path}: ${problem.message}`)
      .join("\n"),
  };
}
