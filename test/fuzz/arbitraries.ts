/**
 * The fuzzer's cases, generated from the chart's own values.schema.json (fast-check arbitraries): a variant the chart
 * ships (its defaults, a `ci/*-values.yaml` or an example, so every frontend and option is reached), a release name and
 * namespace, and a few mutations of its values, each at a path of the schema (the Kubernetes definitions it references
 * included: `affinity.nodeAffinity...`, `extraContainers[0].securityContext...`):
 *
 * - valid: a value the schema accepts there (every frontend's blocks, every option, contradictory combinations);
 * - near misses: a wrong type, an unknown key at any depth (a typo of a real key), a number out of range, an empty
 *   string, an invalid DNS name, non-ASCII text, a string YAML would read as something else (`yes`, `0755`, `a: b`, a
 *   newline), null for a block, another frontend's settings (its hosts, its on switches) beside the chosen one.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { CHART } from "../support/chart.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { readonly [keyword: string]: unknown };

/** One change to the values: a path (`[]` marks an array item, index 0) and the value put there. */
export interface Mutation {
  readonly kind: string;
  readonly path: readonly string[];
  readonly value: Json;
}

/** One fuzz case. */
export interface FuzzCase {
  /** `defaults`, `ci/<name>` or `examples/<name>`. */
  readonly variant: string;
  readonly release: string;
  readonly namespace: string;
  readonly mutations: readonly Mutation[];
}

const SCHEMA = JSON.parse(readFileSync(join(CHART, "values.schema.json"), "utf8")) as Schema;
const DEFINITIONS = (SCHEMA.definitions ?? {}) as Record<string, Schema>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A node with `$ref` (or the `allOf: [{$ref}]` wrapper of list items) replaced by the definition. */
export function resolve(node: Schema): Schema {
  let current = node;
  for (let hops = 0; hops < 10; hops++) {
    const ref = current.$ref;
    if (typeof ref === "string") {
      current = DEFINITIONS[ref.replace("#/definitions/", "")] ?? {};
      continue;
    }
    const allOf = current.allOf;
    if (Array.isArray(allOf) && allOf.length >= 1 && isSchema(allOf[0])) {
      // `allOf: [{$ref}, {properties: {name: {pattern}}}]`: the definition, with the extra constraints on its properties.
      const base = resolve(allOf[0]);
      const extra = allOf.slice(1).filter(isSchema);
      const properties = { ...(isSchema(base.properties) ? base.properties : {}) } as Record<string, Schema>;
      for (const more of extra)
        if (isSchema(more.properties)) Object.assign(properties, more.properties as Record<string, Schema>);
      return { ...base, properties };
    }
    break;
  }
  return current;
}

function types(node: Schema): string[] {
  const { type } = node;
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type.filter((entry): entry is string => typeof entry === "string");
  if (isSchema(node.properties) || isSchema(node.additionalProperties)) return ["object"];
  if (isSchema(node.items)) return ["array"];
  return [];
}

const WORDS = ["api", "grpc", "x", "value", "game-v1", "a.b", "abc123", "Name"];

/**
 * Control characters other than tab and newline cannot be written in a values file at all (YAML refuses them: helm
 * fails to read the file before the chart is involved), so no generated string holds one.
 */
const WRITABLE = (text: string): boolean =>
  [...text].every((char) => {
    const code = char.charCodeAt(0);
    return code === 9 || code === 10 || (code >= 32 && code !== 127);
  });

function stringArbitrary(node: Schema): fc.Arbitrary<Json> {
  const max = typeof node.maxLength === "number" ? node.maxLength : 40;
  if (typeof node.pattern === "string") {
    const pattern = new RegExp(node.pattern);
    return fc
      .stringMatching(pattern)
      .filter((text) => text.length <= max && WRITABLE(text))
      .map((text) => text);
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
    { weight: 1, arbitrary: fc.string({ maxLength: Math.min(max, 12) }).filter(WRITABLE) },
  );
}

/** A value the schema node accepts (bounded in size and depth). */
export function valueArbitrary(raw: Schema, depth = 0): fc.Arbitrary<Json> {
  const node = resolve(raw);
  if (Array.isArray(node.enum)) {
    const options = (node.enum as Json[]).filter((entry) => entry !== null);
    return options.length > 0 ? fc.constantFrom(...options) : fc.constant(null);
  }
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const alternatives = node[keyword];
    if (Array.isArray(alternatives))
      return fc.oneof(...alternatives.filter(isSchema).map((alt) => valueArbitrary(alt, depth)));
  }
  const kinds = types(node).filter((kind) => kind !== "null");
  if (kinds.length === 0) return fc.constantFrom<Json>("x", 1, true, {});
  return fc.oneof(...kinds.map((kind) => typedArbitrary(node, kind, depth)));
}

function typedArbitrary(node: Schema, kind: string, depth: number): fc.Arbitrary<Json> {
  switch (kind) {
    case "string":
      return stringArbitrary(node);
    case "integer": {
      const min = typeof node.minimum === "number" ? node.minimum : -5;
      const max = typeof node.maximum === "number" ? node.maximum : Math.max(min + 100_000, 100_000);
      return fc.oneof(
        fc.integer({ min, max: Math.min(max, min + 100) }),
        fc.integer({ min, max }),
        fc.constantFrom(...[min, max].filter((n) => Number.isSafeInteger(n))),
      );
    }
    case "number": {
      const min = typeof node.minimum === "number" ? node.minimum : -1000;
      const max = typeof node.maximum === "number" ? node.maximum : 1000;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case "boolean":
      return fc.boolean();
    case "array": {
      const items = isSchema(node.items) ? node.items : {};
      if (depth > 4) return fc.constant([]);
      return fc.array(valueArbitrary(items, depth + 1), {
        minLength: typeof node.minItems === "number" ? node.minItems : 0,
        maxLength: 2,
      });
    }
    case "object":
      return objectArbitrary(node, depth);
    default:
      return fc.constant(null);
  }
}

function objectArbitrary(node: Schema, depth: number): fc.Arbitrary<Json> {
  const properties = isSchema(node.properties) ? (node.properties as Record<string, Schema>) : {};
  const required = Array.isArray(node.required) ? (node.required as string[]) : [];
  const optional = Object.keys(properties).filter((key) => !required.includes(key));
  if (Object.keys(properties).length === 0) {
    if (isSchema(node.additionalProperties)) {
      const names = isSchema(node.propertyNames) ? node.propertyNames : { pattern: "^[a-z][a-z0-9-]{0,10}$" };
      return fc.dictionary(
        stringArbitrary(names) as fc.Arbitrary<string>,
        valueArbitrary(node.additionalProperties, depth + 1),
        { maxKeys: 2 },
      );
    }
    return fc.constant({});
  }
  const most = depth > 3 ? 0 : depth > 1 ? 1 : 3;
  return fc.subarray(optional, { maxLength: Math.min(most, optional.length) }).chain((picked) => {
    const keys = [...required, ...picked];
    return fc.record(
      Object.fromEntries(keys.map((key) => [key, valueArbitrary(properties[key] ?? {}, depth + 1)])),
    ) as fc.Arbitrary<Json>;
  });
}

/** A schema path: the keys down to a node (`[]` for an array's items), and the node. */
interface SchemaPath {
  readonly path: readonly string[];
  readonly node: Schema;
}

/** Every path of the schema, into the referenced definitions (each at most once along a path, to a bounded depth). */
function schemaPaths(): SchemaPath[] {
  const out: SchemaPath[] = [];
  const walk = (raw: Schema, path: string[], seen: ReadonlySet<string>): void => {
    if (path.length > 9) return;
    const ref = typeof raw.$ref === "string" ? raw.$ref : undefined;
    const wrapped = Array.isArray(raw.allOf) && isSchema(raw.allOf[0]) ? raw.allOf[0].$ref : undefined;
    const name = ref ?? (typeof wrapped === "string" ? wrapped : undefined);
    if (name !== undefined && seen.has(name)) return;
    const next = name === undefined ? seen : new Set([...seen, name]);
    const node = resolve(raw);
    if (path.length > 0) out.push({ path, node });
    if (isSchema(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) {
        // Keys kept only so that guard VALUES-MOVED can name their replacement.
        if (path.length === 0 && isSchema(child) && child.deprecated === true) continue;
        if (isSchema(child)) walk(child, [...path, key], next);
      }
    }
    if (isSchema(node.items)) walk(node.items, [...path, "[]"], next);
  };
  walk(SCHEMA, [], new Set());
  return out;
}

export const PATHS: readonly SchemaPath[] = schemaPaths();
const OBJECT_PATHS = PATHS.filter(({ node }) => types(node).includes("object"));
const STRING_PATHS = PATHS.filter(({ node }) => types(node).includes("string"));
const NUMBER_PATHS = PATHS.filter(({ node }) => types(node).some((t) => t === "integer" || t === "number"));
/** Paths near the top, where most values live (a uniform pick would land deep in the Kubernetes definitions). */
const SHALLOW = PATHS.filter(({ path }) => path.length <= 4);

/** Every variant the chart ships: its defaults, ci/*-values.yaml, examples/*.values.yaml. */
export const VARIANTS: readonly string[] = [
  "defaults",
  ...readdirSync(join(CHART, "ci"))
    .filter((file) => file.endsWith("-values.yaml"))
    .map((file) => `ci/${file.replace(/-values\.yaml$/, "")}`),
  ...readdirSync(join(CHART, "examples"))
    .filter((file) => file.endsWith(".values.yaml"))
    .map((file) => `examples/${file.replace(/\.values\.yaml$/, "")}`),
].sort();

/** The values file of a variant (undefined for the chart's defaults). */
export function variantFile(variant: string): string | undefined {
  if (variant === "defaults") return undefined;
  const [folder, name] = variant.split("/");
  return folder === "ci"
    ? join(CHART, "ci", `${name}-values.yaml`)
    : join(CHART, "examples", `${name}.values.yaml`);
}

const pathIn = (paths: readonly SchemaPath[]) => fc.constantFrom(...paths);

const HOSTILE: readonly string[] = [
  "yes",
  "on",
  "off",
  "no",
  "true",
  "null",
  "~",
  "0755",
  "1e3",
  "0x1F",
  ".inf",
  "a: b",
  "- x",
  "#x",
  "{x}",
  "[x]",
  "*x",
  "&x",
  "!x",
  "%x",
  "@x",
  "`x`",
  '"q"',
  "'q'",
  "line\nbreak",
  " padded ",
  "a\tb",
];
const BAD_DNS: readonly string[] = [
  "Bad_Name",
  "-leading",
  "trailing-",
  "a..b",
  "UPPER.example.com",
  "api.example.com.",
  "*.*.example.com",
  "x".repeat(64),
  `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}`,
  "has space",
  "https://api.example.com",
];
const NON_ASCII: readonly string[] = ["ünï", "名前", "grpc-☃", "é.example.com", "🚀"];

/** Keys that are typos of real ones (and a few plain strangers). */
function typo(key: string): fc.Arbitrary<string> {
  const variants = new Set<string>([
    key.slice(0, -1),
    `${key}s`,
    key.length > 3 ? key.slice(0, 2) + key.slice(3) : `${key}x`,
    key.toLowerCase() === key ? key.toUpperCase() : key.toLowerCase(),
    `${key[0] ?? "x"}${key}`,
  ]);
  variants.delete(key);
  variants.delete("");
  return fc.constantFrom(...variants, "enabeld", "foo", "nodeAfinity");
}

const wrongType = (node: Schema): fc.Arbitrary<Json> => {
  const kinds = types(node);
  const candidates: Json[] = [];
  if (!kinds.includes("string")) candidates.push("text", "");
  if (!kinds.includes("integer") && !kinds.includes("number")) candidates.push(7, -1);
  if (!kinds.includes("boolean")) candidates.push(true);
  if (!kinds.includes("object")) candidates.push({ key: "value" });
  if (!kinds.includes("array")) candidates.push(["item"]);
  if (kinds.includes("integer")) candidates.push(1.5, "5");
  return fc.constantFrom(...(candidates.length > 0 ? candidates : ["text"]));
};

const NODES = new Map(PATHS.map(({ path, node }) => [path.join("."), node]));

/** Puts `value` at `path` inside `into` (a fresh copy), creating maps on the way. */
function setIn(into: Json, path: readonly string[], value: Json): Json {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const base = typeof into === "object" && into !== null && !Array.isArray(into) ? into : {};
  return { ...base, [head]: setIn(base[head] ?? {}, rest, value) };
}

/**
 * A valid value at a path. Below a list (`extraContainers[0].securityContext...`) the whole list is set: one item the
 * schema accepts (its required keys included) with the value put inside it, since helm replaces lists whole.
 */
/**
 * extraObjects are the user's own manifests, passed through: the chart checks that each is one object with apiVersion
 * and kind (guard EXTRA-OBJECTS), not its fields (`grpc-gke check` validates those), so the fuzzer picks them from
 * manifests that are sound, or wrong in what the chart checks, rather than from the schema's `items: {}`.
 */
const EXTRA_OBJECTS: readonly Json[] = [
  [
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: '{{ include "grpc-gke.names.fullname" . }}-x' },
    },
  ],
  ["apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  key: value\n"],
  ["x"],
  ["kind: ConfigMap"],
  [{ kind: "ConfigMap", metadata: { name: "x" } }],
  [7],
  [null],
];

function validAt({ path, node }: SchemaPath): fc.Arbitrary<Mutation> {
  if (path[0] === "extraObjects")
    return fc
      .constantFrom(...EXTRA_OBJECTS)
      .map((value): Mutation => ({ kind: "valid", path: ["extraObjects"], value }));
  const item = path.indexOf("[]");
  if (item === -1 || item === path.length - 1)
    return valueArbitrary(node).map((value): Mutation => ({ kind: "valid", path, value }));
  const listPath = path.slice(0, item);
  const itemNode = NODES.get(path.slice(0, item + 1).join(".")) ?? {};
  const inner = path.slice(item + 1);
  return fc
    .tuple(valueArbitrary(itemNode), inner.includes("[]") ? fc.constant(null) : valueArbitrary(node))
    .map(
      ([base, value]): Mutation => ({
        kind: "valid",
        path: listPath,
        value: [inner.includes("[]") ? base : setIn(base, inner, value)],
      }),
    );
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 24,
    arbitrary: fc.oneof(pathIn(SHALLOW), pathIn(PATHS)).chain(validAt),
  },
  {
    weight: 2,
    arbitrary: pathIn(PATHS).chain(({ path, node }) =>
      wrongType(node).map((value): Mutation => ({ kind: "wrong-type", path, value })),
    ),
  },
  {
    weight: 2,
    arbitrary: pathIn(OBJECT_PATHS).chain(({ path, node }) => {
      const keys = isSchema(node.properties) ? Object.keys(node.properties) : ["key"];
      return fc
        .constantFrom(...(keys.length > 0 ? keys : ["key"]))
        .chain(typo)
        .map((key): Mutation => ({ kind: "unknown-key", path: [...path, key], value: "x" }));
    }),
  },
  {
    weight: 2,
    arbitrary: pathIn(NUMBER_PATHS).chain(({ path, node }) => {
      const min = typeof node.minimum === "number" ? node.minimum : 0;
      const max = typeof node.maximum === "number" ? node.maximum : 1_000_000;
      return fc
        .constantFrom<Json>(min - 1, max + 1, -1, 0, 1, 999_999_999_999, 2.5)
        .map((value): Mutation => ({ kind: "out-of-range", path, value }));
    }),
  },
  {
    weight: 1,
    arbitrary: pathIn(STRING_PATHS).map(({ path }): Mutation => ({ kind: "empty-string", path, value: "" })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(pathIn(STRING_PATHS), fc.constantFrom(...BAD_DNS))
      .map(([{ path }, value]): Mutation => ({ kind: "bad-dns", path, value })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(pathIn(STRING_PATHS), fc.constantFrom(...NON_ASCII))
      .map(([{ path }, value]): Mutation => ({ kind: "non-ascii", path, value })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(pathIn(STRING_PATHS), fc.constantFrom(...HOSTILE))
      .map(([{ path }, value]): Mutation => ({ kind: "yaml-hostile", path, value })),
  },
  {
    weight: 2,
    arbitrary: pathIn(OBJECT_PATHS.filter(({ path }) => path.length <= 3)).map(
      ({ path }): Mutation => ({ kind: "null-block", path, value: null }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<[string[], Json]>(
        [["frontend"], "gkeIngress"],
        [["frontend"], "gkeGateway"],
        [["frontend"], "nginx"],
        [["frontend"], "istio"],
        [["frontend"], "inCluster"],
        [["frontend"], "none"],
        [["gkeIngress", "ingress", "enabled"], true],
        [["gkeIngress", "managedCertificate", "domains"], ["api.example.com"]],
        [["nginx", "ingress", "hosts"], [{ host: "api.example.com" }]],
        [["istio", "hosts"], ["api.example.com"]],
        [["istio", "esp", "enabled"], true],
        [["gkeGateway", "route", "hostnames"], ["api.example.com"]],
        [["gkeGateway", "backendPolicy", "iap", "enabled"], true],
        [["clientSideBalancing", "enabled"], true],
        [["networkPolicy", "enabled"], true],
        [["backendTLS", "mode"], "disabled"],
        [["app", "preset"], "generic"],
        [["probes", "type"], "grpc"],
        [["ports", "metrics"], 9090],
        [["metrics", "podMonitoring", "enabled"], true],
        [["autoscaling", "enabled"], true],
      )
      .map(([path, value]): Mutation => ({ kind: "combination", path, value })),
  },
);

export const caseArbitrary: fc.Arbitrary<FuzzCase> = fc.record({
  variant: fc.constantFrom(...VARIANTS),
  release: fc.oneof(
    { weight: 20, arbitrary: fc.constant("gunstars") },
    { weight: 1, arbitrary: fc.constantFrom("grpc", "my-grpc-gke", "1abc", "a.b", "x".repeat(53), "Ünï") },
  ),
  namespace: fc.oneof(
    { weight: 20, arbitrary: fc.constant("games") },
    { weight: 1, arbitrary: fc.constantFrom("default", "Games", "ns.dots", "123", "ünï", "y".repeat(64)) },
  ),
  mutations: fc.oneof(
    { weight: 1, arbitrary: fc.array(mutation, { minLength: 0, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }) },
  ),
});

/** The inline values of a case: its mutations applied in order to an empty tree (helm merges them over the variant). */
export function overridesOf(fuzzCase: FuzzCase): { [key: string]: Json } {
  const root: { [key: string]: Json } = {};
  for (const { path, value } of fuzzCase.mutations) {
    let container: { [key: string]: Json } | Json[] = root;
    for (const [index, segment] of path.entries()) {
      const last = index === path.length - 1;
      const key: string | number = segment === "[]" ? 0 : segment;
      const nextSegment = path[index + 1];
      const get = (): Json | undefined =>
        Array.isArray(container)
          ? container[key as number]
          : (container as Record<string, Json>)[key as string];
      const put = (next: Json): void => {
        if (Array.isArray(container)) container[key as number] = next;
        else (container as Record<string, Json>)[key as string] = next;
      };
      if (last) {
        put(structuredClone(value));
        break;
      }
      let next = get();
      const wantArray = nextSegment === "[]";
      if (
        wantArray ? !Array.isArray(next) : typeof next !== "object" || next === null || Array.isArray(next)
      ) {
        next = wantArray ? [] : {};
        put(next);
      }
      container = next as { [key: string]: Json } | Json[];
    }
  }
  return root;
}
