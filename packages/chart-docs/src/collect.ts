import { isMap, isNode, isScalar, type YAMLMap } from "yaml";
import type { DocProblem } from "./errors.ts";
import { isStrict, properties, type SchemaNode, schemaType } from "./schema.ts";
import { commentDescription, keyName, renderDefault, yamlType } from "./values.ts";

/** One documented value: a values.yaml key with a `# --` comment. */
export interface ValueDoc {
  /** Dotted path, e.g. `backendConfig.healthCheck.type`. */
  readonly path: string;
  /** The `# --` comment, continuation lines joined with a space. */
  readonly description: string;
  /** The default from values.yaml as compact JSON (`nil` for null). */
  readonly default: string;
  /** The schema's type (`integer or string` for oneOf...), else the YAML value's type. */
  readonly type: string;
  /** The schema property of the value, undefined when the schema has none (reported as a problem). */
  readonly schema: SchemaNode | undefined;
}

export interface CollectFiles {
  readonly values: string;
  readonly schema: string;
}

/**
 * A group of values.yaml (a map without a `# --` comment of its own, the top level included) and its keys whose
 * default is not null: the schema requires them, so a value set to null, which helm deletes before it validates
 * (`image: null`), is refused with the key's name instead of crashing a template that reads the block.
 */
export interface RequiredKeys {
  readonly path: string;
  readonly node: SchemaNode;
  readonly keys: readonly string[];
}

export interface Collected {
  readonly values: readonly ValueDoc[];
  readonly problems: readonly DocProblem[];
  /** Every group with a schema node, in values.yaml order. */
  readonly required: readonly RequiredKeys[];
}

const join = (parent: string, key: string): string => (parent === "" ? key : `${parent}.${key}`);

/**
 * Walks values.yaml next to the schema.
 *
 * values.yaml objects are either *groups* (no `# --` comment of their own: each child is documented
 * separately; the top level is a group) or *documented values* (a `# --` comment on the key: the whole
 * object is the default, e.g. `podSecurityContext`). Rules:
 *  - every key in a group has a `# --` comment, or is a non-empty group itself ("undocumented");
 *  - every key in a group is a property of the group's schema, and every key inside a documented
 *    object is either a property or allowed by the schema's `additionalProperties` ("not-in-schema");
 *  - every schema property of a group has a default in values.yaml ("missing-from-values"). Not
 *    checked: properties of a documented object (optional fields such as `fsGroupChangePolicy`),
 *    properties below an object that is itself missing (reported once, at the missing object) and
 *    `items` of arrays.
 */
export function collect(root: YAMLMap, schema: SchemaNode, files: CollectFiles): Collected {
  const values: ValueDoc[] = [];
  const problems: DocProblem[] = [];
  const required: RequiredKeys[] = [];

  const notInSchema = (path: string, parent: string): void => {
    problems.push({
      kind: "not-in-schema",
      file: files.values,
      path,
      message: "the key is not a property of its object in values.schema.json",
      fix: `Add "${path.split(".").at(-1) ?? path}" to the properties of ${parent === "" ? "the schema root" : `"${parent}"`} in ${files.schema}, or remove the key from values.yaml.`,
    });
  };

  /** A `$ref` to the schema's own definitions (a Kubernetes object passed through), resolved. */
  const resolved = (node: SchemaNode): SchemaNode => {
    const ref = node.$ref;
    const definitions = schema.definitions;
    if (typeof ref !== "string" || !ref.startsWith("#/definitions/") || typeof definitions !== "object")
      return node;
    const target = (definitions as Record<string, unknown>)[ref.slice("#/definitions/".length)];
    return typeof target === "object" && target !== null ? (target as SchemaNode) : node;
  };

  const walkDocumented = (map: YAMLMap, path: string, given: SchemaNode | undefined): void => {
    if (given === undefined) return;
    const node = resolved(given);
    const props = properties(node);
    for (const pair of map.items) {
      const key = keyName(pair.key);
      const childPath = join(path, key);
      const child = props.get(key);
      if (child === undefined && isStrict(node)) notInSchema(childPath, path);
      if (isMap(pair.value)) walkDocumented(pair.value, childPath, child);
    }
  };

  const walkGroup = (map: YAMLMap, path: string, node: SchemaNode | undefined): void => {
    const props = node === undefined ? undefined : properties(node);
    const seen = new Set<string>();
    // A key the schema lets be null (`Null to omit`: keepAliveTimeoutSeconds, the HPA targets) stays optional.
    const nullable = (key: string): boolean => {
      const child = props?.get(key);
      const type = child?.type;
      return type === "null" || (Array.isArray(type) && type.includes("null"));
    };
    const nonNull = map.items
      .filter((pair) => pair.value !== null && !(isScalar(pair.value) && pair.value.value === null))
      .map((pair) => keyName(pair.key))
      .filter((key) => !nullable(key));
    if (node !== undefined) required.push({ path, node, keys: nonNull });
    for (const [index, pair] of map.items.entries()) {
      const key = keyName(pair.key);
      const childPath = join(path, key);
      seen.add(key);
      const child = props?.get(key);
      if (props !== undefined && child === undefined) notInSchema(childPath, path);
      // The `yaml` package attaches the comment above the first key of a nested mapping to the mapping.
      const comment =
        (isNode(pair.key) ? pair.key.commentBefore : undefined) ??
        (index === 0 ? map.commentBefore : undefined);
      const description = commentDescription(comment);
      if (description !== undefined && description !== "") {
        values.push({
          path: childPath,
          description,
          default: renderDefault(pair.value),
          type: (child === undefined ? undefined : schemaType(child)) ?? yamlType(pair.value),
          schema: child,
        });
        if (isMap(pair.value)) walkDocumented(pair.value, childPath, child);
      } else if (isMap(pair.value) && pair.value.items.length > 0) {
        walkGroup(pair.value, childPath, child);
      } else {
        problems.push({
          kind: "undocumented",
          file: files.values,
          path: childPath,
          message:
            description === "" ? "the value's `# --` comment is empty" : "the value has no `# --` comment",
          fix: `Add a \`# -- <description>\` comment line right above \`${key}:\` in values.yaml (continuation lines are plain \`# \` comments after it).`,
        });
      }
    }
    if (props === undefined) return;
    for (const [name, property] of props) {
      // A removed key the schema still accepts so that a guard can refuse it with the key that replaced it.
      if (seen.has(name) || property.deprecated === true) continue;
      const missing = join(path, name);
      problems.push({
        kind: "missing-from-values",
        file: files.schema,
        path: missing,
        message: `the schema declares "${missing}" but values.yaml has no default for it, so the README does not document it`,
        fix: `Add \`${name}:\` with its default and a \`# --\` comment under ${path === "" ? "the top level" : `\`${path}\``} in values.yaml, or remove the property from the schema.`,
      });
    }
  };

  walkGroup(root, "", schema);
  return { values, problems, required };
}
