/**
 * `helm install` then `helm upgrade` for real, with the pinned helm 4 and helm 3, against the API server stand-in
 * (support/apiserver.ts): what `helm template` cannot show. The chart-generated backend certificate
 * (`backendTLS.mode=selfSigned`) is looked up on upgrade (`lookup "v1" "Secret"`, templates/_tls.tpl) and reused, so an
 * upgrade that changes other values neither rotates it nor rolls the pods through `checksum/backend-tls`; deleting the
 * Secret and upgrading rotates it and the checksum follows. Without a cluster (`helm template`, `--dry-run=client`,
 * GitOps tools that render without `lookup`) every render generates a new certificate: the limitation the chart README
 * documents.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type HelmMajor, helmEnvironment, provideHelm } from "@grpc-gke/helm";
import { CHART_DIR } from "@grpc-gke/manifest";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServerStandIn, type StoredObject, startApiServer } from "../support/apiserver.ts";
import { NAMESPACE, RELEASE_NAME, renderChart } from "../support/chart.ts";

const SECRET = "gunstars-grpc-gke-backend-tls";
const DEPLOYMENT = "gunstars-grpc-gke";
const CHECKSUM = "checksum/backend-tls";

/** What the chart hashes: `include "grpc-gke.tls.selfSigned" . | sha256sum`, the JSON of the Secret's two keys. */
const checksumOf = (data: Record<string, unknown>) =>
  createHash("sha256")
    .update(JSON.stringify({ "tls.crt": data["tls.crt"], "tls.key": data["tls.key"] }))
    .digest("hex");

const annotationsOf = (deployment: StoredObject | undefined) =>
  ((deployment?.spec as { template?: { metadata?: { annotations?: Record<string, string> } } } | undefined)
    ?.template?.metadata?.annotations ?? {}) as Record<string, string>;

// Steps of one release in order (install, then upgrades): sequential, though the suite runs cases concurrently.
describe("one release, step by step", { concurrent: false }, () => {
  describe.each([4, 3] as const)(
    "helm %i install and upgrade against the API server stand-in",
    (major: HelmMajor) => {
      let server: ApiServerStandIn;
      let scratch: string;
      let env: NodeJS.ProcessEnv;
      let binary: string;

      beforeAll(async () => {
        binary = (await provideHelm({ major })).path;
        server = await startApiServer({ kubernetesVersion: "v1.34.0", lifetimeMs: 180_000 });
        scratch = mkdtempSync(join(tmpdir(), `grpc-gke-upgrade-helm${major}-`));
        env = helmEnvironment({
          // client-go caches discovery under $HOME/.kube: keep it in the scratch folder too.
          HOME: scratch,
          KUBECONFIG: server.writeKubeconfig(scratch, NAMESPACE),
          HELM_CONFIG_HOME: join(scratch, "config"),
          HELM_CACHE_HOME: join(scratch, "cache"),
          HELM_DATA_HOME: join(scratch, "data"),
        });
      });
      afterAll(async () => {
        await server?.close();
        rmSync(scratch, { recursive: true, force: true });
      });

      /** Runs helm against the stand-in; fails the test with helm's stderr when it exits non-zero. */
      const helm = async (...args: string[]) => {
        const result = await execa(binary, [...args, "--namespace", NAMESPACE], {
          env,
          extendEnv: false,
          reject: false,
          timeout: 60_000,
        });
        expect(result.exitCode, `helm ${args.join(" ")}: ${String(result.stderr)}`).toBe(0);
        return String(result.stdout);
      };
      const secret = () => server.get("Secret", NAMESPACE, SECRET);
      const deployment = () => server.get("Deployment", NAMESPACE, DEPLOYMENT);
      /** The requests made since `from`, as `METHOD path` (query dropped). */
      const since = (from: number) =>
        server.requests
          .slice(from)
          .map(({ method, path, status }) => `${method} ${path.split("?")[0]} ${status}`);

      let installed: { data: Record<string, unknown>; checksum: string | undefined };

      it("should install the release, generate the backend certificate once and hash it into the pod template", async () => {
        const from = server.requests.length;
        await helm("install", RELEASE_NAME, CHART_DIR);
        const created = secret();
        expect(created?.type).toBe("kubernetes.io/tls");
        const data = (created?.data ?? {}) as Record<string, unknown>;
        expect(Object.keys(data).sort()).toEqual(["tls.crt", "tls.key"]);
        const checksum = annotationsOf(deployment())[CHECKSUM];
        expect(checksum).toBe(checksumOf(data));
        // lookup asked the API for the Secret and found none, so the template generated it.
        expect(since(from)).toContain(`GET /api/v1/namespaces/${NAMESPACE}/secrets/${SECRET} 404`);
        expect(server.list("Secret").map((object) => object.metadata.name)).toContain(
          `sh.helm.release.v1.${RELEASE_NAME}.v1`,
        );
        installed = { data, checksum };
      });

      it("should reuse the certificate and keep the checksum when an upgrade changes other values (replicas, image tag)", async () => {
        const from = server.requests.length;
        await helm("upgrade", RELEASE_NAME, CHART_DIR, "--set", "replicaCount=3", "--set", "image.tag=1.0.1");
        expect(since(from)).toContain(`GET /api/v1/namespaces/${NAMESPACE}/secrets/${SECRET} 200`);
        expect(secret()?.data).toEqual(installed.data);
        const upgraded = deployment();
        expect((upgraded?.spec as { replicas?: number } | undefined)?.replicas).toBe(3);
        expect(annotationsOf(upgraded)[CHECKSUM]).toBe(installed.checksum);
        const release = server.get("Secret", NAMESPACE, `sh.helm.release.v1.${RELEASE_NAME}.v2`);
        expect(release?.metadata.labels).toMatchObject({ status: "deployed", version: "2" });
      });

      it("should keep the certificate's names when an upgrade adds backendTLS.extraDnsNames: lookup reuses it as is (delete the Secret to reissue)", async () => {
        await helm(
          "upgrade",
          RELEASE_NAME,
          CHART_DIR,
          "--set",
          "replicaCount=3",
          "--set",
          "backendTLS.extraDnsNames={api.internal.example.com}",
        );
        expect(secret()?.data).toEqual(installed.data);
        expect(annotationsOf(deployment())[CHECKSUM]).toBe(installed.checksum);
      });

      it("should generate a new certificate, and change the checksum to its hash, when the Secret was deleted before the upgrade", async () => {
        expect(server.remove("Secret", NAMESPACE, SECRET)).toBe(true);
        await helm("upgrade", RELEASE_NAME, CHART_DIR, "--set", "replicaCount=3");
        const rotated = (secret()?.data ?? {}) as Record<string, unknown>;
        expect(rotated["tls.crt"]).not.toBe(installed.data["tls.crt"]);
        expect(annotationsOf(deployment())[CHECKSUM]).toBe(checksumOf(rotated));
        expect(annotationsOf(deployment())[CHECKSUM]).not.toBe(installed.checksum);
      });

      it(`should write objects the way helm ${major} does (${major === 4 ? "server-side apply" : "create, then strategic merge patches"}), with nothing the stand-in does not serve`, () => {
        const writes = server.requests.filter(({ method }) => method === "POST" || method === "PATCH");
        const deploymentWrites = writes.filter(({ path }) => path.includes("/deployments"));
        if (major === 4) {
          expect(
            deploymentWrites.every(({ contentType }) => contentType === "application/apply-patch+yaml"),
          ).toBe(true);
        } else {
          expect(deploymentWrites[0]?.method).toBe("POST");
          expect(
            deploymentWrites
              .slice(1)
              .every(({ contentType }) => contentType === "application/strategic-merge-patch+json"),
          ).toBe(true);
        }
        // Release records are Secrets in protobuf, which the stand-in decodes (client-go's typed clients prefer it).
        expect(writes.some(({ contentType }) => contentType === "application/vnd.kubernetes.protobuf")).toBe(
          true,
        );
        expect(server.unhandled).toEqual([]);
      });
    },
  );
});

describe("the certificate without a cluster (helm template)", () => {
  it("should generate a different certificate at every render, since lookup finds nothing to reuse", async () => {
    // Two renders (different values, so renderChart does not share one), the same certificate settings.
    const crt = async (replicaCount: number) => {
      const { documents } = await renderChart({ values: { replicaCount } });
      const secret = documents.find(({ object }) => object.kind === "Secret")?.object as
        | { data: Record<string, string> }
        | undefined;
      return secret?.data["tls.crt"];
    };
    expect(await crt(2)).not.toBe(await crt(3));
  });
});
