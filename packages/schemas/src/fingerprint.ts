/**
 * What `schemas/` was generated from, recorded beside it (`schemas/fingerprint.json`), so a test can tell that
 * the committed files are current without running the generator (a TypeScript program over ~2,000 declaration
 * files, about 10 s): the inputs' fingerprint now must equal the recorded one, and the files on disk must hash
 * to the recorded outputs. The inputs are this package's sources, the layout and version the file names come
 * from, and the exact versions of the packages that carry the definitions and of the compiler that reads them.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { packageDir, packageVersion } from "./declarations.ts";
import { SOURCES } from "./sources.ts";

export const FINGERPRINT_FILE = "fingerprint.json";

const PACKAGE_DIR = join(import.meta.dirname, "..");
const MANIFEST_SRC = join(PACKAGE_DIR, "..", "manifest", "src");

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function versionOf(name: string): string {
  return packageVersion(packageDir(name));
}

export function inputFingerprint(): string {
  const hash = createHash("sha256");
  const sources = [
    ...filesUnder(join(PACKAGE_DIR, "src")),
    ...filesUnder(join(PACKAGE_DIR, "crds")),
    join(MANIFEST_SRC, "layout.ts"),
    join(MANIFEST_SRC, "version.ts"),
  ];
  for (const file of sources) {
    hash.update(`${relative(PACKAGE_DIR, file).split("\\").join("/")}\n${sha256(readFileSync(file))}\n`);
  }
  const packages = [
    ...SOURCES.map((source) => source.name),
    "@kubernetes-models/apimachinery",
    "@kubernetes-models/base",
    "typescript",
  ];
  for (const name of [...new Set(packages)].sort()) hash.update(`${name}@${versionOf(name)}\n`);
  return hash.digest("hex");
}

/** The fingerprint of generated files (path → text), the fingerprint file itself left out. */
export function outputFingerprint(files: ReadonlyMap<string, string>): string {
  const hash = createHash("sha256");
  for (const path of [...files.keys()].sort()) {
    if (path === FINGERPRINT_FILE) continue;
    hash.update(`${path}\n${sha256(files.get(path) ?? "")}\n`);
  }
  return hash.digest("hex");
}
