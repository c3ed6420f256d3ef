import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { GrpcGkeError } from "@grpc-gke/manifest/errors";
import ts from "typescript";
import type { JsonSchema } from "./json-schema.ts";
import { nullable } from "./json-schema.ts";
import type { SourcePackage } from "./sources.ts";
import { NOT_SERVED_IN_TARGET } from "./sources.ts";

/** A kind found in a source package: an exported interface with literal `apiVersion` and `kind`. */
export interface RootKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly builtin: boolean;
  readonly source: string;
  /** The compiled ajv validator the package ships for this kind (used to recover integer types). */
  readonly validatorFile: string | undefined;
  /** The kind's schema; its `$ref`s point into `definitions` (shared, see ConvertedKinds). */
  readonly schema: JsonSchema;
}

export interface ConvertedKinds {
  readonly kinds: RootKind[];
  /** Named interfaces, shared by all kinds, keyed like "core.v1.PodSpec". */
  readonly definitions: Map<string, JsonSchema>;
}

export class SourcePackageNotFoundError extends GrpcGkeError {
  override readonly name = "SourcePackageNotFoundError";
  declare readonly reason: "package-missing";
  readonly packageName: string;
  constructor(packageName: string, searched: string) {
    super(`npm package ${packageName} is not installed (looked for it from ${searched})`, {
      reason: "package-missing",
      fix: "run `npm ci` at the repository root",
    });
    this.packageName = packageName;
  }
}

export class UnsupportedDeclarationError extends GrpcGkeError {
  override readonly name = "UnsupportedDeclarationError";
  declare readonly reason: "unsupported-declaration";
  readonly where: string;
  constructor(where: string, typeText: string) {
    super(`cannot turn the TypeScript type \`${typeText}\` at ${where} into a JSON Schema`, {
      reason: "unsupported-declaration",
      fix: "teach packages/schemas/src/declarations.ts this type shape, then run `npm run schemas`",
    });
    this.where = where;
  }
}

/** Finds an installed package's folder by walking up node_modules folders from this file. */
export function packageDir(name: string, from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) {
      return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new SourcePackageNotFoundError(name, from);
    }
    dir = parent;
  }
}

export function packageVersion(dir: string): string {
  const parsed: unknown = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (
    typeof parsed === "object" &&
    parsed !== null &&
    "version" in parsed &&
    typeof parsed.version === "string"
  ) {
    return parsed.version;
  }
  return "unknown";
}

const STABLE_VERSION = /^v\d+$/;

interface Candidate {
  readonly file: string;
  readonly group: string;
  readonly version: string;
  readonly source: SourcePackage;
  readonly root: string;
}

function listCandidates(source: SourcePackage): Candidate[] {
  const root = packageDir(source.name);
  const candidates: Candidate[] = [];
  for (const group of source.groups) {
    const groupDir = group === "" ? root : join(root, group);
    const versions = readdirSync(groupDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && /^v\d+((alpha|beta)\d+)?$/.test(entry.name))
      .map((entry) => entry.name)
      .filter((version) => !source.stableOnly || STABLE_VERSION.test(version))
      .sort();
    for (const version of versions) {
      const files = readdirSync(join(groupDir, version))
        .filter((name) => name.endsWith(".d.ts") && name !== "index.d.ts" && !name.startsWith("IoK8s"))
        .sort();
      for (const name of files) {
        candidates.push({ file: join(groupDir, version, name), group, version, source, root });
      }
    }
  }
  return candidates;
}

/** Turns a declaration file path into a definition key: "apps/v1/DeploymentSpec.d.ts" → "apps.v1.DeploymentSpec". */
function definitionKey(file: string): string {
  const marker = `${sep}node_modules${sep}`;
  const inModules = file.slice(file.lastIndexOf(marker) + marker.length);
  const parts = inModules.replace(/\.d\.ts$/, "").split(sep);
  const packageParts = parts[0]?.startsWith("@") ? 2 : 1;
  const packageName = parts.slice(0, packageParts).join("/");
  const rest = parts.slice(packageParts);
  if (packageName === "kubernetes-models" && rest[0] === "v1") {
    rest.unshift("core");
  }
  if (packageName === "@kubernetes-models/apimachinery" && rest[0] === "apis") {
    rest.shift();
  }
  return rest.join(".");
}

function description(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): string | undefined {
  if (symbol === undefined) return undefined;
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  return text === "" ? undefined : text;
}

function withDescription(schema: JsonSchema, text: string | undefined): JsonSchema {
  if (text === undefined || schema.$ref !== undefined) {
    return schema;
  }
  return { description: text, ...schema };
}

class Converter {
  readonly definitions = new Map<string, JsonSchema>();
  readonly #checker: ts.TypeChecker;
  readonly #pending = new Set<string>();

  constructor(checker: ts.TypeChecker) {
    this.#checker = checker;
  }

  /**
   * The schema of an object type's own fields (properties, index signature). Several types are merged: CRD
   * `oneOf`s (which field of a group is set) arrive as unions of object types; the schema takes every field of
   * every member (unknown fields stay errors) and requires only the fields every member requires.
   */
  objectSchema(types: readonly ts.Type[], where: string): JsonSchema {
    const checker = this.#checker;
    const properties: Record<string, JsonSchema> = {};
    const requiredCount = new Map<string, number>();
    let index: ts.IndexInfo | undefined;
    for (const type of types) {
      for (const property of checker.getPropertiesOfType(type)) {
        const declaration = property.valueDeclaration ?? property.declarations?.[0];
        if (declaration === undefined) {
          throw new UnsupportedDeclarationError(`${where}.${property.name}`, "property without declaration");
        }
        if ((property.flags & ts.SymbolFlags.Optional) === 0) {
          requiredCount.set(property.name, (requiredCount.get(property.name) ?? 0) + 1);
        }
        if (properties[property.name] !== undefined) continue;
        const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration);
        properties[property.name] = withDescription(
          this.typeSchema(propertyType, `${where}.${property.name}`),
          description(property, checker),
        );
      }
      index ??= checker.getIndexInfoOfType(type, ts.IndexKind.String);
    }
    const required: string[] = [];
    for (const [name, schema] of Object.entries(properties)) {
      if (requiredCount.get(name) === types.length) {
        required.push(name);
      } else {
        properties[name] = nullable(schema);
      }
    }
    const names = Object.keys(properties);
    if (names.length === 0 && index === undefined) {
      // `{}` in the declarations: a free-form value (RawExtension, JSON, x-kubernetes-preserve-unknown-fields).
      return {};
    }
    const schema: JsonSchema = { type: "object" };
    if (names.length > 0) {
      schema.properties = properties;
    }
    if (required.length > 0) {
      schema.required = required;
    }
    schema.additionalProperties = index === undefined ? false : this.typeSchema(index.type, `${where}[*]`);
    return schema;
  }

  typeSchema(type: ts.Type, where: string): JsonSchema {
    const checker = this.#checker;
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
      return {};
    }
    if (flags & ts.TypeFlags.String) {
      return { type: "string" };
    }
    if (flags & ts.TypeFlags.Number) {
      // Refined to "integer" by probing the upstream validator (see probe.ts).
      return { type: "number" };
    }
    if (flags & ts.TypeFlags.Boolean) {
      return { type: "boolean" };
    }
    if (flags & ts.TypeFlags.StringLiteral) {
      return { type: "string", enum: [(type as ts.StringLiteralType).value] };
    }
    if (flags & ts.TypeFlags.NumberLiteral) {
      return { type: "number", enum: [(type as ts.NumberLiteralType).value] };
    }
    if (flags & ts.TypeFlags.BooleanLiteral) {
      return { type: "boolean" };
    }
    if (type.isUnion()) {
      return this.#unionSchema(type, where);
    }
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      if (element === undefined) {
        throw new UnsupportedDeclarationError(where, checker.typeToString(type));
      }
      return { type: "array", items: this.typeSchema(element, `${where}[]`) };
    }
    if (flags & ts.TypeFlags.Object) {
      const symbol = type.getSymbol();
      if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Interface) {
        return this.#named(type, symbol);
      }
      return this.objectSchema([type], where);
    }
    if (type.isIntersection()) {
      // `Array<A> & Array<B>`: a field declared in several members of a CRD oneOf.
      const arrays = type.types.filter((part) => checker.isArrayType(part));
      if (arrays.length > 0) {
        return this.#arraysSchema(arrays, where);
      }
      return this.objectSchema([type], where);
    }
    throw new UnsupportedDeclarationError(where, checker.typeToString(type));
  }

  #unionSchema(type: ts.UnionType, where: string): JsonSchema {
    const parts = type.types;
    if (parts.every((part) => part.flags & ts.TypeFlags.StringLiteral)) {
      const values = parts.map((part) => (part as ts.StringLiteralType).value).sort();
      return { type: "string", enum: values };
    }
    if (parts.every((part) => part.flags & ts.TypeFlags.NumberLiteral)) {
      const values = parts.map((part) => (part as ts.NumberLiteralType).value).sort((a, b) => a - b);
      return { type: "number", enum: values };
    }
    if (parts.every((part) => part.flags & ts.TypeFlags.BooleanLiteral)) {
      return { type: "boolean" };
    }
    const kinds = new Set(
      parts.map((part) => {
        if (part.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) return "string";
        if (part.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return "number";
        return "other";
      }),
    );
    if (parts.every((part) => this.#checker.isArrayType(part))) {
      return this.#arraysSchema(parts, where);
    }
    if (parts.every((part) => part.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection))) {
      return this.objectSchema(parts, where);
    }
    if (kinds.size === 2 && kinds.has("string") && kinds.has("number")) {
      // int-or-string and Quantity: both accepted. Probing narrows "number" to "integer" where upstream says so.
      return { type: ["number", "string"] };
    }
    throw new UnsupportedDeclarationError(where, this.#checker.typeToString(type));
  }

  #arraysSchema(arrays: readonly ts.Type[], where: string): JsonSchema {
    const elements = arrays.flatMap((array) => this.#checker.getTypeArguments(array as ts.TypeReference));
    const [first] = elements;
    if (first === undefined) {
      throw new UnsupportedDeclarationError(where, "array without element type");
    }
    const objects = elements.every(
      (element) => element.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection),
    );
    const items =
      elements.length > 1 && objects
        ? this.objectSchema(elements, `${where}[]`)
        : this.typeSchema(first, `${where}[]`);
    return { type: "array", items };
  }

  #named(type: ts.Type, symbol: ts.Symbol): JsonSchema {
    const declaration = symbol.declarations?.[0];
    if (declaration === undefined) {
      throw new UnsupportedDeclarationError(symbol.name, "interface without declaration");
    }
    const key = definitionKey(declaration.getSourceFile().fileName);
    const ref: JsonSchema = { $ref: `#/definitions/${key}` };
    if (this.definitions.has(key) || this.#pending.has(key)) {
      return ref; // first declaration wins: one ObjectMeta for all packages (see README)
    }
    this.#pending.add(key);
    const schema = withDescription(
      nullable(this.objectSchema([type], key)),
      description(symbol, this.#checker),
    );
    this.#pending.delete(key);
    this.definitions.set(key, schema);
    return ref;
  }
}

function literal(type: ts.Type | undefined): string | undefined {
  return type !== undefined && type.flags & ts.TypeFlags.StringLiteral
    ? (type as ts.StringLiteralType).value
    : undefined;
}

function validatorFile(declarationFile: string, packageRoot: string): string | undefined {
  const base = declarationFile.replace(/\.d\.ts$/, "");
  for (const runtime of [`${base}.mjs`, `${base}.js`]) {
    if (!existsSync(runtime)) continue;
    const match = /_schemas\/([A-Za-z0-9]+)/.exec(readFileSync(runtime, "utf8"));
    if (match?.[1] === undefined) continue;
    for (const extension of [".mjs", ".js"]) {
      const file = join(packageRoot, "_schemas", `${match[1]}${extension}`);
      if (existsSync(file)) return file;
    }
  }
  return undefined;
}

/** Reads the declarations of every source package and converts each kind to a JSON Schema. */
export function convertKinds(sources: readonly SourcePackage[]): ConvertedKinds {
  const candidates = sources.flatMap(listCandidates);
  const program = ts.createProgram({
    rootNames: candidates.map((candidate) => candidate.file),
    options: {
      noEmit: true,
      skipLibCheck: true,
      noResolve: false,
      types: [],
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strictNullChecks: false,
    },
  });
  const checker = program.getTypeChecker();
  const converter = new Converter(checker);
  const kinds: RootKind[] = [];
  for (const candidate of candidates) {
    const sourceFile = program.getSourceFile(candidate.file);
    if (sourceFile === undefined) continue;
    const name = candidate.file.slice(candidate.file.lastIndexOf(sep) + 1).replace(/\.d\.ts$/, "");
    const declaration = sourceFile.statements.find(
      (statement): statement is ts.InterfaceDeclaration =>
        ts.isInterfaceDeclaration(statement) && statement.name.text === `I${name}`,
    );
    if (declaration === undefined) continue;
    const type = checker.getTypeAtLocation(declaration);
    const apiVersionSymbol = type.getProperty("apiVersion");
    const kindSymbol = type.getProperty("kind");
    const apiVersion =
      apiVersionSymbol && literal(checker.getTypeOfSymbolAtLocation(apiVersionSymbol, declaration));
    const kind = kindSymbol && literal(checker.getTypeOfSymbolAtLocation(kindSymbol, declaration));
    if (apiVersion === undefined || kind === undefined || kind.endsWith("List")) continue;
    if (candidate.source.builtin && NOT_SERVED_IN_TARGET.includes(`${apiVersion}/${kind}`)) continue;
    const where = `${apiVersion}/${kind}`;
    const schema = withDescription(
      converter.objectSchema([type], where),
      description(type.getSymbol(), checker),
    );
    kinds.push({
      group: candidate.group,
      version: candidate.version,
      kind,
      builtin: candidate.source.builtin,
      source: `${candidate.source.name}@${packageVersion(candidate.root)}/${relative(candidate.root, candidate.file)}`,
      validatorFile: validatorFile(candidate.file, candidate.root),
      schema,
    });
  }
  return { kinds, definitions: converter.definitions };
}
