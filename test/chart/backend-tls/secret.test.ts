import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, parseDocument } from "yaml";
import { CHART } from "../../support/chart.ts";
import {
  container,
  FULLNAME,
  find,
  findAll,
  HELM_MAJORS,
  lazyDocuments,
  podSpec,
  renderChart,
  sourceOf,
  tlsMaterial,
  volume,
} from "../support.ts";

const SECRET = `${FULLNAME}-backend-tls`;
const DAY = 24 * 3600 * 1000;

/** The private key of a rendered `kubernetes.io/tls` Secret. */
const privateKeyOf = (secret: { readonly data?: Readonly<Record<string, string>> }) =>
  createPrivateKey(Buffer.from(secret.data?.["tls.key"] ?? "", "base64"));

/** The `# --` comment above a key of values.yaml (the value's documentation), without the `#` marks. */
function valueDoc(path: readonly string[]): string {
  const document = parseDocument(readFileSync(join(CHART, "values.yaml"), "utf8"));
  const parent = document.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) throw new Error(`values.yaml has no map at ${path.slice(0, -1).join(".")}`);
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path.at(-1));
  const comment = pair !== undefined && isScalar(pair.key) ? (pair.key.commentBefore ?? "") : "";
  const lines = comment.split("\n").map((line) => line.trim());
  const start = lines.findLastIndex((line) => line.startsWith("-- "));
  if (start === -1) throw new Error(`values.yaml documents ${path.join(".")} with no "# --" comment`);
  return lines.slice(start).join(" ").slice("-- ".length);
}

const selfSigned = lazyDocuments();

describe("templates/backend-tls/secret.yaml", () => {
  describe("backendTLS.mode=selfSigned (default)", () => {
    it("should render a kubernetes.io/tls Secret from backend-tls/secret.yaml when values are the defaults", async () => {
      const documents = await selfSigned();
      const secret = find(documents, "Secret", SECRET);
      expect(sourceOf(documents, "Secret")).toBe("grpc-gke/templates/backend-tls/secret.yaml");
      expect(secret.type).toBe("kubernetes.io/tls");
      expect(Object.keys(secret.data ?? {}).sort()).toEqual(["tls.crt", "tls.key"]);
    });

    it("should generate a certificate that matches its key when values are the defaults", async () => {
      expect(tlsMaterial(find(await selfSigned(), "Secret", SECRET)).keyMatches).toBe(true);
    });

    it("should generate a P-256 ECDSA key when backendTLS.selfSigned.keyAlgorithm is the default (ecdsa)", async () => {
      const key = privateKeyOf(find(await selfSigned(), "Secret", SECRET));
      expect(key.asymmetricKeyType).toBe("ec");
      expect(key.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    });

    // RSA is covered here, on both helm majors, and by the real TLS handshakes of test/backend-tls.test.ts, not by
    // a ci/ variant: Sprig's 4096-bit key takes 0.3-2 s of CPU to generate, paid again by every suite that renders
    // every variant (lint, notes, upgrade, e2e, release).
    it.concurrent.for(HELM_MAJORS)(
      "should generate a 4096-bit RSA key that matches its certificate when backendTLS.selfSigned.keyAlgorithm=rsa (helm %i)",
      async (helm, { expect }) => {
        const { documents } = await renderChart({
          helm,
          values: { backendTLS: { selfSigned: { keyAlgorithm: "rsa" } } },
        });
        const secret = find(documents, "Secret", SECRET);
        const key = privateKeyOf(secret);
        expect(key.asymmetricKeyType).toBe("rsa");
        expect(key.asymmetricKeyDetails?.modulusLength).toBe(4096);
        expect(tlsMaterial(secret).keyMatches).toBe(true);
      },
    );

    it("should document the RSA key as 4096 bits when values.yaml's backendTLS.selfSigned.keyAlgorithm comment is read", () => {
      const doc = valueDoc(["backendTLS", "selfSigned", "keyAlgorithm"]);
      expect(doc).toContain("`rsa` (4096 bits");
      expect(doc).not.toContain("2048");
    });

    it("should name the Service in every cluster-DNS form when values are the defaults", async () => {
      const { dnsNames } = tlsMaterial(find(await selfSigned(), "Secret", SECRET));
      expect([...dnsNames].sort()).toEqual([
        "gunstars-grpc-gke",
        "gunstars-grpc-gke.games",
        "gunstars-grpc-gke.games.svc",
        "gunstars-grpc-gke.games.svc.cluster.local",
      ]);
    });

    it("should be valid now and for about ten years when validityDays is the default 3650", async () => {
      const { certificate } = tlsMaterial(find(await selfSigned(), "Secret", SECRET));
      const now = Date.now();
      expect(Date.parse(certificate.validFrom)).toBeLessThanOrEqual(now);
      expect(Date.parse(certificate.validTo)).toBeGreaterThan(now + 3640 * DAY);
      expect(Date.parse(certificate.validTo)).toBeLessThan(now + 3660 * DAY);
    });

    it("should mount this Secret in the Deployment when mode is selfSigned", async () => {
      const documents = await selfSigned();
      expect(volume(find(documents, "Deployment"), "backend-tls").secret?.secretName).toBe(SECRET);
    });

    const renamed = lazyDocuments({
      values: {
        clusterDomain: "cluster.example.",
        backendTLS: { extraDnsNames: ["grpc.internal.example.com"], selfSigned: { validityDays: 30 } },
      },
    });

    it("should use clusterDomain and add extraDnsNames when they are set", async () => {
      const { dnsNames } = tlsMaterial(find(await renamed(), "Secret", SECRET));
      expect([...dnsNames].sort()).toEqual([
        "grpc.internal.example.com",
        "gunstars-grpc-gke",
        "gunstars-grpc-gke.games",
        "gunstars-grpc-gke.games.svc",
        "gunstars-grpc-gke.games.svc.cluster.example",
      ]);
    });

    it("should expire after validityDays when backendTLS.selfSigned.validityDays is set", async () => {
      const { certificate } = tlsMaterial(find(await renamed(), "Secret", SECRET));
      const lifetime = Date.parse(certificate.validTo) - Date.parse(certificate.validFrom);
      expect(lifetime).toBeGreaterThan(29 * DAY);
      expect(lifetime).toBeLessThan(31 * DAY);
    });
  });

  describe("other modes", () => {
    const certManager = lazyDocuments({ values: { backendTLS: { mode: "certManager" } } });
    const existing = lazyDocuments({
      values: { backendTLS: { mode: "existingSecret", existingSecret: "gunstars-backend-tls" } },
    });
    const disabled = lazyDocuments({ values: { backendTLS: { mode: "disabled" } } });

    it("should render no Secret and mount cert-manager's secretName when mode is certManager", async () => {
      const documents = await certManager();
      expect(findAll(documents, "Secret")).toEqual([]);
      expect(volume(find(documents, "Deployment"), "backend-tls").secret?.secretName).toBe(SECRET);
    });

    it("should render no Secret and mount backendTLS.existingSecret when mode is existingSecret", async () => {
      const documents = await existing();
      expect(findAll(documents, "Secret")).toEqual([]);
      const deployment = find(documents, "Deployment");
      expect(volume(deployment, "backend-tls").secret?.secretName).toBe("gunstars-backend-tls");
      expect(container(deployment).volumeMounts).toContainEqual({
        name: "backend-tls",
        mountPath: "/etc/grpc-gke/tls",
        readOnly: true,
      });
    });

    it("should render no Secret and mount nothing when mode is disabled", async () => {
      const documents = await disabled();
      expect(findAll(documents, "Secret")).toEqual([]);
      const volumes = podSpec(find(documents, "Deployment")).volumes ?? [];
      expect(volumes.filter((entry) => entry.secret !== undefined)).toEqual([]);
    });
  });
});
