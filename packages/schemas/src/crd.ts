/**
 * CustomResourceDefinition → strict, standalone JSON Schema (draft-07), one per served version: what
 * `grpc-gke schemas import` writes from a cluster's own CRDs (`kubectl get crd -o yaml`), and how the generator
 * adds a whole kind from a CRD document (overlays.ts). It imports nothing heavy (no TypeScript compiler), so
 * the CLI can load it: `@grpc-gke/schemas/crd`.
 *
 * The conversion follows the API server's structural-schema semantics
 * (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/):
 *
 * - strict like kubeconform's `-strict`: an object with `properties` and no `additionalProperties` or
 *   `x-kubernetes-preserve-unknown-fields` refuses unknown fields (the API server prunes them or, with
 *   `--validate=strict`, refuses them);
 * - `nullable: true` accepts null; an optional field that is not nullable accepts null too, because the API
 *   server prunes such a null before validating ("null values for fields that either don't specify the nullable
 *   flag, or give it a false value, will be pruned before defaulting happens"), and a required one does not;
 * - `x-kubernetes-int-or-string` is `["integer", "string"]`; OpenAPI 3.0's boolean `exclusiveMinimum`/`Maximum`
 *   become draft-07 numbers;
 * - CEL rules (`x-kubernetes-validations`), `format` and `default` are not carried (neither ajv nor kubeconform
 *   runs CEL; Kubernetes formats are not JSON Schema's).
 */
import type { JsonSchema, JsonType } from "./json-schema.ts";

/** One kind version converted from a CRD. */
export interface CrdKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The CRD's metadata.name (`gcpbackendpolicies.networking.gke.io`). */
  readonly crd: string;
  /** The standalone schema file's content (without `$schema`/`$comment`, which the writer adds). */
  readonly schema: JsonSchema;
}

/** ObjectMeta for `metadata`: the definitions to embed and the key of ObjectMeta among them. */
export interface ObjectMetaSchema {
  readonly key: string;
  readonly definitions: Readonly<Record<string, JsonSchema>>;
}

/** A CRD that cannot be converted: names the CRD and the field. */
export class CrdError extends Error {
  override readonly name = "CrdError";
  readonly crd: string;
  readonly problem: string;
  constructor(crd: string, problem: string) {
    super(`CustomResourceDefinition ${crd}: ${problem}`);
    this.crd = crd;
    this.problem = problem;
  }
}

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const COPIED = [
  "description",
  "enum",
  "pattern",
  "maxLength",
  "minLength",
  "minimum",
  "maximum",
  "multipleOf",
  "maxItems",
  "minItems",
  "uniqueItems",
  "maxProperties",
  "minProperties",
] as const;

function withNull(schema: JsonSchema): JsonSchema {
  if (schema.type === undefined) return schema; // free-form: accepts null already
  const types: JsonType[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes("null")) return schema;
  const result: JsonSchema = { ...schema, type: [...types, "null"] };
  if (schema.enum !== undefined) result.enum = [...schema.enum, null];
  return result;
}

/**
 * Converts one openAPIV3Schema node. `branch` is true inside allOf/anyOf/oneOf/not, where structural schemas
 * hold only value validations: no strictness is added there.
 */
function convert(node: Node, where: string, crd: string, branch: boolean): JsonSchema {
  const schema: JsonSchema = {};
  for (const keyword of COPIED) {
    if (node[keyword] !== undefined) (schema as Record<string, unknown>)[keyword] = node[keyword];
  }
  // CRD patterns are Go RE2; one JavaScript cannot read (`(?i)...`) is left out rather than failing the schema.
  if (typeof schema.pattern === "string" && !isJsPattern(schema.pattern)) delete schema.pattern;
  const intOrString = node["x-kubernetes-int-or-string"] === true;
  if (intOrString) {
    schema.type = ["integer", "string"];
  } else if (typeof node.type === "string") {
    schema.type = node.type as JsonType;
  }
  if (node.exclusiveMinimum === true && typeof node.minimum === "number") {
    schema.exclusiveMinimum = node.minimum;
    delete schema.minimum;
  }
  if (node.exclusiveMaximum === true && typeof node.maximum === "number") {
    schema.exclusiveMaximum = node.maximum;
    delete schema.maximum;
  }
  const required = Array.isArray(node.required)
    ? node.required.filter((name): name is string => typeof name === "string")
    : [];
  if (isNode(node.properties)) {
    const properties: Record<string, JsonSchema> = {};
    for (const [name, child] of Object.entries(node.properties)) {
      if (!isNode(child)) throw new CrdError(crd, `${where}.${name} is not a schema object`);
      const converted = convert(child, `${where}.${name}`, crd, branch);
      properties[name] = required.includes(name) || branch ? converted : withNull(converted);
    }
    schema.properties = properties;
  }
  if (required.length > 0) schema.required = required;
  const preserve = node["x-kubernetes-preserve-unknown-fields"] === true;
  if (node["x-kubernetes-embedded-resource"] === true) {
    schema.properties = {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object" },
      ...schema.properties,
    };
  }
  if (isNode(node.additionalProperties)) {
    schema.additionalProperties = convert(node.additionalProperties, `${where}[*]`, crd, branch);
  } else if (typeof node.additionalProperties === "boolean") {
    schema.additionalProperties = node.additionalProperties;
  } else if (schema.properties !== undefined && !preserve && !branch) {
    schema.additionalProperties = false;
  }
  if (isNode(node.items)) schema.items = convert(node.items, `${where}[]`, crd, branch);
  for (const keyword of ["allOf", "anyOf", "oneOf"] as const) {
    const members = node[keyword];
    if (!Array.isArray(members)) continue;
    // int-or-string's own `anyOf: [{type: integer}, {type: string}]` is the type above.
    if (intOrString && keyword === "anyOf") continue;
    schema[keyword] = members.map((member, index) => {
      if (!isNode(member)) throw new CrdError(crd, `${where}.${keyword}[${index}] is not a schema object`);
      return convert(member, where, crd, true);
    });
  }
  if (isNode(node.not)) schema.not = convert(node.not, where, crd, true);
  if (node.nullable === true) return withNull(schema);
  return schema;
}

function isJsPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Every served version of a CRD (apiextensions.k8s.io/v1, or v1beta1's `spec.validation`) as a strict schema.
 * `objectMeta` gives `metadata` the ObjectMeta schema (without it, metadata is any object).
 */
export function crdToSchemas(crdObject: unknown, objectMeta?: ObjectMetaSchema): CrdKind[] {
  const root = isNode(crdObject) ? crdObject : {};
  const name = (isNode(root.metadata) ? text(root.metadata.name) : undefined) ?? "(unnamed)";
  if (root.kind !== "CustomResourceDefinition") {
    throw new CrdError(name, `is a ${String(root.kind)}, not a CustomResourceDefinition`);
  }
  const spec = isNode(root.spec) ? root.spec : {};
  const group = text(spec.group);
  const kind = isNode(spec.names) ? text(spec.names.kind) : undefined;
  if (group === undefined) throw new CrdError(name, "has no spec.group");
  if (kind === undefined) throw new CrdError(name, "has no spec.names.kind");
  const legacy = isNode(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
  const versions = Array.isArray(spec.versions)
    ? spec.versions.filter(isNode)
    : text(spec.version) === undefined
      ? []
      : [{ name: spec.version, served: true }];
  if (versions.length === 0) throw new CrdError(name, "has no spec.versions");
  const kinds: CrdKind[] = [];
  for (const entry of versions) {
    const version = text(entry.name);
    if (version === undefined) throw new CrdError(name, "has a version without a name");
    if (entry.served === false) continue;
    const openApi = (isNode(entry.schema) ? entry.schema.openAPIV3Schema : undefined) ?? legacy;
    const body: JsonSchema = isNode(openApi)
      ? convert(openApi, `${version}`, name, false)
      : { type: "object", properties: { spec: {}, status: {} } };
    const properties: Record<string, JsonSchema> = { ...body.properties };
    properties.apiVersion = { type: "string", enum: [`${group}/${version}`] };
    properties.kind = { type: "string", enum: [kind] };
    properties.metadata =
      objectMeta === undefined ? { type: ["object", "null"] } : { $ref: `#/definitions/${objectMeta.key}` };
    const schema: JsonSchema = {
      ...body,
      type: "object",
      properties: Object.fromEntries(Object.entries(properties).sort(([a], [b]) => a.localeCompare(b))),
      required: [...new Set(["apiVersion", "kind", ...(body.required ?? [])])],
      additionalProperties: false,
    };
    if (objectMeta !== undefined) schema.definitions = { ...objectMeta.definitions };
    kinds.push({ group, version, kind, crd: name, schema });
  }
  return kinds;
}

/**
 * ObjectMeta and the definitions it reaches, taken from any generated standalone schema that embeds it (e.g.
 * the ConfigMap schema), so imported CRDs check metadata exactly as the built-in kinds do.
 */
export function objectMetaFrom(standalone: JsonSchema, key = "meta.v1.ObjectMeta"): ObjectMetaSchema {
  const all = standalone.definitions ?? {};
  if (all[key] === undefined) throw new Error(`the schema has no definition ${key}`);
  const definitions: Record<string, JsonSchema> = {};
  const visit = (name: string): void => {
    const definition = all[name];
    if (definition === undefined || definitions[name] !== undefined) return;
    definitions[name] = definition;
    walkRefs(definition, visit);
  };
  visit(key);
  return { key, definitions };
}

/** Calls `found` with the definition key of every `$ref` inside a schema. */
export function walkRefs(schema: JsonSchema, found: (key: string) => void): void {
  if (schema.$ref !== undefined) found(schema.$ref.slice("#/definitions/".length));
  for (const child of Object.values(schema.properties ?? {})) walkRefs(child, found);
  if (typeof schema.additionalProperties === "object") walkRefs(schema.additionalProperties, found);
  if (schema.items !== undefined) walkRefs(schema.items, found);
  for (const member of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    walkRefs(member, found);
  }
  if (schema.not !== undefined) walkRefs(schema.not, found);
}
