import { cpSync, readdirSync, readFileSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { CHART_DIR, REPO_ROOT } from "@grpc-gke/manifest";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkPackagedFiles } from "../src/check.ts";
import { ReleaseError } from "../src/errors.ts";
import {
  archiveEntries,
  gzipHeader,
  type PackageResult,
  packageChart,
  resolveSourceDateEpoch,
  sha256File,
} from "../src/package.ts";
import { scratchDir } from "./support.ts";

const scratch = scratchDir("package");
const LICENSE = join(REPO_ROOT, "LICENSE");
const EPOCH = 1_700_000_000;
const pack = (name: string, options: { chartDir?: string; epoch?: number; helm?: 3 | 4 } = {}) =>
  packageChart({
    chartDir: options.chartDir ?? CHART_DIR,
    outDir: join(scratch, name),
    sourceDateEpoch: options.epoch ?? EPOCH,
    licenseFile: LICENSE,
    ...(options.helm === undefined ? {} : { helm: options.helm }),
  });

/** index.yaml without the two times helm writes as "now". */
function indexWithoutTimes(file: string): unknown {
  const index = parse(readFileSync(file, "utf8")) as {
    generated?: string;
    entries: Record<string, { created?: string }[]>;
  };
  delete index.generated;
  for (const versions of Object.values(index.entries)) for (const version of versions) delete version.created;
  return index;
}

describe("packageChart with helm 4", () => {
  let first: PackageResult;
  let second: PackageResult;
  beforeAll(async () => {
    first = await pack("first");
    second = await pack("second");
  });

  it("should write byte-identical archives when packaging the same chart twice", () => {
    expect(first.helm.version).toBe("4.1.4");
    expect(second.sha256).toBe(first.sha256);
    expect(readFileSync(second.tgz).equals(readFileSync(first.tgz))).toBe(true);
  });

  it("should write the same bytes whatever times the chart's files have on disk (a fresh clone, a touched file)", async () => {
    const copy = join(scratch, "touched", "grpc-gke");
    cpSync(CHART_DIR, copy, { recursive: true });
    for (const [index, file] of readdirSync(copy, { recursive: true }).map(String).entries()) {
      utimesSync(join(copy, file), 1_000_000 + index, 2_000_000 + index * 7);
    }
    expect((await pack("touched-out", { chartDir: copy })).sha256).toBe(first.sha256);
  });

  it("should date every entry SOURCE_DATE_EPOCH, mode 0644, owner 0:0, in a gzip header without a time", () => {
    const entries = archiveEntries(first.tgz);
    expect(entries.length).toBeGreaterThan(10);
    for (const entry of entries) {
      expect(entry, entry.path).toMatchObject({ mtime: EPOCH, mode: 0o644, uid: 0, gid: 0 });
    }
    expect(gzipHeader(first.tgz).mtime).toBe(0);
  });

  it("should change the bytes, and only the entry times, with another SOURCE_DATE_EPOCH: the time is the one input besides the files", async () => {
    const other = await pack("other-epoch", { epoch: EPOCH + 1 });
    expect(other.sha256).not.toBe(first.sha256);
    const strip = (file: string) => archiveEntries(file).map(({ mtime: _mtime, ...rest }) => rest);
    expect(strip(other.tgz)).toEqual(strip(first.tgz));
  });

  it("should package what a chart needs: templates, README, CHANGELOG, LICENSE, examples; not the ci/ variants", () => {
    expect(checkPackagedFiles(first.files)).toEqual([]);
    expect(first.files.filter((file) => file.startsWith("ci/"))).toEqual([]);
    expect(first.files).toEqual(
      expect.arrayContaining([
        "Chart.yaml",
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "templates/deployment.yaml",
      ]),
    );
    expect(first.files.some((file) => file.startsWith("examples/"))).toBe(true);
    const license = archiveEntries(first.tgz).find((entry) => entry.path === "grpc-gke/LICENSE");
    expect(license?.sha256).toBe(sha256File(LICENSE));
  });

  it("should refuse files a package must not carry, and notice a missing README", () => {
    expect(
      checkPackagedFiles([
        "Chart.yaml",
        "values.yaml",
        "values.schema.json",
        "CHANGELOG.md",
        "LICENSE",
        "ci/x-values.yaml",
      ]).map((p) => p.message),
    ).toEqual([
      "The packaged chart has no README.md.",
      "The packaged chart contains ci/x-values.yaml, which is neither a chart file, a template nor an example.",
    ]);
  });

  it("should index the archive: the same index.yaml from run to run but for helm's generated and created times", () => {
    expect(indexWithoutTimes(second.index)).toEqual(indexWithoutTimes(first.index));
    const index = parse(readFileSync(first.index, "utf8")) as {
      generated: string;
      entries: { "grpc-gke": { version: string; digest: string; urls: string[]; created: string }[] };
    };
    const [entry] = index.entries["grpc-gke"];
    expect(entry).toMatchObject({
      version: first.version,
      digest: first.sha256,
      urls: [`grpc-gke-${first.version}.tgz`],
    });
    expect(Date.parse(index.generated)).toBeGreaterThan(EPOCH * 1000);
  });
});

describe("helm 3's package (why the release packages with helm 4)", () => {
  it("should hold the same entries as helm 4's, but dated when it ran instead of the files' time", async () => {
    const four = await pack("four-for-three");
    const three = await pack("three", { helm: 3 });
    expect(three.helm.version).toBe("3.17.2");
    const strip = (file: string) => archiveEntries(file).map(({ mtime: _mtime, ...rest }) => rest);
    // The honest subset: names, order, modes, owners, sizes and contents agree ...
    expect(strip(three.tgz)).toEqual(strip(four.tgz));
    // ... but helm 3 writes time.Now() into every entry (pkg/chartutil/save.go), whatever the files say.
    const times = new Set(archiveEntries(three.tgz).map((entry) => entry.mtime));
    expect(times.has(EPOCH)).toBe(false);
    expect(Math.min(...times) * 1000).toBeGreaterThan(Date.now() - 600_000);
  });
});

describe("resolveSourceDateEpoch", () => {
  it("should take SOURCE_DATE_EPOCH when set", async () => {
    expect(await resolveSourceDateEpoch(CHART_DIR, { SOURCE_DATE_EPOCH: "1234" })).toEqual({
      seconds: 1234,
      from: "SOURCE_DATE_EPOCH",
    });
  });

  it("should refuse a SOURCE_DATE_EPOCH that is not whole seconds, naming the value", async () => {
    const error = await resolveSourceDateEpoch(CHART_DIR, { SOURCE_DATE_EPOCH: "2024-01-01" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ReleaseError);
    expect(error).toMatchObject({
      reason: "source-date-epoch-invalid",
      message: expect.stringContaining('"2024-01-01"'),
    });
  });

  it("should use the time of the last commit of the chart otherwise", async () => {
    const resolved = await resolveSourceDateEpoch(CHART_DIR, {});
    expect(resolved.from).toBe("the last commit of the chart");
    expect(resolved.seconds).toBeGreaterThan(1_600_000_000);
  });
});
