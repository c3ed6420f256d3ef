/**
 * A packaged chart installs from its repository: the repository directory served over HTTP on the loopback address
 * (helm has no file:// getter — pkg/getter/getter.go registers http, https and oci only — so `helm repo add
 * file://...` fails with "could not find protocol handler for: file"), then `helm repo add`, `helm search`,
 * `helm template` from the repository and `helm pull`, with helm 4 and helm 3 and their own config, cache and
 * data folders.
 */
import { createReadStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";
import { type HelmMajor, helmEnvironment, provideHelm } from "@grpc-gke/helm";
import { CHART_DIR, KUBERNETES_VERSION, parseManifests, REPO_ROOT } from "@grpc-gke/manifest";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PackageResult, packageChart, sha256File } from "../src/package.ts";
import { scratchDir } from "./support.ts";

const scratch = scratchDir("install");
const EXAMPLE = join(CHART_DIR, "examples", "gunstars.values.yaml");
let packaged: PackageResult;
let server: Server;
let url: string;

beforeAll(async () => {
  packaged = await packageChart({
    chartDir: CHART_DIR,
    outDir: join(scratch, "repository"),
    sourceDateEpoch: 1_700_000_000,
    licenseFile: join(REPO_ROOT, "LICENSE"),
  });
  const root = join(scratch, "repository");
  server = createServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname)));
    if (!path.startsWith(root) || !existsSync(path)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200);
    createReadStream(path).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe.each([4, 3] as const)("with helm %i", (major: HelmMajor) => {
  const home = join(scratch, `helm${major}`);
  const helm = async (...args: string[]) => {
    const binary = await provideHelm({ major });
    mkdirSync(home, { recursive: true });
    const result = await execa(binary.path, args, {
      cwd: home,
      reject: false,
      env: helmEnvironment({
        ...process.env,
        HELM_CONFIG_HOME: join(home, "config"),
        HELM_CACHE_HOME: join(home, "cache"),
        HELM_DATA_HOME: join(home, "data"),
      }),
    });
    expect(result.exitCode, `helm ${args.join(" ")}: ${String(result.stderr)}`).toBe(0);
    return String(result.stdout);
  };

  it("should add the repository from its index.yaml and find the packaged version", async () => {
    await helm("repo", "add", "grpc-gke", url);
    const found = JSON.parse(
      await helm("search", "repo", "grpc-gke/grpc-gke", "--versions", "--output", "json"),
    ) as {
      name: string;
      version: string;
    }[];
    expect(found).toContainEqual(
      expect.objectContaining({ name: "grpc-gke/grpc-gke", version: packaged.version }),
    );
  });

  it("should render the example stack from the repository", async () => {
    const manifest = await helm(
      "template",
      "gunstars",
      "grpc-gke/grpc-gke",
      "--version",
      packaged.version,
      "--namespace",
      "games",
      "--values",
      EXAMPLE,
      "--kube-version",
      KUBERNETES_VERSION,
    );
    const documents = parseManifests(manifest, "repository");
    const deployment = documents.find((document) => document.object.kind === "Deployment");
    expect(deployment?.object.metadata?.labels?.["helm.sh/chart"]).toBe(`grpc-gke-${packaged.version}`);
    expect(documents.map((document) => document.object.kind)).toEqual(
      expect.arrayContaining(["Service", "Ingress"]),
    );
  });

  it("should pull the very archive that was packaged, and render from it", async () => {
    const into = join(home, "pulled");
    mkdirSync(into, { recursive: true });
    await helm("pull", "grpc-gke/grpc-gke", "--version", packaged.version, "--destination", into);
    const pulled = join(into, `grpc-gke-${packaged.version}.tgz`);
    expect(sha256File(pulled)).toBe(packaged.sha256);
    const manifest = await helm(
      "template",
      "gunstars",
      pulled,
      "--values",
      EXAMPLE,
      "--kube-version",
      KUBERNETES_VERSION,
    );
    expect(parseManifests(manifest, pulled).length).toBeGreaterThan(3);
  });

  it("should show the chart's README and its Artifact Hub annotations from the repository", async () => {
    const readme = await helm("show", "readme", "grpc-gke/grpc-gke", "--version", packaged.version);
    expect(readme.trim()).toBe(readFileSync(join(CHART_DIR, "README.md"), "utf8").trim());
    const chart = await helm("show", "chart", "grpc-gke/grpc-gke", "--version", packaged.version);
    expect(chart).toContain("artifacthub.io/changes");
  });
});
