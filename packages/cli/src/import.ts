import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { builtinSchemaPath, customSchemaPath, kindNameProblem, readManifests } from "@grpc-gke/manifest";
import { SCHEMA_ROOT } from "@grpc-gke/manifest/paths";
import { CrdError, crdToSchemas, type ObjectMetaSchema, objectMetaFrom } from "@grpc-gke/schemas/crd";
import type { SchemasImportArguments } from "./args.ts";
import { readInput } from "./input.ts";
import type { Io } from "./main.ts";
import { UsageError } from "./usage.ts";

/** ObjectMeta as the bundled schemas check it (taken from the ConfigMap schema, which embeds it). */
async function bundledObjectMeta(): Promise<ObjectMetaSchema> {
  const file = join(SCHEMA_ROOT, builtinSchemaPath({ group: "", version: "v1", kind: "ConfigMap" }));
  return objectMetaFrom(JSON.parse(await readFile(file, "utf8")));
}

/**
 * `grpc-gke schemas import FILE --out DIR`: every served version of every CustomResourceDefinition in the
 * stream (a `kubectl get crd -o yaml` List, or CRD files) becomes a strict schema at `DIR/<group>/<kind>_<version>.json`,
 * the layout `validate --schema-location DIR` (and kubeconform's `{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`)
 * reads. Exit 0 when every CRD was written, 1 when some could not be, 2 when the stream holds no CRD.
 */
export async function importSchemas(args: SchemasImportArguments, io: Io): Promise<number> {
  const { origin, text } = await readInput(args.file, io);
  const out = resolve(io.cwd, args.out);
  const objectMeta = await bundledObjectMeta();
  const written: string[] = [];
  const failures: string[] = [];
  let skipped = 0;
  let crds = 0;
  for (const entry of readManifests(text, origin)) {
    if (!entry.ok) {
      failures.push(`${origin} (${entry.error.where}): ${entry.error.problem}`);
      continue;
    }
    const { object } = entry.document;
    if (object.kind !== "CustomResourceDefinition") {
      skipped++;
      continue;
    }
    crds++;
    let kinds: ReturnType<typeof crdToSchemas>;
    try {
      kinds = crdToSchemas(object, objectMeta);
    } catch (error) {
      if (!(error instanceof CrdError)) throw error;
      failures.push(`${entry.document.source}: ${error.message}`);
      continue;
    }
    for (const kind of kinds) {
      const invalid = kindNameProblem(`${kind.group}/${kind.version}`, kind.kind);
      if (invalid !== undefined) {
        failures.push(`CustomResourceDefinition ${kind.crd}: ${invalid}; not written`);
        continue;
      }
      const file = join(out, customSchemaPath(kind));
      if (!file.startsWith(out + sep)) {
        failures.push(`CustomResourceDefinition ${kind.crd}: ${file} is outside ${out}; not written`);
        continue;
      }
      const schema = {
        $schema: "http://json-schema.org/draft-07/schema#",
        $comment: `Imported by grpc-gke schemas import from CustomResourceDefinition ${kind.crd} (${origin}).`,
        ...kind.schema,
      };
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${JSON.stringify(schema, null, 2)}\n`);
      written.push(relative(io.cwd, file) || file);
    }
  }
  if (crds === 0 && failures.length === 0) {
    throw new UsageError(
      origin,
      `holds no CustomResourceDefinition (${skipped} other objects)`,
      "Give CRDs, e.g. `kubectl get crd -o yaml > crds.yaml`, or a CRD file of the operator you install.",
    );
  }
  const lines = [
    `${origin}: ${crds} CustomResourceDefinitions, ${written.length} schemas written to ${relative(io.cwd, out) || "."}`,
  ];
  for (const file of written) lines.push(`  ${file}`);
  if (skipped > 0) lines.push(`${skipped} other objects skipped (not CustomResourceDefinitions).`);
  if (failures.length > 0) {
    lines.push("", `${failures.length} could not be imported:`, ...failures.map((failure) => `✗ ${failure}`));
  }
  lines.push(
    "",
    `Validate with them: grpc-gke validate FILE --schema-location default --schema-location ${args.out}`,
  );
  io.stdout.write(`${lines.join("\n")}\n`);
  return failures.length === 0 ? 0 : 1;
}
