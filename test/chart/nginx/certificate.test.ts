import { describe, expect, it } from "vitest";
import type { Values } from "../../support/chart.ts";
import { annotation, FULLNAME, find, findAll, lazyDocuments, sourceOf } from "../support.ts";

const TWO_HOSTS = {
  hosts: [{ host: "api.example.com" }, { host: "play.example.com" }],
  tls: [
    { secretName: "api-tls", hosts: ["api.example.com"] },
    { secretName: "play-tls", hosts: ["play.example.com"] },
  ],
};
const nginx = (certManager: Values) => ({
  values: { frontend: "nginx", nginx: { ingress: TWO_HOSTS, certManager } },
});

const explicit = lazyDocuments(nginx({ mode: "certificates" }));

describe("templates/nginx/certificate.yaml", () => {
  it("should render one Certificate per TLS entry, named after its Secret, when certManager.mode=certificates", async () => {
    const documents = await explicit();
    expect(sourceOf(documents, "Certificate")).toBe("grpc-gke/templates/nginx/certificate.yaml");
    expect(findAll(documents, "Certificate").map((certificate) => certificate.spec)).toEqual([
      expect.objectContaining({
        secretName: "api-tls",
        dnsNames: ["api.example.com"],
        issuerRef: { name: `${FULLNAME}-letsencrypt-staging`, kind: "Issuer", group: "cert-manager.io" },
      }),
      expect.objectContaining({ secretName: "play-tls", dnsNames: ["play.example.com"] }),
    ]);
    expect(findAll(documents, "Certificate").map((certificate) => certificate.metadata?.name)).toEqual([
      "api-tls",
      "play-tls",
    ]);
  });

  it("should leave the ingress-shim annotations off the Ingress when certManager.mode=certificates", async () => {
    const keys = Object.keys(find(await explicit(), "Ingress").metadata?.annotations ?? {});
    expect(keys.filter((key) => key.startsWith("cert-manager.io/"))).toEqual([]);
  });

  it("should render no Certificate and name the Issuer on the Ingress (ingress-shim) when certManager.mode is the default", async () => {
    const documents = await lazyDocuments(nginx({}))();
    expect(findAll(documents, "Certificate")).toEqual([]);
    expect(annotation(find(documents, "Ingress"), "cert-manager.io/issuer")).toBe(
      `${FULLNAME}-letsencrypt-staging`,
    );
  });

  it("should name an external issuer through issuer, issuer-kind and issuer-group when issuerRef has another group", async () => {
    const ingress = find(
      await lazyDocuments(
        nginx({
          issuer: { create: false },
          issuerRef: { name: "google-cas", kind: "GoogleCASClusterIssuer", group: "cas-issuer.jetstack.io" },
        }),
      )(),
      "Ingress",
    );
    expect(ingress.metadata?.annotations).toMatchObject({
      "cert-manager.io/issuer": "google-cas",
      "cert-manager.io/issuer-kind": "GoogleCASClusterIssuer",
      "cert-manager.io/issuer-group": "cas-issuer.jetstack.io",
    });
  });

  it("should point the Certificates at the existing issuer when issuer.create=false with issuerRef", async () => {
    const documents = await lazyDocuments(
      nginx({
        mode: "certificates",
        issuer: { create: false },
        issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" },
      }),
    )();
    expect(findAll(documents, "Certificate")[0]?.spec.issuerRef).toEqual({
      name: "letsencrypt",
      kind: "ClusterIssuer",
      group: "cert-manager.io",
    });
  });

  it("should render neither Certificates, issuer nor cert-manager annotations when certManager.mode=none and issuer.create=false", async () => {
    const documents = await lazyDocuments(nginx({ mode: "none", issuer: { create: false } }))();
    expect(findAll(documents, "Certificate")).toEqual([]);
    expect(findAll(documents, "Issuer")).toEqual([]);
    const keys = Object.keys(find(documents, "Ingress").metadata?.annotations ?? {});
    expect(keys.filter((key) => key.startsWith("cert-manager.io/"))).toEqual([]);
  });
});
