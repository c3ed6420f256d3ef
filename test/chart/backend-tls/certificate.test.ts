import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, sourceOf, volume } from "../support.ts";

const SECRET = `${FULLNAME}-backend-tls`;
const ISSUER = `${FULLNAME}-selfsigned`;

const chartIssuer = lazyDocuments({ values: { backendTLS: { mode: "certManager" } } });

describe("templates/backend-tls/certificate.yaml", () => {
  it("should render a cert-manager.io/v1 Certificate from backend-tls/certificate.yaml when mode is certManager", async () => {
    const documents = await chartIssuer();
    expect(sourceOf(documents, "Certificate")).toBe("grpc-gke/templates/backend-tls/certificate.yaml");
    expect(find(documents, "Certificate", SECRET).apiVersion).toBe("cert-manager.io/v1");
  });

  it("should sign with the chart's Issuer when certManager.issuerRef.name is empty", async () => {
    expect(find(await chartIssuer(), "Certificate").spec.issuerRef).toEqual({
      name: ISSUER,
      kind: "Issuer",
      group: "cert-manager.io",
    });
  });

  it("should write the Secret the Deployment mounts when mode is certManager", async () => {
    const documents = await chartIssuer();
    const certificate = find(documents, "Certificate");
    expect(certificate.spec.secretName).toBe(SECRET);
    expect(volume(find(documents, "Deployment"), "backend-tls").secret?.secretName).toBe(SECRET);
  });

  it("should name the Service in every cluster-DNS form when values are otherwise the defaults", async () => {
    expect([...(find(await chartIssuer(), "Certificate").spec.dnsNames ?? [])].sort()).toEqual([
      "gunstars-grpc-gke",
      "gunstars-grpc-gke.games",
      "gunstars-grpc-gke.games.svc",
      "gunstars-grpc-gke.games.svc.cluster.local",
    ]);
  });

  it("should last a year, renew 30 days early and rotate an RSA 2048 key when values are the defaults", async () => {
    const { spec } = find(await chartIssuer(), "Certificate");
    expect(spec.duration).toBe("8760h");
    expect(spec.renewBefore).toBe("720h");
    expect(spec.privateKey).toEqual({ algorithm: "RSA", size: 2048, rotationPolicy: "Always" });
  });

  it("should ask for digital signature, key encipherment and server auth when the key is RSA (default)", async () => {
    expect(find(await chartIssuer(), "Certificate").spec.usages).toEqual([
      "digital signature",
      "key encipherment",
      "server auth",
    ]);
  });

  it("should label the issued Secret like the release when mode is certManager", async () => {
    expect(find(await chartIssuer(), "Certificate").spec.secretTemplate?.labels).toMatchObject({
      "app.kubernetes.io/name": "grpc-gke",
      "app.kubernetes.io/instance": "gunstars",
    });
  });

  const clusterIssuer = lazyDocuments({
    values: {
      clusterDomain: "cluster.example",
      backendTLS: {
        mode: "certManager",
        extraDnsNames: ["grpc.internal.example.com"],
        certManager: {
          issuerRef: { name: "internal-ca", kind: "ClusterIssuer", group: "cert-manager.io" },
          privateKey: { algorithm: "ECDSA", size: 256 },
        },
      },
    },
  });

  it("should sign with issuerRef when certManager.issuerRef.name is set", async () => {
    expect(find(await clusterIssuer(), "Certificate").spec.issuerRef).toEqual({
      name: "internal-ca",
      kind: "ClusterIssuer",
      group: "cert-manager.io",
    });
  });

  it("should use clusterDomain, extraDnsNames and the key settings when they are set", async () => {
    const { spec } = find(await clusterIssuer(), "Certificate");
    expect(spec.dnsNames).toContain("gunstars-grpc-gke.games.svc.cluster.example");
    expect(spec.dnsNames).toContain("grpc.internal.example.com");
    expect(spec.dnsNames).not.toContain("gunstars-grpc-gke.games.svc.cluster.local");
    expect(spec.privateKey).toMatchObject({ algorithm: "ECDSA", size: 256 });
  });

  it("should ask for digital signature and server auth only, no key encipherment (RFC 5480), when the key is ECDSA", async () => {
    expect(find(await clusterIssuer(), "Certificate").spec.usages).toEqual([
      "digital signature",
      "server auth",
    ]);
  });

  const selfSigned = lazyDocuments();

  it("should render no Certificate when mode is selfSigned", async () => {
    expect(findAll(await selfSigned(), "Certificate")).toEqual([]);
  });
});
