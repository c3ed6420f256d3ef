import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, sourceOf } from "../support.ts";

const ISSUER = `${FULLNAME}-selfsigned`;

const chartIssuer = lazyDocuments({ values: { backendTLS: { mode: "certManager" } } });

describe("templates/backend-tls/issuer.yaml", () => {
  it("should render a cert-manager.io/v1 Issuer from backend-tls/issuer.yaml when mode is certManager", async () => {
    const documents = await chartIssuer();
    expect(sourceOf(documents, "Issuer")).toBe("grpc-gke/templates/backend-tls/issuer.yaml");
    expect(find(documents, "Issuer", ISSUER).apiVersion).toBe("cert-manager.io/v1");
  });

  it("should create a self-signed Issuer in the release namespace when certManager.issuerRef.name is empty", async () => {
    const issuer = find(await chartIssuer(), "Issuer", ISSUER);
    expect(issuer.metadata?.namespace).toBe("games");
    expect(issuer.spec).toEqual({ selfSigned: {} });
  });

  it("should be the Issuer the Certificate names when certManager.issuerRef.name is empty", async () => {
    const documents = await chartIssuer();
    expect(find(documents, "Certificate").spec.issuerRef.name).toBe(find(documents, "Issuer").metadata?.name);
  });

  const clusterIssuer = lazyDocuments({
    values: {
      backendTLS: {
        mode: "certManager",
        certManager: { issuerRef: { name: "internal-ca", kind: "ClusterIssuer", group: "cert-manager.io" } },
      },
    },
  });

  it("should create no Issuer when certManager.issuerRef.name is set", async () => {
    expect(findAll(await clusterIssuer(), "Issuer")).toEqual([]);
  });

  const selfSigned = lazyDocuments();

  it("should render no Issuer when mode is selfSigned", async () => {
    expect(findAll(await selfSigned(), "Issuer")).toEqual([]);
  });
});
