/**
 * `npm run package`: the chart as helm packages it, made reproducible, plus a chart repository index.
 *
 * What helm puts in the archive (read from helm's sources and checked by this package's tests):
 * - helm 4 (pkg/chart/v2/util/save.go): entries in a fixed order (Chart.yaml, values.yaml, values.schema.json,
 *   templates, other files, each list in path order), mode 0644, uid/gid 0, and each file's **modification time
 *   from the disk**; the gzip header has no name and no time (mtime 0) and a constant comment and extra field.
 *   So the bytes depend only on the files' contents and mtimes. A fresh clone gives every file the clone's time,
 *   so the package stages a copy of the chart whose files all carry one fixed time, `SOURCE_DATE_EPOCH`
 *   (reproducible-builds.org's variable; by default the time of the last commit that touched the chart).
 * - helm 3 (pkg/chartutil/save.go): the same order, modes and gzip header, but every entry's time is
 *   `time.Now()`; its archives differ from one second to the next whatever the input. That is why the release
 *   packages with helm 4; helm 3 still installs what helm 4 packages (tested).
 * - `helm repo index` writes `generated` and every entry's `created` as the current time
 *   (pkg/repo/v1/index.go). They are left as helm writes them, because they are true: the rest of index.yaml
 *   (the digest of the reproducible archive included) is the same from run to run.
 */
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
} from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { type HelmBinary, type HelmMajor, helmEnvironment, provideHelm } from "@grpc-gke/helm";
import { execa } from "execa";
import { list } from "tar";
import { readChart } from "./chart.ts";
import { ReleaseError } from "./errors.ts";
import { git } from "./git.ts";

export interface PackageOptions {
  readonly chartDir: string;
  /** Where the archive and index.yaml go (created if missing). */
  readonly outDir: string;
  /** Seconds since 1970 given to every file of the archive. */
  readonly sourceDateEpoch: number;
  /** A provided binary, or the helm major (4 by default: helm 3 cannot package reproducibly). */
  readonly helm?: HelmBinary | HelmMajor;
  /** A license file added to the package when the chart folder has none (the repository's LICENSE). */
  readonly licenseFile?: string;
  /** `helm repo index --url`: the absolute base URL of the archives; relative URLs when not given. */
  readonly repositoryUrl?: string;
}

export interface PackageResult {
  readonly tgz: string;
  readonly index: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly name: string;
  readonly version: string;
  readonly sourceDateEpoch: number;
  readonly helm: HelmBinary;
  /** Paths inside the archive, without the leading `<name>/`, in archive order. */
  readonly files: readonly string[];
}

/** An entry of a chart archive, as read back from it. */
export interface ArchiveEntry {
  readonly path: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Seconds since 1970. */
  readonly mtime: number;
  readonly size: number;
  readonly sha256: string;
}

/** The 10-byte gzip member header (RFC 1952 2.3.1): `mtime` is bytes 4-7, little-endian. */
export interface GzipHeader {
  readonly mtime: number;
  readonly flags: number;
  readonly os: number;
}

export function gzipHeader(file: string): GzipHeader {
  const bytes = readFileSync(file).subarray(0, 10);
  return { flags: bytes[3] ?? 0, mtime: bytes.readUInt32LE(4), os: bytes[9] ?? 0 };
}

/** Every entry of a .tgz, in archive order, with the sha256 of its content. */
export function archiveEntries(file: string): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  list({
    file,
    sync: true,
    onReadEntry: (entry) => {
      const hash = createHash("sha256");
      entry.on("data", (chunk: Buffer) => hash.update(chunk));
      entry.on("end", () =>
        entries.push({
          path: entry.path,
          mode: entry.mode ?? 0,
          uid: entry.uid ?? 0,
          gid: entry.gid ?? 0,
          mtime: Math.floor((entry.mtime?.getTime() ?? 0) / 1000),
          size: entry.size ?? 0,
          sha256: hash.digest("hex"),
        }),
      );
    },
  });
  return entries;
}

export function sha256File(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** Gives every file and folder under `dir` the same access and modification time. */
function setTimes(dir: string, seconds: number): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) setTimes(path, seconds);
    utimesSync(path, seconds, seconds);
  }
  utimesSync(dir, seconds, seconds);
}

async function runHelm(helm: HelmBinary, args: readonly string[], home: string): Promise<string> {
  const result = await execa(helm.path, args, {
    reject: false,
    env: helmEnvironment({
      ...process.env,
      HELM_CACHE_HOME: join(home, "cache"),
      HELM_CONFIG_HOME: join(home, "config"),
      HELM_DATA_HOME: join(home, "data"),
    }),
  });
  if (result.failed || result.exitCode !== 0) {
    throw new ReleaseError(
      "helm-failed",
      `helm ${args.join(" ")} failed: ${String(result.stderr || result.message).trim()}`,
      "Fix what helm names (usually Chart.yaml or a template), then package again.",
    );
  }
  return String(result.stdout);
}

const LICENSE_FILE = /^(LICENSE|LICENCE|COPYING)(\.(md|txt))?$/i;

/** Packages the chart reproducibly into `outDir` and indexes `outDir` as a chart repository. */
export async function packageChart(options: PackageOptions): Promise<PackageResult> {
  const helm =
    typeof options.helm === "object" ? options.helm : await provideHelm({ major: options.helm ?? 4 });
  const chart = readChart(options.chartDir);
  if (!Number.isSafeInteger(options.sourceDateEpoch) || options.sourceDateEpoch < 0) {
    throw new ReleaseError(
      "source-date-epoch-invalid",
      `SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not ${String(options.sourceDateEpoch)}.`,
      "Set it to e.g. the last commit's time: SOURCE_DATE_EPOCH=$(git log -1 --format=%ct).",
    );
  }
  const scratch = await mkdtemp(join(tmpdir(), "grpc-gke-package-"));
  try {
    // A copy named like the chart, whose files all carry the same time: helm 4 writes each file's time.
    const staged = join(scratch, "chart", chart.name);
    await cp(options.chartDir, staged, { recursive: true, verbatimSymlinks: true });
    const hasLicense = readdirSync(staged).some((file) => LICENSE_FILE.test(file));
    if (!hasLicense && options.licenseFile !== undefined) {
      // Apache-2.0 section 4(a): redistributions carry a copy of the license. Artifact Hub also reads it.
      copyFileSync(options.licenseFile, join(staged, basename(options.licenseFile)));
    }
    setTimes(staged, options.sourceDateEpoch);

    mkdirSync(options.outDir, { recursive: true });
    const tgz = join(options.outDir, `${chart.name}-${chart.version}.tgz`);
    rmSync(tgz, { force: true });
    await runHelm(helm, ["package", staged, "--destination", options.outDir], join(scratch, "helm"));
    if (!existsSync(tgz)) {
      throw new ReleaseError(
        "helm-failed",
        `helm package did not write ${tgz}.`,
        "Check that Chart.yaml name and version are what the archive should be named after.",
      );
    }
    const indexArgs = ["repo", "index", options.outDir];
    if (options.repositoryUrl !== undefined) indexArgs.push("--url", options.repositoryUrl);
    await runHelm(helm, indexArgs, join(scratch, "helm"));

    const prefix = `${chart.name}/`;
    return {
      tgz,
      index: join(options.outDir, "index.yaml"),
      sha256: sha256File(tgz),
      bytes: statSync(tgz).size,
      name: chart.name,
      version: chart.version,
      sourceDateEpoch: options.sourceDateEpoch,
      helm,
      files: archiveEntries(tgz).map((entry) =>
        entry.path.startsWith(prefix) ? entry.path.slice(prefix.length) : entry.path,
      ),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The time every packaged file gets: `SOURCE_DATE_EPOCH` when set (reproducible-builds.org), else the time of the
 * last commit that touched the chart folder, so that every clone of a commit packages the same bytes.
 */
export async function resolveSourceDateEpoch(
  chartDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<{ readonly seconds: number; readonly from: string }> {
  const given = env.SOURCE_DATE_EPOCH;
  if (given !== undefined && given !== "") {
    if (!/^\d+$/.test(given) || !Number.isSafeInteger(Number(given))) {
      throw new ReleaseError(
        "source-date-epoch-invalid",
        `SOURCE_DATE_EPOCH is "${given}", not a whole number of seconds since 1970.`,
        "Unset it (the last commit of the chart is used), or set e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct).",
      );
    }
    return { seconds: Number(given), from: "SOURCE_DATE_EPOCH" };
  }
  let committed = "";
  try {
    committed = (await git(chartDir, ["log", "-1", "--format=%ct", "--", "."])).trim();
  } catch (cause) {
    throw new ReleaseError(
      "source-date-unknown",
      `${chartDir} is not in a git clone and SOURCE_DATE_EPOCH is unset, so no fixed time can be given to the packaged files.`,
      "Set SOURCE_DATE_EPOCH to a time in seconds since 1970 (e.g. the release's commit time).",
      { cause },
    );
  }
  if (!/^\d+$/.test(committed)) {
    throw new ReleaseError(
      "source-date-unknown",
      `No commit touches ${chartDir} yet and SOURCE_DATE_EPOCH is unset, so no fixed time can be given to the packaged files.`,
      "Commit the chart, or set SOURCE_DATE_EPOCH to a time in seconds since 1970.",
    );
  }
  return { seconds: Number(committed), from: "the last commit of the chart" };
}

/**
 * The paths (relative to the chart folder) helm puts in the package: what .helmignore lets through. Found by
 * letting helm package the chart, so helm's own ignore rules decide.
 */
export async function packagedFiles(chartDir: string, helm?: HelmBinary | HelmMajor): Promise<Set<string>> {
  const scratch = await mkdtemp(join(tmpdir(), "grpc-gke-packaged-"));
  try {
    const result = await packageChart({
      chartDir,
      outDir: join(scratch, "out"),
      sourceDateEpoch: 0,
      ...(helm === undefined ? {} : { helm }),
    });
    return new Set(result.files);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
