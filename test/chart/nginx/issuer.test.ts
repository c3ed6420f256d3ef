import { describe, expect, it } from "vitest";
import type { Values } from "../../support/chart.ts";
import { annotation, FULLNAME, find, findAll, lazyDocuments, NAMESPACE, sourceOf } from "../support.ts";

const HOST = "api.example.com";
const ONE_HOST = { hosts: [{ host: HOST }], tls: [{ secretName: "api-example-com-tls", hosts: [HOST] }] };
const nginx = (certManager: Values, extra: Values = {}) => ({
  values: { frontend: "nginx", nginx: { ingress: ONE_HOST, certManager }, ...extra },
});

const STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory";
const PRODUCTION = "https://acme-v02.api.letsencrypt.org/directory";

const defaults = lazyDocuments(nginx({}));

describe("templates/nginx/issuer.yaml", () => {
  it("should create a namespaced Let's Encrypt staging Issuer named after its environment when values are the defaults", async () => {
    const documents = await defaults();
    expect(sourceOf(documents, "Issuer")).toBe("grpc-gke/templates/nginx/issuer.yaml");
    const issuer = find(documents, "Issuer");
    expect(issuer.metadata).toMatchObject({ name: `${FULLNAME}-letsencrypt-staging`, namespace: NAMESPACE });
    expect(issuer.spec.acme?.server).toBe(STAGING);
  });

  it("should keep the ACME account key in <issuer>-account-key and send no email when acme.email is empty (optional for cert-manager)", async () => {
    const { acme } = find(await defaults(), "Issuer").spec;
    expect(acme?.privateKeySecretRef).toEqual({ name: `${FULLNAME}-letsencrypt-staging-account-key` });
    expect(acme).not.toHaveProperty("email");
  });

  it("should solve http01 through an Ingress of the nginx class with a ClusterIP solver Service when the solver is the default", async () => {
    expect(find(await defaults(), "Issuer").spec.acme?.solvers).toEqual([
      { http01: { ingress: { ingressClassName: "nginx", serviceType: "ClusterIP" } } },
    ]);
  });

  it("should use the production directory under another name, so cert-manager re-issues, when acme.environment=production", async () => {
    const issuer = find(
      await lazyDocuments({
        values: {
          frontend: "nginx",
          nginx: {
            ingress: { ...ONE_HOST, className: "nginx-public" },
            certManager: { issuer: { acme: { environment: "production", email: "ops@example.com" } } },
          },
        },
      })(),
      "Issuer",
    );
    expect(issuer.metadata?.name).toBe(`${FULLNAME}-letsencrypt`);
    expect(issuer.spec.acme).toMatchObject({
      server: PRODUCTION,
      email: "ops@example.com",
      solvers: [{ http01: { ingress: { ingressClassName: "nginx-public" } } }],
    });
  });

  it("should use acme.server and the given account key Secret when acme.environment=custom", async () => {
    const issuer = find(
      await lazyDocuments(
        nginx({
          issuer: {
            acme: {
              environment: "custom",
              server: "https://acme.example.org/directory",
              privateKeySecretName: "acme-key",
            },
          },
        }),
      )(),
      "Issuer",
    );
    expect(issuer.metadata?.name).toBe(`${FULLNAME}-acme`);
    expect(issuer.spec.acme).toMatchObject({
      server: "https://acme.example.org/directory",
      privateKeySecretRef: { name: "acme-key" },
    });
  });

  it("should render a cluster-scoped ClusterIssuer with a Cloud DNS dns01 solver on ambient credentials when kind=ClusterIssuer and solver.type=dns01", async () => {
    const documents = await lazyDocuments(
      nginx({
        issuer: {
          kind: "ClusterIssuer",
          acme: {
            solver: { type: "dns01", cloudDNS: { project: "gunstars-prod", hostedZoneName: "gunstars" } },
          },
        },
      }),
    )();
    expect(findAll(documents, "Issuer")).toEqual([]);
    const issuer = find(documents, "ClusterIssuer");
    expect(issuer.metadata).not.toHaveProperty("namespace");
    expect(issuer.spec.acme?.solvers).toEqual([
      { dns01: { cloudDNS: { project: "gunstars-prod", hostedZoneName: "gunstars" } } },
    ]);
  });

  it("should name the service account key Secret when solver.cloudDNS.serviceAccountSecretRef.name is set", async () => {
    const issuer = find(
      await lazyDocuments(
        nginx({
          issuer: {
            acme: {
              solver: {
                type: "dns01",
                cloudDNS: { project: "p", serviceAccountSecretRef: { name: "clouddns-sa", key: "sa.json" } },
              },
            },
          },
        }),
      )(),
      "Issuer",
    );
    expect(issuer.spec.acme?.solvers?.[0]?.dns01?.cloudDNS?.serviceAccountSecretRef).toEqual({
      name: "clouddns-sa",
      key: "sa.json",
    });
  });

  it("should create no issuer, and let the Ingress name the existing ClusterIssuer, when issuer.create=false with issuerRef", async () => {
    const documents = await lazyDocuments(
      nginx({ issuer: { create: false }, issuerRef: { name: "letsencrypt-prod" } }),
    )();
    expect(findAll(documents, "Issuer")).toEqual([]);
    expect(findAll(documents, "ClusterIssuer")).toEqual([]);
    expect(annotation(find(documents, "Ingress"), "cert-manager.io/cluster-issuer")).toBe("letsencrypt-prod");
  });

  it("should keep the frontend issuer apart from the backend one (a self-signed Issuer for backendTLS) when both are cert-manager's", async () => {
    const names = findAll(
      await lazyDocuments(nginx({}, { backendTLS: { mode: "certManager" } }))(),
      "Issuer",
    ).map((issuer) => [issuer.metadata?.name, Object.keys(issuer.spec)]);
    expect(names).toEqual([
      [`${FULLNAME}-selfsigned`, ["selfSigned"]],
      [`${FULLNAME}-letsencrypt-staging`, ["acme"]],
    ]);
  });
});
