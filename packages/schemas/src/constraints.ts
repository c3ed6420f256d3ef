import type { ConvertedKinds } from "./declarations.ts";
import type { JsonSchema } from "./json-schema.ts";
import {
  type CompiledValidator,
  collectPositions,
  loadValidator,
  type Position,
  probeObject,
  type Segment,
  types,
} from "./probe.ts";

/**
 * The declarations carry no `pattern`, `maxLength`, `minimum`/`maximum`, item or property counts, and lose some
 * enums and required fields. The packages' compiled validators (`_schemas/*.js`, compiled by ajv from the
 * upstream OpenAPI/CRD schemas) still check all of them, and an ajv error names the constraint with its exact
 * parameters (`{keyword: "maxLength", params: {limit: 63}}`, `{keyword: "pattern", params: {pattern}}`). So,
 * like the integer probe (probe.ts), every field of the generated schema is probed with values that break any
 * such constraint, and the constraints the validator reports at exactly that field are written into the schema:
 * the generated schema stays the one thing `grpc-gke validate` and kubeconform read.
 *
 * Only plain constraints are taken: an error raised inside `anyOf`/`oneOf`/`not`/`if` (a branch of a CRD
 * `oneOf`, which the declarations merge) is not a constraint of the field on its own. CEL rules
 * (`x-kubernetes-validations`) and formats are not in the compiled validators' keywords we read.
 */
export interface ConstraintStats {
  /** How many constraints were written, by keyword. */
  readonly added: Record<string, number>;
  /** Fields the probes could not reach (no validator, or the control probe found no error there). */
  unreached: number;
}

interface AjvError {
  readonly instancePath: string;
  readonly schemaPath?: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
}

/** Branch keywords: an error under them is not a constraint of the field alone. */
const BRANCH = /\/(anyOf|oneOf|not|if|then|else)(\/|$)/;

function errorsAt(validate: CompiledValidator, path: readonly Segment[], leaf: unknown): AjvError[] {
  validate(probeObject(path, leaf));
  const pointer = path
    .map((segment) => `/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`)
    .join("");
  return ((validate.errors ?? []) as AjvError[]).filter(
    (error) => error.instancePath === pointer && !BRANCH.test(error.schemaPath ?? ""),
  );
}

/** A string no Kubernetes pattern or enum accepts, longer than nearly every length limit. */
const LONG_STRING = "\u0001~".repeat(16_400);
/** More items than nearly every list limit (a larger limit stays unchecked: lenient, and fast to probe). */
const MANY_ITEMS = 1_100;

function number(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function isUnicodePattern(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

/** Probes one field and writes what the validator enforces there into the schema; returns keywords added. */
function probePosition(validate: CompiledValidator, position: Position): string[] {
  const { schema, path } = position;
  const kinds = types(schema);
  const found: AjvError[] = [];
  if (kinds.includes("string")) {
    found.push(...errorsAt(validate, path, ""), ...errorsAt(validate, path, LONG_STRING));
  }
  if (kinds.includes("integer") || kinds.includes("number")) {
    found.push(...errorsAt(validate, path, -1e15), ...errorsAt(validate, path, 1e15));
  }
  if (kinds.includes("array")) {
    found.push(
      ...errorsAt(validate, path, []),
      ...errorsAt(
        validate,
        path,
        Array.from({ length: MANY_ITEMS }, () => null),
      ),
    );
  }
  if (kinds.includes("object") && schema.properties !== undefined) {
    found.push(...errorsAt(validate, path, {}));
  }
  const added: string[] = [];
  const set = (keyword: keyof JsonSchema, value: unknown): void => {
    if (value === undefined || schema[keyword] !== undefined) return;
    (schema as Record<string, unknown>)[keyword] = value;
    added.push(keyword);
  };
  for (const error of found) {
    const { params } = error;
    switch (error.keyword) {
      case "maxLength":
      case "minLength":
      case "maxItems":
      case "minItems":
      case "maxProperties":
      case "minProperties":
        set(error.keyword, number(params.limit));
        break;
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum":
        set(error.keyword, number(params.limit));
        break;
      case "multipleOf":
        set("multipleOf", number(params.multipleOf));
        break;
      case "pattern":
        // Kept only when a Unicode JavaScript RegExp reads it (as ajv and the validator compile it); a Go RE2
        // pattern like `(?i)...` that the package's validator compiled without the `u` flag is left out.
        set(
          "pattern",
          typeof params.pattern === "string" && isUnicodePattern(params.pattern) ? params.pattern : undefined,
        );
        break;
      case "uniqueItems":
        set("uniqueItems", true);
        break;
      case "enum": {
        const allowed = params.allowedValues;
        if (!Array.isArray(allowed) || schema.enum !== undefined) break;
        const values = allowed.filter(
          (value): value is string | number => typeof value === "string" || typeof value === "number",
        );
        set("enum", kinds.includes("null") ? [...values, null] : values);
        break;
      }
      case "required": {
        const name = params.missingProperty;
        if (typeof name !== "string" || schema.properties?.[name] === undefined) break;
        if (schema.required?.includes(name)) break;
        schema.required = [...(schema.required ?? []), name];
        schema.properties[name] = nonNullable(schema.properties[name]);
        added.push("required");
        break;
      }
    }
  }
  return added;
}

/** A field that became required no longer accepts null (Kubernetes refuses null for a required field). */
export function nonNullable(schema: JsonSchema): JsonSchema {
  if (schema.type === undefined || !Array.isArray(schema.type) || !schema.type.includes("null"))
    return schema;
  const rest = schema.type.filter((type) => type !== "null");
  const result: JsonSchema = { ...schema, type: rest.length === 1 && rest[0] !== undefined ? rest[0] : rest };
  if (schema.enum !== undefined) result.enum = schema.enum.filter((value) => value !== null);
  return result;
}

export async function recoverConstraints(converted: ConvertedKinds): Promise<ConstraintStats> {
  const stats: ConstraintStats = { added: {}, unreached: 0 };
  const seen = new Set<string>();
  for (const kind of converted.kinds) {
    const positions = collectPositions(
      kind.schema,
      converted.definitions,
      seen,
      (schema) => types(schema).length > 0,
    );
    if (positions.length === 0) continue;
    const validate = kind.validatorFile === undefined ? undefined : await loadValidator(kind.validatorFile);
    for (const position of positions) {
      // The control probe: a boolean must be refused at exactly this field, or the probe did not reach it.
      if (
        validate === undefined ||
        types(position.schema).includes("boolean") ||
        errorsAt(validate, position.path, true).length === 0
      ) {
        stats.unreached++;
        continue;
      }
      for (const keyword of probePosition(validate, position)) {
        stats.added[keyword] = (stats.added[keyword] ?? 0) + 1;
      }
    }
  }
  return stats;
}
