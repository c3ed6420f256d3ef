import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  BUILTIN_FOLDER_PATTERN,
  builtinFolder as builtinFolderName,
  describeObject,
  GrpcGkeError,
  joinPath,
  KUBERNETES_VERSION,
  type Problem,
  pathFromPointer,
  type RenderedDocument,
  SCHEMA_ROOT,
  schemaPathCandidates,
} from "@grpc-gke/manifest";
import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv } from "ajv";
import { closest, describeValue, typeFix, typeWords } from "./words.ts";

export interface ValidatorOptions {
  /** Folder in kubeconform's layout (`@grpc-gke/manifest/layout`); defaults to the repository's `schemas/`. */
  readonly schemaRoot?: string;
  /** Picks `v<version>-standalone-strict/` for built-in kinds; defaults to the version the schemas are generated for. */
  readonly kubernetesVersion?: string;
}

export interface Validator {
  /** Every problem in the documents; an empty list means all of them are valid. */
  validate(documents: readonly RenderedDocument[]): Problem[];
  /** Every "apiVersion/Kind" there is a schema for, sorted. */
  kinds(): string[];
  /** How many schemas have been compiled so far (each apiVersion/kind is compiled at most once). */
  compiledCount(): number;
}

export type SchemaRootReason = "schema-root-missing" | "kubernetes-version-missing";

/** The schema folder, or the built-in folder for the Kubernetes version, does not exist. */
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
  constructor(file: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `cannot use schema ${file}: ${why}`,
      { reason: "schema-file-invalid", fix: "regenerate the schemas with `npm run schemas`" },
      { cause },
    );
    this.file = file;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function constant(schema: unknown, field: string): string | undefined {
  if (!isRecord(schema) || !isRecord(schema.properties)) return undefined;
  const property = schema.properties[field];
  if (!isRecord(property) || !Array.isArray(property.enum)) return undefined;
  const [value] = property.enum;
  return typeof value === "string" ? value : undefined;
}

export function createValidator(options: ValidatorOptions = {}): Validator {
  const schemaRoot = options.schemaRoot ?? SCHEMA_ROOT;
  const kubernetesVersion = (options.kubernetesVersion ?? KUBERNETES_VERSION).replace(/^v/, "");
  const builtinFolder = join(schemaRoot, builtinFolderName(kubernetesVersion));
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

  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  const compiled = new Map<string, ValidateFunction | undefined>();
  let compiledCount = 0;

  function schemaFor(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = `${apiVersion}/${kind}`;
    if (compiled.has(key)) return compiled.get(key);
    let validate: ValidateFunction | undefined;
    for (const relativeFile of schemaPathCandidates(apiVersion, kind, kubernetesVersion)) {
      const file = join(schemaRoot, relativeFile);
      if (!existsSync(file)) continue;
      try {
        const schema: unknown = JSON.parse(readFileSync(file, "utf8"));
        // A built-in file of the same name may belong to another group ("networking" is the first label of
        // networking.k8s.io and networking.istio.io): use it only if it declares this apiVersion and kind.
        if (constant(schema, "apiVersion") !== apiVersion || constant(schema, "kind") !== kind) continue;
        validate = ajv.compile(schema as object);
        compiledCount++;
      } catch (error) {
        throw new SchemaFileError(file, error);
      }
      break;
    }
    compiled.set(key, validate);
    return validate;
  }

  function unknownKind(document: RenderedDocument, object: string): Problem {
    const { apiVersion, kind } = document.object;
    const looked = schemaPathCandidates(apiVersion, kind, kubernetesVersion).join(" or ");
    return {
      check: "unknown-kind",
      object,
      source: document.source,
      path: "",
      message: `no schema for apiVersion \`${apiVersion}\`, kind \`${kind}\` (looked for ${looked} in ${schemaRoot}); it cannot be checked`,
      fix:
        "fix the apiVersion/kind if it is misspelled or removed from Kubernetes; otherwise add a schema for it " +
        "(packages/schemas: add the package that defines the CRD and run `npm run schemas`) or remove the object",
    };
  }

  function toProblem(error: ErrorObject, document: RenderedDocument, object: string): Problem {
    const base = { check: "schema", object, source: document.source } as const;
    const path = pathFromPointer(error.instancePath, document.object);
    switch (error.keyword) {
      case "additionalProperties": {
        const field = String(error.params.additionalProperty);
        const known =
          isRecord(error.parentSchema) && isRecord(error.parentSchema.properties)
            ? Object.keys(error.parentSchema.properties)
            : [];
        const suggestion = closest(field, known);
        return {
          ...base,
          path: joinPath(path, field),
          message: `unknown field \`${field}\` (not in the schema${suggestion === undefined ? "" : `; did you mean \`${suggestion}\`?`})`,
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
        return {
          ...base,
          path,
          message: `must be one of ${allowed.map((value) => `\`${value}\``).join(", ")}, got ${describeValue(error.data)}`,
          fix: `set \`${path}\` to one of: ${allowed.join(", ")}`,
        };
      }
      default:
        return {
          ...base,
          path,
          message: `${error.message ?? "is not valid"} (${error.keyword})`,
          fix: `change \`${path}\` so it satisfies the schema`,
        };
    }
  }

  return {
    validate(documents) {
      const problems: Problem[] = [];
      for (const document of documents) {
        const object = describeObject(document.object);
        const { apiVersion, kind } = document.object;
        const validate = schemaFor(String(apiVersion), String(kind));
        if (validate === undefined) {
          problems.push(unknownKind(document, object));
          continue;
        }
        if (validate(document.object)) continue;
        for (const error of validate.errors ?? []) {
          problems.push(toProblem(error, document, object));
        }
      }
      return problems;
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
