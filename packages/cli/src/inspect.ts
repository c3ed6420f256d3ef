import { join } from "node:path";
import { setImmediate } from "node:timers/promises";
import type { Problem, RenderedDocument } from "@grpc-gke/manifest";
import { CACHE_DIR } from "@grpc-gke/manifest/paths";
import { checkPolicy, selectRules } from "@grpc-gke/policy";
import { declaredKinds } from "@grpc-gke/render/kinds";
import { createValidator, type Validator } from "@grpc-gke/validate";
import type { CheckOptions } from "./args.ts";

const validators = new Map<string, Validator>();

/** One validator per set of schema locations, reused across runs (each kind is compiled once). */
export function validatorFor(options: Pick<CheckOptions, "schemaLocations">, cwd: string): Validator {
  const locations = options.schemaLocations ?? ["default"];
  const key = `${cwd}\n${locations.join("\n")}`;
  let validator = validators.get(key);
  if (validator === undefined) {
    validator = createValidator({
      schemaLocations: locations,
      cwd,
      codeCache: join(CACHE_DIR, "validators"),
    });
    validators.set(key, validator);
  }
  return validator;
}

/**
 * Uses the time helm renders (`rendering` settles when it is done): loads the validators of the kinds the chart's
 * templates declare (@grpc-gke/render/kinds), one per turn of the event loop, until helm is done, so checking the
 * output starts with them loaded. Only moves work earlier: a kind not loaded yet is loaded when its first object
 * is checked, and an error here (a broken schema location) is the one checking the objects raises and reports.
 */
export async function prepareWhile(
  rendering: Promise<unknown>,
  chart: string,
  options: Pick<CheckOptions, "schemaLocations">,
  cwd: string,
): Promise<void> {
  let rendered = false;
  const settle = () => {
    rendered = true;
  };
  rendering.then(settle, settle);
  try {
    const validator = validatorFor(options, cwd);
    for (const { apiVersion, kind } of await declaredKinds(chart)) {
      if (rendered) return;
      validator.prepare(apiVersion, kind);
      await setImmediate();
    }
  } catch {
    // Raised again, and reported, when the rendered objects are validated.
  }
}

/** The policy rules a run asks for (none with --schema-only). */
export function rulesFor(options: Pick<CheckOptions, "schemaOnly" | "rules">) {
  if (options.schemaOnly) return [];
  return options.rules === undefined ? undefined : selectRules(options.rules);
}

/** Every problem in a set of objects: strict schema violations first, then the GKE policy rules. */
export function inspect(
  documents: readonly RenderedDocument[],
  options: CheckOptions = { schemaOnly: false, rules: undefined, strict: false, schemaLocations: undefined },
  cwd: string = process.cwd(),
): Problem[] {
  const validator = validatorFor(options, cwd);
  const rules = rulesFor(options);
  const policy =
    rules === undefined ? checkPolicy(documents) : rules.length === 0 ? [] : checkPolicy(documents, rules);
  return [...validator.validate(documents), ...policy];
}
