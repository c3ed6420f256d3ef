import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, sourceOf } from "../support.ts";

const INGRESS = { enabled: true, globalStaticIPName: "grpc-ip" };

const twoDomains = lazyDocuments({
  values: {
    gkeIngress: {
      ingress: INGRESS,
      managedCertificate: { domains: ["api.example.com", "play.example.com"] },
    },
  },
});

describe("templates/gke-ingress/managedcertificate.yaml", () => {
  it("should render a networking.gke.io/v1 ManagedCertificate from gke-ingress/managedcertificate.yaml when domains are set", async () => {
    const documents = await twoDomains();
    expect(sourceOf(documents, "ManagedCertificate")).toBe(
      "grpc-gke/templates/gke-ingress/managedcertificate.yaml",
    );
    expect(find(documents, "ManagedCertificate", FULLNAME).apiVersion).toBe("networking.gke.io/v1");
  });

  it("should list exactly gkeIngress.managedCertificate.domains when they are set", async () => {
    expect(find(await twoDomains(), "ManagedCertificate").spec).toEqual({
      domains: ["api.example.com", "play.example.com"],
    });
  });

  it("should be named by the Ingress managed-certificates annotation when domains are set", async () => {
    const documents = await twoDomains();
    const ingress = find(documents, "Ingress");
    expect(ingress.metadata?.annotations?.["networking.gke.io/managed-certificates"]).toBe(
      find(documents, "ManagedCertificate").metadata?.name,
    );
  });

  const preShared = lazyDocuments({
    values: { gkeIngress: { ingress: { ...INGRESS, preSharedCerts: ["api-cert"] } } },
  });

  it("should render no ManagedCertificate and no annotation when gkeIngress.managedCertificate.domains is empty", async () => {
    const documents = await preShared();
    expect(findAll(documents, "ManagedCertificate")).toEqual([]);
    const annotations = find(documents, "Ingress").metadata?.annotations ?? {};
    expect(annotations["networking.gke.io/managed-certificates"]).toBeUndefined();
  });

  const noIngress = lazyDocuments({
    values: { gkeIngress: { managedCertificate: { domains: ["api.example.com"] } } },
  });

  it("should render no ManagedCertificate when gkeIngress.ingress.enabled=false", async () => {
    expect(findAll(await noIngress(), "ManagedCertificate")).toEqual([]);
  });
});
