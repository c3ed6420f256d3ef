import { pathToFileURL } from "node:url";
import type { ConvertedKinds } from "./declarations.ts";
import type { JsonSchema, JsonType } from "./json-schema.ts";

/**
 * The declarations say `number` for both OpenAPI `integer` and `number`. The packages also ship the upstream
 * schemas compiled into ajv validators (`_schemas/*.js`), which still know the difference. For every numeric field
 * we ask that validator about a probe object holding 0.5 at the field: an `integer` type error at exactly that path
 * means the field is an integer. A control probe (`true`) must be rejected at the same path, otherwise the probe
 * did not reach the field and it stays `number` (lenient, counted in `unreached`).
 */
export interface ProbeStats {
  integers: number;
  numbers: number;
  unreached: number;
  /** Which fields stayed `number` because the probe could not reach them. */
  unreachedFields: string[];
}

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
}

export type CompiledValidator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

export type Segment = string | number;

/** A field of a kind's schema, with the path that reaches it from the object's root. */
export interface Position {
  readonly schema: JsonSchema;
  readonly path: readonly Segment[];
}

export function types(schema: JsonSchema): JsonType[] {
  return schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
}

/**
 * Every typed field of a schema that `keep` accepts, following `$ref`s into the shared definitions once each (`seen`
 * is shared across kinds: a definition is probed through the first kind that reaches it), map values through a
 * `probe-key` key and list items through index 0.
 */
export function collectPositions(
  schema: JsonSchema,
  definitions: ReadonlyMap<string, JsonSchema>,
  seen: Set<string>,
  keep: (schema: JsonSchema) => boolean,
  path: Segment[] = [],
  out: Position[] = [],
): Position[] {
  if (schema.$ref !== undefined) {
    const key = schema.$ref.slice("#/definitions/".length);
    if (seen.has(key)) return out;
    seen.add(key);
    const target = definitions.get(key);
    if (target !== undefined) collectPositions(target, definitions, seen, keep, path, out);
    return out;
  }
  if (keep(schema)) out.push({ schema, path: [...path] });
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    collectPositions(property, definitions, seen, keep, [...path, name], out);
  }
  if (typeof schema.additionalProperties === "object") {
    collectPositions(schema.additionalProperties, definitions, seen, keep, [...path, "probe-key"], out);
  }
  if (schema.items !== undefined) collectPositions(schema.items, definitions, seen, keep, [...path, 0], out);
  return out;
}

export function probeObject(path: readonly Segment[], leaf: unknown): unknown {
  let value = leaf;
  for (let index = path.length - 1; index >= 0; index--) {
    const segment = path[index];
    value = typeof segment === "number" ? [value] : { [segment as string]: value };
  }
  return value;
}

function errorsAt(validate: CompiledValidator, path: readonly Segment[], leaf: unknown): AjvError[] {
  validate(probeObject(path, leaf));
  const pointer = path.map((segment) => `/${segment}`).join("");
  return (validate.errors ?? []).filter((error) => error.instancePath === pointer);
}

function isValidator(value: unknown): value is CompiledValidator {
  return typeof value === "function";
}

export async function loadValidator(file: string): Promise<CompiledValidator | undefined> {
  const module: Record<string, unknown> = await import(pathToFileURL(file).href);
  const direct = module.validate;
  if (isValidator(direct)) return direct;
  const fallback = module.default;
  if (
    typeof fallback === "object" &&
    fallback !== null &&
    "validate" in fallback &&
    isValidator(fallback.validate)
  ) {
    return fallback.validate;
  }
  return undefined;
}

export async function refineIntegers(converted: ConvertedKinds): Promise<ProbeStats> {
  const stats: ProbeStats = { integers: 0, numbers: 0, unreached: 0, unreachedFields: [] };
  const seen = new Set<string>();
  for (const kind of converted.kinds) {
    const positions = collectPositions(kind.schema, converted.definitions, seen, (schema) =>
      types(schema).includes("number"),
    );
    if (positions.length === 0) continue;
    const validate = kind.validatorFile === undefined ? undefined : await loadValidator(kind.validatorFile);
    for (const position of positions) {
      if (validate === undefined || errorsAt(validate, position.path, true).length === 0) {
        stats.unreached++;
        stats.unreachedFields.push(`${kind.group}/${kind.version}/${kind.kind}:${position.path.join(".")}`);
        continue;
      }
      const integer = errorsAt(validate, position.path, 0.5).some(
        (error) => error.keyword === "type" && String(error.params.type).split(",").includes("integer"),
      );
      if (integer) {
        position.schema.type = types(position.schema).map((type) => (type === "number" ? "integer" : type));
        if (position.schema.type.length === 1 && position.schema.type[0] !== undefined) {
          position.schema.type = position.schema.type[0];
        }
        stats.integers++;
      } else {
        stats.numbers++;
      }
    }
  }
  return stats;
}
