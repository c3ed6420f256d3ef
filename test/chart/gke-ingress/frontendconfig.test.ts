import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, sourceOf } from "../support.ts";

const INGRESS = { enabled: true, globalStaticIPName: "grpc-ip" };
const CERTIFICATE = { domains: ["api.example.com"] };

const defaults = lazyDocuments({
  values: { gkeIngress: { ingress: INGRESS, managedCertificate: CERTIFICATE } },
});

describe("templates/gke-ingress/frontendconfig.yaml", () => {
  it("should render a networking.gke.io/v1beta1 FrontendConfig from gke-ingress/frontendconfig.yaml when the Ingress is on", async () => {
    const documents = await defaults();
    const frontendConfig = find(documents, "FrontendConfig", FULLNAME);
    expect(sourceOf(documents, "FrontendConfig")).toBe("grpc-gke/templates/gke-ingress/frontendconfig.yaml");
    expect(frontendConfig.apiVersion).toBe("networking.gke.io/v1beta1");
  });

  it("should redirect HTTP to HTTPS with 301 and no SSL policy when gkeIngress.frontendConfig is the default", async () => {
    expect(find(await defaults(), "FrontendConfig").spec).toEqual({
      redirectToHttps: { enabled: true, responseCodeName: "MOVED_PERMANENTLY_DEFAULT" },
    });
  });

  const modern = lazyDocuments({
    values: {
      gkeIngress: {
        ingress: INGRESS,
        managedCertificate: CERTIFICATE,
        frontendConfig: {
          redirectToHttps: { responseCodeName: "PERMANENT_REDIRECT" },
          sslPolicy: "tls12-modern",
        },
      },
    },
  });

  it("should use the redirect code and SSL policy when they are set", async () => {
    expect(find(await modern(), "FrontendConfig").spec).toEqual({
      redirectToHttps: { enabled: true, responseCodeName: "PERMANENT_REDIRECT" },
      sslPolicy: "tls12-modern",
    });
  });

  const httpsOnly = lazyDocuments({
    values: {
      gkeIngress: {
        ingress: { ...INGRESS, allowHttp: false },
        managedCertificate: CERTIFICATE,
        frontendConfig: { redirectToHttps: { enabled: false } },
      },
    },
  });

  it("should turn the redirect off without a response code when redirectToHttps.enabled=false", async () => {
    expect(find(await httpsOnly(), "FrontendConfig").spec).toEqual({ redirectToHttps: { enabled: false } });
  });

  const noIngress = lazyDocuments({ values: { gkeIngress: { managedCertificate: CERTIFICATE } } });

  it("should render no FrontendConfig when gkeIngress.ingress.enabled=false", async () => {
    expect(findAll(await noIngress(), "FrontendConfig")).toEqual([]);
  });

  const off = lazyDocuments({
    values: {
      gkeIngress: { ingress: INGRESS, managedCertificate: CERTIFICATE, frontendConfig: { enabled: false } },
    },
  });

  it("should render no FrontendConfig and no Ingress reference when gkeIngress.frontendConfig.enabled=false", async () => {
    const documents = await off();
    expect(findAll(documents, "FrontendConfig")).toEqual([]);
    const annotations = find(documents, "Ingress").metadata?.annotations ?? {};
    expect(annotations["networking.gke.io/v1beta1.FrontendConfig"]).toBeUndefined();
  });
});
