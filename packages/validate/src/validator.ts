import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";
import { cacheFolder, keepCodeCache, loadCommonJs } from "@grpc-gke/code-cache";
import {
  BUILTIN_FOLDER_PATTERN,
  builtinFolder as builtinFolderName,
  describeObject,
  GrpcGkeError,
  joinPath,
  KUBERNETES_VERSION,
  kindNameProblem,
  type Problem,
  pathFromPointer,
  type RenderedDocument,
  SCHEMA_ROOT,
  schemaPathCandidates,
  splitApiVersion,
} from "@grpc-gke/manifest";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { LENIENT_AJV_OPTIONS, STRICT_AJV_OPTIONS } from "./ajv-options.ts";
import { removedApi } from "./removed-apis.ts";
import { constant, isRecord } from "./schema-fields.ts";
import { closest, describeValue, typeFix, typeWords } from "./words.ts";

export interface ValidatorOptions {
  /** Folder in kubeconform's layout (`@grpc-gke/manifest/layout`); defaults to the repository's `schemas/`. */
  readonly schemaRoot?: string;
  /**
   * Where to look for schemas, in order, like kubeconform's `-schema-location`: `default` (the bundled
   * schemas, or `schemaRoot`), a folder in the layout `npm run schemas` and `grpc-gke schemas import` write, or
   * a file path template with kubeconform's variables (`{{.Group}}`, `{{.ResourceKind}}`,
   * `{{.ResourceAPIVersion}}`, `{{.KindSuffix}}`, `{{.NormalizedKubernetesVersion}}`, `{{.StrictSuffix}}`,
   * `{{.KubernetesVersion}}`). Local paths only. Defaults to `["default"]`.
   */
  readonly schemaLocations?: readonly string[];
  /** Relative locations are resolved against this folder (the CLI's working directory). */
  readonly cwd?: string;
  /** Picks `v<version>-standalone-strict/` for built-in kinds; defaults to the version the schemas are generated for. */
  readonly kubernetesVersion?: string;
  /**
   * Use the validators compiled at build time (`compiled/`, see compile.ts) for the bundled schemas; on by
   * default. Off, or for a `schemaRoot` of one's own, every schema is compiled with ajv when first needed.
   */
  readonly precompiled?: boolean;
  /**
   * A folder for V8 code caches of the precompiled validators (@grpc-gke/code-cache): a process then runs the
   * validators earlier runs used without compiling them. Off by default (the CLI turns it on).
   */
  readonly codeCache?: string;
}

export interface Validator {
  /** Every problem in the documents; an empty list means all of them are valid. */
  validate(documents: readonly RenderedDocument[]): Problem[];
  /** The problems of one object (for streams: nothing of the object is kept). */
  validateDocument(document: RenderedDocument): Problem[];
  /**
   * Loads (or compiles) the schema of an apiVersion/kind ahead of the first object of that kind, e.g. while helm
   * renders; true when there is one. Validation does the same on first use: this only moves the cost earlier.
   */
  prepare(apiVersion: string, kind: string): boolean;
  /** Every "apiVersion/Kind" the bundled (or `schemaRoot`) schemas cover, sorted. */
  kinds(): string[];
  /** How many schemas have been compiled so far (each apiVersion/kind is compiled at most once). */
  compiledCount(): number;
}

export type SchemaRootReason =
  | "schema-root-missing"
  | "kubernetes-version-missing"
  | "schema-location-remote"
  | "schema-location-missing";

/** A schema location that cannot be used: missing, remote, or without the Kubernetes version. */
export class SchemaRootError extends GrpcGkeError {
  override readonly name = "SchemaRootError";
  declare readonly reason: SchemaRootReason;
  readonly schemaRoot: string;
  constructor(reason: SchemaRootReason, schemaRoot: string, problem: string, fix: string) {
    super(`${problem}\nFix: ${fix}`, { reason, fix });
    this.schemaRoot = schemaRoot;
  }
}

/** A schema file that is not valid JSON or not a schema ajv can compile. */
export class SchemaFileError extends GrpcGkeError {
  override readonly name = "SchemaFileError";
  declare readonly reason: "schema-file-invalid";
  readonly file: string;
  constructor(file: string, cause: unknown, fix = "regenerate the schemas with `npm run schemas`") {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`cannot use schema ${file}: ${why}`, { reason: "schema-file-invalid", fix }, { cause });
    this.file = file;
  }
}

const require = createRequire(import.meta.url);

/** ajv itself, loaded only when a schema must be compiled at run time (the bundled ones are precompiled). */
function newAjv(options: typeof STRICT_AJV_OPTIONS | typeof LENIENT_AJV_OPTIONS): Ajv {
  const { Ajv: AjvClass } = require("ajv") as typeof import("ajv");
  return new AjvClass(options);
}

/** The build-time validators of the bundled schemas: `apiVersion/kind` → module (compiled/index.json). */
interface Precompiled {
  readonly dir: string;
  /** The fingerprint of everything the modules were compiled from (compile.ts `inputFingerprint`). */
  readonly inputs: string;
  readonly kinds: Readonly<Record<string, { readonly module: string }>>;
}

let precompiledIndex: Precompiled | null | undefined;

/** compiled/index.json, read once per process; null when it is missing (then schemas are compiled at run time). */
function loadPrecompiled(): Precompiled | null {
  if (precompiledIndex !== undefined) return precompiledIndex;
  const dir = join(import.meta.dirname, "..", "compiled");
  try {
    const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as Precompiled;
    precompiledIndex = { dir, inputs: index.inputs, kinds: index.kinds };
  } catch {
    precompiledIndex = null;
  }
  return precompiledIndex;
}

/** One place to look for schemas: a folder in the product's layout, or a kubeconform path template. */
interface Location {
  readonly label: string;
  /** The bundled schemas (or `schemaRoot`): generated by us, compiled strictly. */
  readonly bundled: boolean;
  candidates(apiVersion: string, kind: string): string[];
}

/** kubeconform's template variables for an apiVersion/kind (its registry.go `schemaPath`). */
function templatePath(template: string, apiVersion: string, kind: string, kubernetesVersion: string): string {
  const { group, version } = splitApiVersion(apiVersion);
  const values: Record<string, string> = {
    NormalizedKubernetesVersion: `v${kubernetesVersion}`,
    KubernetesVersion: kubernetesVersion,
    StrictSuffix: "-strict",
    ResourceKind: kind.toLowerCase(),
    ResourceAPIVersion: version,
    Group: group,
    KindSuffix: group === "" ? `-${version}` : `-${group.split(".")[0]}-${version}`,
  };
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

function makeLocation(spec: string, defaultRoot: string, cwd: string, kubernetesVersion: string): Location {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
    throw new SchemaRootError(
      "schema-location-remote",
      spec,
      `--schema-location ${spec}: remote schema locations are not read (grpc-gke validate never uses the network)`,
      "download the schemas and pass the local folder or a path template",
    );
  }
  if (spec === "default") {
    return {
      label: defaultRoot,
      bundled: true,
      candidates: (apiVersion, kind) =>
        schemaPathCandidates(apiVersion, kind, kubernetesVersion).map((file) => join(defaultRoot, file)),
    };
  }
  const path = isAbsolute(spec) ? spec : resolve(cwd, spec);
  if (spec.includes("{{")) {
    return {
      label: path,
      bundled: false,
      candidates: (apiVersion, kind) => [templatePath(path, apiVersion, kind, kubernetesVersion)],
    };
  }
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new SchemaRootError(
      "schema-location-missing",
      path,
      `--schema-location ${spec}: ${path} is not a folder`,
      "give a folder of schemas (as `grpc-gke schemas import --out` writes) or a path template with {{.ResourceKind}}",
    );
  }
  return {
    label: path,
    bundled: false,
    candidates: (apiVersion, kind) =>
      schemaPathCandidates(apiVersion, kind, kubernetesVersion).map((file) => join(path, file)),
  };
}

export function createValidator(options: ValidatorOptions = {}): Validator {
  const schemaRoot = options.schemaRoot ?? SCHEMA_ROOT;
  const kubernetesVersion = (options.kubernetesVersion ?? KUBERNETES_VERSION).replace(/^v/, "");
  const specs = options.schemaLocations ?? ["default"];
  const builtinFolder = join(schemaRoot, builtinFolderName(kubernetesVersion));
  if (specs.includes("default")) {
    if (!existsSync(schemaRoot)) {
      throw new SchemaRootError(
        "schema-root-missing",
        schemaRoot,
        `schema folder ${schemaRoot} does not exist`,
        "pass the folder that holds the generated schemas, or run `npm run schemas` in the grpc-gke repository",
      );
    }
    if (!existsSync(builtinFolder)) {
      const available = readdirSync(schemaRoot)
        .map((name) => BUILTIN_FOLDER_PATTERN.exec(name)?.[1])
        .filter((version): version is string => version !== undefined);
      throw new SchemaRootError(
        "kubernetes-version-missing",
        schemaRoot,
        `there are no schemas for Kubernetes ${kubernetesVersion} in ${schemaRoot}`,
        `use one of the Kubernetes versions there are schemas for: ${available.join(", ") || "(none)"}`,
      );
    }
  }
  const locations = specs.map((spec) =>
    makeLocation(spec, schemaRoot, options.cwd ?? process.cwd(), kubernetesVersion),
  );
  // The build-time validators are of the repository's schemas for the version they are published for.
  const precompiled =
    options.precompiled !== false &&
    resolve(schemaRoot) === resolve(SCHEMA_ROOT) &&
    builtinFolderName(kubernetesVersion) === builtinFolderName(KUBERNETES_VERSION)
      ? loadPrecompiled()
      : null;
  // One folder per compiled set: new validators never meet the caches of old ones (code-cache.js).
  const codeCache =
    precompiled === null || options.codeCache === undefined
      ? undefined
      : cacheFolder(options.codeCache, precompiled.inputs.slice(0, 16));

  // The bundled schemas are ours: compiled strictly. Others (imported, kubeconform's, the CRDs-catalog) may
  // carry OpenAPI keywords and formats ajv does not know: compiled leniently, formats not checked.
  let strictAjv: Ajv | undefined;
  let lenientAjv: Ajv | undefined;
  const compiled = new Map<string, ValidateFunction | undefined>();
  let compiledCount = 0;

  /**
   * The bundled schemas are standalone (each file embeds the definitions it uses, for kubeconform), but every
   * file's `definitions` come from the generator's one set: `core.v1.PodSpec` is the same in the Deployment,
   * StatefulSet and Job files. Each definition is added to ajv once, as its own schema, and the files' internal
   * references point at it, so ajv compiles a definition once for all kinds (far less code and memory than one
   * copy of PodSpec per workload kind).
   */
  const sharedDefinitions = new Set<string>();
  const definitionId = (key: string): string => `urn:grpc-gke:definition:${encodeURIComponent(key)}`;
  function shareDefinitions(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(shareDefinitions);
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === "definitions") continue;
      out[key] =
        key === "$ref" && typeof child === "string" && child.startsWith("#/definitions/")
          ? definitionId(child.slice("#/definitions/".length))
          : shareDefinitions(child);
    }
    return out;
  }

  function compile(file: string, bundled: boolean, schema: Record<string, unknown>): ValidateFunction {
    try {
      if (bundled) {
        const definitions = isRecord(schema.definitions) ? schema.definitions : {};
        strictAjv ??= newAjv(STRICT_AJV_OPTIONS);
        for (const [key, definition] of Object.entries(definitions)) {
          if (sharedDefinitions.has(key)) continue;
          sharedDefinitions.add(key);
          strictAjv.addSchema({ $id: definitionId(key), ...(shareDefinitions(definition) as object) });
        }
        return strictAjv.compile(shareDefinitions(schema) as object);
      }
      lenientAjv ??= newAjv(LENIENT_AJV_OPTIONS);
      return lenientAjv.compile(schema);
    } catch (error) {
      throw new SchemaFileError(
        file,
        error,
        bundled
          ? undefined
          : "fix or regenerate that schema file (grpc-gke schemas import writes valid ones)",
      );
    }
  }

  function schemaFor(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = `${apiVersion}/${kind}`;
    if (compiled.has(key)) return compiled.get(key);
    let validate: ValidateFunction | undefined;
    search: for (const location of locations) {
      if (location.bundled && precompiled !== null) {
        // The index holds exactly the apiVersion/kinds whose file the lookup below would find (compile.ts).
        const entry = Object.hasOwn(precompiled.kinds, key) ? precompiled.kinds[key] : undefined;
        if (entry === undefined) continue;
        const module = join(precompiled.dir, entry.module);
        validate = (
          codeCache === undefined
            ? require(module)
            : loadCommonJs(module, join(codeCache, entry.module.replace(/\.cjs$/, ".cache")), {
                keep: "used",
              })
        ) as ValidateFunction;
        compiledCount++;
        break;
      }
      for (const file of location.candidates(apiVersion, kind)) {
        if (!existsSync(file) || !statSync(file).isFile()) continue;
        let schema: unknown;
        try {
          schema = JSON.parse(readFileSync(file, "utf8"));
        } catch (error) {
          throw new SchemaFileError(file, error);
        }
        // A built-in file of the same name may belong to another group ("networking" is the first label of
        // networking.k8s.io and networking.istio.io): use it only if it declares this apiVersion and kind (a
        // schema from elsewhere that declares neither is taken as found).
        const declaredVersion = constant(schema, "apiVersion");
        const declaredKind = constant(schema, "kind");
        if (
          (declaredVersion !== undefined && declaredVersion !== apiVersion) ||
          (declaredKind !== undefined && declaredKind !== kind)
        ) {
          continue;
        }
        if (!isRecord(schema)) throw new SchemaFileError(file, new Error("not a JSON object"));
        validate = compile(file, location.bundled, schema);
        compiledCount++;
        break search;
      }
    }
    compiled.set(key, validate);
    return validate;
  }

  function unknownKind(document: RenderedDocument, object: string): Problem {
    const { apiVersion, kind } = document.object;
    const base = {
      severity: "error",
      check: "unknown-kind",
      object,
      source: document.source,
      path: "",
    } as const;
    const invalid = kindNameProblem(apiVersion, kind);
    if (invalid !== undefined) {
      return {
        ...base,
        path: invalid.startsWith("apiVersion") ? "apiVersion" : "kind",
        message: `${invalid}; no Kubernetes kind has that name, so it has no schema`,
        fix: "write the apiVersion as <group>/<version> (or v1 for the core group) and the kind in CamelCase, e.g. apiVersion: apps/v1, kind: Deployment",
      };
    }
    const removed = removedApi(apiVersion, kind);
    if (removed !== undefined) {
      return {
        ...base,
        path: "apiVersion",
        message: `${kind} ${apiVersion} is no longer served: Kubernetes ${removed.removedIn} removed it${
          removed.replacement === undefined ? "" : `; ${kind} is served as ${removed.replacement}`
        }`,
        fix:
          removed.replacement === undefined
            ? (removed.note ?? "remove the object")
            : `set apiVersion: ${removed.replacement} and apply the changes the migration guide lists for it`,
        link: "https://kubernetes.io/docs/reference/using-api/deprecation-guide/",
      };
    }
    const looked = locations
      .map((location) => location.candidates(apiVersion, kind).join(" or "))
      .join(", then ");
    return {
      ...base,
      message: `no schema for apiVersion \`${apiVersion}\`, kind \`${kind}\` (looked for ${looked}); it cannot be checked`,
      fix: "fix the apiVersion/kind if it is misspelled; for a custom resource, import its CRD (`grpc-gke schemas import crds.yaml --out DIR`, then `--schema-location default --schema-location DIR`) or remove the object",
    };
  }

  function toProblem(error: ErrorObject, document: RenderedDocument, object: string): Problem {
    const base = { severity: "error", check: "schema", object, source: document.source } as const;
    const path = pathFromPointer(error.instancePath, document.object);
    const at = path === "" ? "the object" : `\`${path}\``;
    const limit = Number(error.params.limit);
    switch (error.keyword) {
      case "additionalProperties": {
        const field = String(error.params.additionalProperty);
        const known =
          isRecord(error.parentSchema) && isRecord(error.parentSchema.properties)
            ? Object.keys(error.parentSchema.properties)
            : [];
        const suggestion = closest(field, known);
        const merge =
          field === "<<" ? " (a YAML merge key: write it `<<: *anchor` with an anchor defined above)" : "";
        return {
          ...base,
          path: joinPath(path, field),
          message: `unknown field \`${field}\` (not in the schema${suggestion === undefined ? "" : `; did you mean \`${suggestion}\`?`})${merge}`,
          fix:
            suggestion === undefined
              ? `remove \`${field}\` or move it where it belongs; fields allowed here: ${known.join(", ") || "(none)"}`
              : `rename \`${field}\` to \`${suggestion}\``,
        };
      }
      case "required": {
        const field = String(error.params.missingProperty);
        return {
          ...base,
          path: joinPath(path, field),
          message: `missing required field \`${field}\``,
          fix: `add \`${field}\`${path === "" ? "" : ` under \`${path}\``}`,
        };
      }
      case "not":
        // The only `not` the generated schemas use is `not: {type: null}` on required references.
        return {
          ...base,
          path,
          message:
            error.data === null
              ? "must not be null: the field is required, and null counts as missing (a template or include that rendered nothing leaves it empty)"
              : `must not be ${describeValue(error.data)}`,
          fix: `give ${at} a value, or fix the template that renders it`,
        };
      case "type": {
        const expected = typeWords(error.params.type);
        return {
          ...base,
          path,
          message: `must be ${expected}, got ${describeValue(error.data)}`,
          fix: typeFix(expected, error.data, path),
        };
      }
      case "enum": {
        const allowed = Array.isArray(error.params.allowedValues)
          ? error.params.allowedValues
              .filter((value: unknown) => value !== null)
              .map((value: unknown) => String(value))
          : [];
        const shown = allowed.map((value) => (value === "" ? '`""` (unset)' : `\`${value}\``));
        return {
          ...base,
          path,
          message: `must be one of ${shown.join(", ")}, got ${describeValue(error.data)}`,
          fix: `set ${at} to one of: ${allowed.filter((value) => value !== "").join(", ")}`,
        };
      }
      case "pattern":
        return {
          ...base,
          path,
          message: `${describeValue(error.data)} does not match the pattern ${String(error.params.pattern)}`,
          fix: `change ${at} to a value of the form the pattern describes`,
        };
      case "maxLength":
      case "minLength": {
        const length = typeof error.data === "string" ? [...error.data].length : undefined;
        const most = error.keyword === "maxLength" ? "at most" : "at least";
        return {
          ...base,
          path,
          message: `must be ${most} ${limit} characters long${length === undefined ? "" : `, got ${length}`}`,
          fix: `${error.keyword === "maxLength" ? "shorten" : "lengthen"} ${at} to ${most} ${limit} characters`,
        };
      }
      case "maximum":
      case "minimum":
      case "exclusiveMaximum":
      case "exclusiveMinimum":
        return {
          ...base,
          path,
          message: `must be ${String(error.params.comparison)} ${limit}, got ${describeValue(error.data)}`,
          fix: `set ${at} to a number ${String(error.params.comparison)} ${limit}`,
        };
      case "maxItems":
      case "minItems": {
        const count = Array.isArray(error.data) ? error.data.length : undefined;
        const most = error.keyword === "maxItems" ? "at most" : "at least";
        return {
          ...base,
          path,
          message: `must have ${most} ${limit} ${limit === 1 ? "item" : "items"}${count === undefined ? "" : `, got ${count}`}`,
          fix: `give ${at} ${most} ${limit} ${limit === 1 ? "item" : "items"}`,
        };
      }
      case "maxProperties":
      case "minProperties": {
        const most = error.keyword === "maxProperties" ? "at most" : "at least";
        return {
          ...base,
          path,
          message: `must have ${most} ${limit} ${limit === 1 ? "field" : "fields"}`,
          fix: `give ${at} ${most} ${limit} ${limit === 1 ? "field" : "fields"}`,
        };
      }
      case "uniqueItems":
        return {
          ...base,
          path,
          message: `items ${String(error.params.j)} and ${String(error.params.i)} are the same; the list must not repeat an item`,
          fix: `remove the repeated item from ${at}`,
        };
      default:
        return {
          ...base,
          path,
          message: `${error.message ?? "is not valid"} (${error.keyword})`,
          fix: `change ${at} so it satisfies the schema`,
        };
    }
  }

  function validateDocument(document: RenderedDocument): Problem[] {
    const object = describeObject(document.object);
    const { apiVersion, kind } = document.object;
    const validate =
      kindNameProblem(String(apiVersion), String(kind)) === undefined
        ? schemaFor(String(apiVersion), String(kind))
        : undefined;
    if (validate === undefined) return [unknownKind(document, object)];
    const valid = validate(document.object);
    // It ran: a code cache made now holds the functions it needed (a no-op without codeCache, or once kept).
    if (codeCache !== undefined) keepCodeCache(validate);
    if (valid) return [];
    return (validate.errors ?? []).map((error) => toProblem(error, document, object));
  }

  return {
    validateDocument,
    prepare: (apiVersion, kind) => schemaFor(apiVersion, kind) !== undefined,
    validate(documents) {
      return documents.flatMap(validateDocument);
    },
    kinds() {
      const found = new Set<string>();
      const folders = [
        builtinFolder,
        ...readdirSync(schemaRoot, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && !BUILTIN_FOLDER_PATTERN.test(entry.name))
          .map((entry) => join(schemaRoot, entry.name)),
      ];
      for (const folder of folders) {
        for (const name of readdirSync(folder)) {
          if (!name.endsWith(".json")) continue;
          const schema: unknown = JSON.parse(readFileSync(join(folder, name), "utf8"));
          const apiVersion = constant(schema, "apiVersion");
          const kind = constant(schema, "kind");
          if (apiVersion !== undefined && kind !== undefined) found.add(`${apiVersion}/${kind}`);
        }
      }
      return [...found].sort();
    },
    compiledCount() {
      return compiledCount;
    },
  };
}
