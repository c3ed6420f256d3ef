import { appendFile, chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  HELM_BUILDS,
  HelmIntegrityError,
  HelmUnavailableError,
  provideHelm,
  reportedVersion,
} from "../src/index.ts";

let cacheDir: string;
const noHelmBin = { HELM_BIN: undefined };

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), "grpc-gke-helm-"));
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

describe("provideHelm", () => {
  it("provides helm 4.1.4 by default, extracted into the cache and executable", async () => {
    const helm = await provideHelm({ cacheDir, env: noHelmBin });
    expect(helm).toMatchObject({ major: 4, version: "4.1.4", source: "cache" });
    expect(helm.path).toBe(join(cacheDir, "4.1.4", "helm"));
    expect((await stat(helm.path)).mode & 0o111).not.toBe(0);
    expect(await reportedVersion(helm.path)).toBe("4.1.4");
  });

  it("provides helm 3.17.2 when major 3 is requested", async () => {
    const helm = await provideHelm({ major: 3, cacheDir, env: noHelmBin });
    expect(helm).toMatchObject({ major: 3, version: "3.17.2", source: "cache" });
    expect(await reportedVersion(helm.path)).toBe("3.17.2");
  });

  it("refuses an extracted binary whose sha256 is not the committed one, and removes it", async () => {
    const ownCache = await mkdtemp(join(tmpdir(), "grpc-gke-helm-sha-"));
    const build = { ...HELM_BUILDS[4], sha256: "0".repeat(64) };
    const attempt = provideHelm({ cacheDir: ownCache, env: noHelmBin, build });
    await expect(attempt).rejects.toBeInstanceOf(HelmIntegrityError);
    await expect(attempt).rejects.toMatchObject({ expected: "0".repeat(64), actual: HELM_BUILDS[4].sha256 });
    await expect(stat(join(ownCache, "4.1.4", "helm"))).rejects.toThrow(/ENOENT/);
    await rm(ownCache, { recursive: true, force: true });
  });

  it("refuses a cached binary that was tampered with", async () => {
    const ownCache = await mkdtemp(join(tmpdir(), "grpc-gke-helm-tamper-"));
    await mkdir(join(ownCache, "3.17.2"));
    await writeFile(join(ownCache, "3.17.2", "helm"), "#!/bin/sh\necho v3.17.2\n", { mode: 0o755 });
    await expect(provideHelm({ major: 3, cacheDir: ownCache, env: noHelmBin })).rejects.toThrow(
      /has sha256 [0-9a-f]{64}, expected 9e7a767e/,
    );
    await rm(ownCache, { recursive: true, force: true });
  });

  it("honours HELM_BIN and reports the version that binary has", async () => {
    const pinned = await provideHelm({ major: 3, cacheDir, env: noHelmBin });
    const helm = await provideHelm({ env: { HELM_BIN: pinned.path } });
    expect(helm).toEqual({ path: pinned.path, version: "3.17.2", major: 3, source: "HELM_BIN" });
  });

  it("refuses HELM_BIN when it is not the requested major", async () => {
    const pinned = await provideHelm({ major: 3, cacheDir, env: noHelmBin });
    await expect(provideHelm({ major: 4, env: { HELM_BIN: pinned.path } })).rejects.toMatchObject({
      name: "HelmUnavailableError",
      reason: "helm-bin-wrong-major",
    });
  });

  it("refuses a HELM_BIN that is not executable, saying how to fix it", async () => {
    const file = join(cacheDir, "not-helm");
    await writeFile(file, "just text");
    await chmod(file, 0o644);
    const attempt = provideHelm({ env: { HELM_BIN: file } });
    await expect(attempt).rejects.toBeInstanceOf(HelmUnavailableError);
    await expect(attempt).rejects.toThrow(
      /HELM_BIN is set to .*not-helm, which is not an executable file[\s\S]*Fix:/,
    );
  });

  it("explains when the package that carries helm is not installed", async () => {
    const build = { ...HELM_BUILDS[4], npmPackage: "@grpc-gke/no-such-helm-package" };
    await expect(provideHelm({ cacheDir, env: noHelmBin, build })).rejects.toMatchObject({
      reason: "package-missing",
      fix: expect.stringContaining("npm ci"),
    });
  });

  it("explains that the pinned binaries only run on linux/x64", async () => {
    await expect(
      provideHelm({ cacheDir, env: noHelmBin, platform: "darwin", arch: "arm64" }),
    ).rejects.toThrow(/built for linux\/x64; this machine is darwin\/arm64[\s\S]*set HELM_BIN/);
  });

  it("hashes a binary once per extraction, then trusts its stamp while the file is unchanged", async () => {
    const ownCache = await mkdtemp(join(tmpdir(), "grpc-gke-helm-stamp-"));
    const helm = await provideHelm({ major: 3, cacheDir: ownCache, env: noHelmBin });
    const stamp = JSON.parse(await readFile(`${helm.path}.verified.json`, "utf8"));
    const info = await stat(helm.path, { bigint: true });
    expect(stamp).toEqual({
      sha256: HELM_BUILDS[3].sha256,
      size: Number(info.size),
      ino: Number(info.ino),
      dev: Number(info.dev),
      mtimeNs: String(info.mtimeNs),
      ctimeNs: String(info.ctimeNs),
    });
    // A later process (a fresh module: nothing remembered in memory) trusts the stamp...
    vi.resetModules();
    const fresh = (await import("../src/index.ts")).provideHelm;
    await expect(fresh({ major: 3, cacheDir: ownCache, env: noHelmBin })).resolves.toMatchObject({
      path: helm.path,
    });
    // ...until the file changes: then it hashes again and refuses the binary.
    await appendFile(helm.path, "tampered");
    vi.resetModules();
    const again = (await import("../src/index.ts")).provideHelm;
    await expect(again({ major: 3, cacheDir: ownCache, env: noHelmBin })).rejects.toMatchObject({
      name: "HelmIntegrityError",
      reason: "sha256-mismatch",
    });
    await expect(stat(helm.path)).rejects.toThrow(/ENOENT/);
    await expect(stat(`${helm.path}.verified.json`)).rejects.toThrow(/ENOENT/);
    await rm(ownCache, { recursive: true, force: true });
  });
});
