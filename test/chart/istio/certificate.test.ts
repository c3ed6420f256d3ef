/**
 * templates/istio/certificate.yaml: the gateway's certificate, in the gateway pods' namespace, where Istio reads
 * credentialName (istio/istio pilot/pkg/model/credentials/resource.go, ParseResourceName: "kubernetes://secret-name ...
 * If namespace is not set, we will fetch from the namespace of the proxy").
 */
import { describe, expect, it } from "vitest";
import { find, findAll, lazyDocuments, sourceOf } from "../support.ts";
import { HOST, istio } from "./istio.ts";

const withCertManager = (own: Record<string, unknown> = {}) =>
  lazyDocuments(istio({ certManager: { enabled: true, issuerRef: { name: "letsencrypt" } }, ...own }));

describe("templates/istio/certificate.yaml", () => {
  it("should render no Certificate when istio.certManager.enabled is false (the default)", async () => {
    expect(findAll(await lazyDocuments(istio())(), "Certificate")).toEqual([]);
  });

  it("should issue the gateway's Secret in istio-system (the gateway pods' namespace), not the release namespace, when istio.certManager.enabled", async () => {
    const documents = await withCertManager()();
    expect(sourceOf(documents, "Certificate")).toBe("grpc-gke/templates/istio/certificate.yaml");
    const certificate = find(documents, "Certificate");
    expect(certificate.metadata).toMatchObject({ name: "api-example-com-tls", namespace: "istio-system" });
    expect(certificate.spec).toEqual({
      secretName: "api-example-com-tls",
      dnsNames: [HOST],
      issuerRef: { name: "letsencrypt", kind: "ClusterIssuer", group: "cert-manager.io" },
    });
  });

  it("should follow istio.gateway.namespace, istio.hosts and the issuer kind when they are set", async () => {
    const certificate = find(
      await withCertManager({
        hosts: [HOST, "play.example.com"],
        gateway: { credentialName: "api-example-com-tls", namespace: "edge" },
        certManager: { enabled: true, issuerRef: { name: "edge-ca", kind: "Issuer" } },
      })(),
      "Certificate",
    );
    expect(certificate.metadata?.namespace).toBe("edge");
    expect(certificate.spec.dnsNames).toEqual([HOST, "play.example.com"]);
    expect(certificate.spec.issuerRef).toMatchObject({ name: "edge-ca", kind: "Issuer" });
  });

  it("should leave the backend certificate as it is (the release's Secret for the pods) when the gateway's is issued too", async () => {
    const documents = await withCertManager()();
    const secret = find(documents, "Secret", "gunstars-grpc-gke-backend-tls");
    expect(secret.metadata?.namespace).toBe("games");
  });
});
