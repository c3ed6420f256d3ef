import { describe, expect, it } from "vitest";
import {
  FULLNAME,
  find,
  findAll,
  guardIds,
  guardMessages,
  lazyDocuments,
  renderFailure,
  sourceOf,
} from "../support.ts";

const GRPC_BACKEND = { service: { name: FULLNAME, port: { name: "grpc" } } };

const managed = lazyDocuments({
  values: {
    gkeIngress: {
      ingress: { enabled: true, globalStaticIPName: "grpc-ip" },
      managedCertificate: { domains: ["api.example.com"] },
    },
  },
});
const ingressOf = async (documents: typeof managed) => find(await documents(), "Ingress", FULLNAME);

describe("templates/gke-ingress/ingress.yaml", () => {
  it("should render a networking.k8s.io/v1 Ingress from gke-ingress/ingress.yaml when gkeIngress.ingress.enabled=true", async () => {
    const documents = await managed();
    expect(sourceOf(documents, "Ingress")).toBe("grpc-gke/templates/gke-ingress/ingress.yaml");
    expect(find(documents, "Ingress").apiVersion).toBe("networking.k8s.io/v1");
  });

  it("should carry exactly the GKE annotations when a managed certificate, static IP and FrontendConfig are on", async () => {
    expect((await ingressOf(managed)).metadata?.annotations).toEqual({
      "kubernetes.io/ingress.class": "gce",
      "kubernetes.io/ingress.allow-http": "true",
      "kubernetes.io/ingress.global-static-ip-name": "grpc-ip",
      "networking.gke.io/managed-certificates": FULLNAME,
      "networking.gke.io/v1beta1.FrontendConfig": FULLNAME,
    });
  });

  it("should never set spec.ingressClassName (GKE reads only the annotation) when the class is gce", async () => {
    expect((await ingressOf(managed)).spec.ingressClassName).toBeUndefined();
  });

  it("should route everything to the Service's grpc port by name when gkeIngress.ingress.hosts is empty", async () => {
    const { spec } = await ingressOf(managed);
    expect(spec.defaultBackend).toEqual(GRPC_BACKEND);
    expect(spec.rules).toBeUndefined();
    expect(spec.tls).toBeUndefined();
  });

  const hosts = lazyDocuments({
    values: {
      gkeIngress: {
        ingress: {
          enabled: true,
          allowHttp: false,
          defaultBackend: false,
          hosts: [
            { host: "api.example.com", paths: [{ path: "/gunstars.Realtime/", pathType: "Prefix" }] },
            { host: "play.example.com" },
          ],
          tls: [
            { secretName: "api-example-com-tls", hosts: ["api.example.com"] },
            { secretName: "play-example-com-tls", hosts: ["play.example.com"] },
          ],
          annotations: { "example.com/owner": "backend-team", "kubernetes.io/ingress.allow-http": "true" },
          labels: { "example.com/tier": "edge", "app.kubernetes.io/name": "hijacked" },
        },
        frontendConfig: { redirectToHttps: { enabled: false } },
      },
    },
  });

  it("should render one rule per host, all to the grpc port, with / Prefix by default when gkeIngress.ingress.hosts is set", async () => {
    expect((await ingressOf(hosts)).spec.rules).toEqual([
      {
        host: "api.example.com",
        http: { paths: [{ path: "/gunstars.Realtime/", pathType: "Prefix", backend: GRPC_BACKEND }] },
      },
      {
        host: "play.example.com",
        http: { paths: [{ path: "/", pathType: "Prefix", backend: GRPC_BACKEND }] },
      },
    ]);
  });

  it("should drop the default backend when hosts are set and gkeIngress.ingress.defaultBackend=false", async () => {
    expect((await ingressOf(hosts)).spec.defaultBackend).toBeUndefined();
  });

  it("should list the TLS Secrets in spec.tls when gkeIngress.ingress.tls is set", async () => {
    expect((await ingressOf(hosts)).spec.tls).toEqual([
      { secretName: "api-example-com-tls", hosts: ["api.example.com"] },
      { secretName: "play-example-com-tls", hosts: ["play.example.com"] },
    ]);
  });

  it("should let gkeIngress.ingress.annotations replace the chart's allow-http and add their own keys when set", async () => {
    const annotations = (await ingressOf(hosts)).metadata?.annotations ?? {};
    expect(annotations["kubernetes.io/ingress.allow-http"]).toBe("true");
    expect(annotations["example.com/owner"]).toBe("backend-team");
    expect(annotations["networking.gke.io/managed-certificates"]).toBeUndefined();
    expect(annotations["kubernetes.io/ingress.global-static-ip-name"]).toBeUndefined();
  });

  it("should add gkeIngress.ingress.labels without replacing the chart's own labels when set", async () => {
    const labels = (await ingressOf(hosts)).metadata?.labels ?? {};
    expect(labels["example.com/tier"]).toBe("edge");
    expect(labels["app.kubernetes.io/name"]).toBe("grpc-gke");
  });

  const preShared = lazyDocuments({
    values: {
      gkeIngress: {
        ingress: {
          enabled: true,
          allowHttp: false,
          preSharedCerts: ["api-example-com-2026", "api-example-com-2027"],
          hosts: [{ host: "api.example.com" }],
        },
        frontendConfig: { enabled: false },
      },
    },
  });

  it("should join pre-shared certificates with commas and say allow-http false when they are set", async () => {
    expect((await ingressOf(preShared)).metadata?.annotations).toEqual({
      "kubernetes.io/ingress.class": "gce",
      "kubernetes.io/ingress.allow-http": "false",
      "ingress.gcp.kubernetes.io/pre-shared-cert": "api-example-com-2026,api-example-com-2027",
    });
  });

  it("should keep the default backend next to host rules when gkeIngress.ingress.defaultBackend is the default", async () => {
    const { spec } = await ingressOf(preShared);
    expect(spec.defaultBackend).toEqual(GRPC_BACKEND);
    expect(spec.rules?.map((rule) => rule.host)).toEqual(["api.example.com"]);
  });

  const internal = lazyDocuments({
    values: {
      gkeIngress: {
        ingress: {
          enabled: true,
          class: "gce-internal",
          regionalStaticIPName: "grpc-internal-ip",
          tls: [{ secretName: "internal-tls" }],
        },
        frontendConfig: { enabled: false },
      },
    },
  });

  it("should set the class and the regional static IP annotation when gkeIngress.ingress.class=gce-internal", async () => {
    const ingress = await ingressOf(internal);
    expect(ingress.metadata?.annotations).toEqual({
      "kubernetes.io/ingress.class": "gce-internal",
      "kubernetes.io/ingress.allow-http": "true",
      "kubernetes.io/ingress.regional-static-ip-name": "grpc-internal-ip",
    });
    expect(ingress.spec.ingressClassName).toBeUndefined();
  });

  const off = lazyDocuments();

  it("should render no Ingress when gkeIngress.ingress.enabled is the default false", async () => {
    expect(findAll(await off(), "Ingress")).toEqual([]);
  });

  it("should refuse gkeIngress values with [FRONTEND-SETTINGS], naming each, instead of ignoring them when frontend=none", async () => {
    // The gke-ingress templates (Ingress, ManagedCertificate, FrontendConfig, BackendConfig) all open with
    // `eq .Values.frontend "gkeIngress"`; the guard refuses the values they would ignore first.
    const messages = guardMessages(
      await renderFailure({
        values: {
          frontend: "none",
          gkeIngress: {
            ingress: { enabled: true, globalStaticIPName: "grpc-ip" },
            managedCertificate: { domains: ["api.example.com"] },
          },
        },
      }),
    );
    expect(guardIds(messages)).toEqual(["FRONTEND-SETTINGS"]);
    expect(messages.join("\n")).toContain("gkeIngress.ingress.enabled=true");
    expect(messages.join("\n")).toContain('gkeIngress.managedCertificate.domains=["api.example.com"]');
  });
});
