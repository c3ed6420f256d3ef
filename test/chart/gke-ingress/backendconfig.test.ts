import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, sourceOf } from "../support.ts";

const defaults = lazyDocuments();
const backendConfigOf = async (documents: typeof defaults) =>
  find(await documents(), "BackendConfig", FULLNAME);

describe("templates/gke-ingress/backendconfig.yaml", () => {
  it("should render a cloud.google.com/v1 BackendConfig from gke-ingress/backendconfig.yaml when values are the defaults", async () => {
    const documents = await defaults();
    expect(sourceOf(documents, "BackendConfig")).toBe("grpc-gke/templates/gke-ingress/backendconfig.yaml");
    expect(find(documents, "BackendConfig").apiVersion).toBe("cloud.google.com/v1");
  });

  it("should health-check over HTTP (the only type, always) on port 5001 at /health when values are the defaults", async () => {
    expect((await backendConfigOf(defaults)).spec.healthCheck).toEqual({
      type: "HTTP",
      port: 5001,
      requestPath: "/health",
      checkIntervalSec: 15,
      timeoutSec: 5,
      healthyThreshold: 1,
      unhealthyThreshold: 2,
    });
  });

  it("should keep streams open for an hour (timeoutSec 3600, far above GCP's 30 s) when values are the defaults", async () => {
    const { spec } = await backendConfigOf(defaults);
    expect(spec.timeoutSec).toBe(3600);
  });

  it("should drain connections for 30 s when values are the defaults", async () => {
    expect((await backendConfigOf(defaults)).spec.connectionDraining).toEqual({ drainingTimeoutSec: 30 });
  });

  it("should log every request and leave Cloud Armor, affinity and headers unmanaged when values are the defaults", async () => {
    const { spec } = await backendConfigOf(defaults);
    expect(spec.logging).toEqual({ enable: true, sampleRate: 1 });
    expect(Object.keys(spec).sort()).toEqual(["connectionDraining", "healthCheck", "logging", "timeoutSec"]);
  });

  const moved = lazyDocuments({
    values: {
      ports: { grpc: 50051, health: 8080 },
      health: { path: "/healthz" },
      probes: { readiness: { path: "/health/ready" } },
    },
  });

  it("should check ports.health at the readiness probe's own path when both change", async () => {
    const { healthCheck } = (await backendConfigOf(moved)).spec;
    expect(healthCheck?.port).toBe(8080);
    expect(healthCheck?.requestPath).toBe("/health/ready");
  });

  const grpcProbes = lazyDocuments({
    values: {
      app: { preset: "generic" },
      health: { path: "/healthz" },
      probes: { type: "grpc", readiness: { path: "/ignored-by-grpc-probes" } },
    },
  });

  it("should check health.path over HTTP when probes.type=grpc (the load balancer cannot use gRPC probes)", async () => {
    const { healthCheck } = (await backendConfigOf(grpcProbes)).spec;
    expect(healthCheck?.type).toBe("HTTP");
    expect(healthCheck?.requestPath).toBe("/healthz");
  });

  const tuned = lazyDocuments({
    values: {
      googleLoadBalancer: {
        timeoutSec: 86400,
        connectionDraining: { drainingTimeoutSec: 45 },
        healthCheck: { checkIntervalSec: 10, timeoutSec: 10, healthyThreshold: 2, unhealthyThreshold: 3 },
        securityPolicy: { enabled: true, name: "gunstars-edge-policy" },
        logging: { enabled: true, sampleRate: 0.25 },
        sessionAffinity: { type: "GENERATED_COOKIE", cookieTtlSec: 86400 },
      },
      gkeIngress: {
        backendConfig: {
          customRequestHeaders: ["X-Client-Region: {client_region}"],
          customResponseHeaders: ["Strict-Transport-Security: max-age=31536000"],
        },
      },
      terminationGracePeriodSeconds: 120,
    },
  });

  it("should pass googleLoadBalancer's timeoutSec, draining and health-check timings through when they are set", async () => {
    const { spec } = await backendConfigOf(tuned);
    expect(spec.timeoutSec).toBe(86400);
    expect(spec.connectionDraining?.drainingTimeoutSec).toBe(45);
    expect(spec.healthCheck).toMatchObject({
      checkIntervalSec: 10,
      timeoutSec: 10,
      healthyThreshold: 2,
      unhealthyThreshold: 3,
    });
  });

  it("should attach the Cloud Armor policy when googleLoadBalancer.securityPolicy is enabled with a name", async () => {
    expect((await backendConfigOf(tuned)).spec.securityPolicy).toEqual({ name: "gunstars-edge-policy" });
  });

  it("should sample logs at googleLoadBalancer.logging.sampleRate when it is set", async () => {
    expect((await backendConfigOf(tuned)).spec.logging).toEqual({ enable: true, sampleRate: 0.25 });
  });

  it("should set cookie session affinity with its TTL, up to a day, when googleLoadBalancer.sessionAffinity type and cookieTtlSec are set", async () => {
    expect((await backendConfigOf(tuned)).spec.sessionAffinity).toEqual({
      affinityType: "GENERATED_COOKIE",
      affinityCookieTtlSec: 86400,
    });
  });

  it("should add the custom request and response headers when gkeIngress.backendConfig sets them", async () => {
    const { spec } = await backendConfigOf(tuned);
    expect(spec.customRequestHeaders).toEqual({ headers: ["X-Client-Region: {client_region}"] });
    expect(spec.customResponseHeaders).toEqual({ headers: ["Strict-Transport-Security: max-age=31536000"] });
  });

  const detached = lazyDocuments({
    values: {
      googleLoadBalancer: {
        securityPolicy: { enabled: true, name: "" },
        logging: { enabled: false, sampleRate: 0.5 },
        sessionAffinity: { type: "CLIENT_IP" },
      },
    },
  });

  it("should render an empty Cloud Armor name (detach) when securityPolicy is enabled without a name", async () => {
    expect((await backendConfigOf(detached)).spec.securityPolicy).toEqual({ name: "" });
  });

  it("should disable logging without a sample rate when logging.enabled=false", async () => {
    expect((await backendConfigOf(detached)).spec.logging).toEqual({ enable: false });
  });

  it("should omit the cookie TTL when googleLoadBalancer.sessionAffinity.cookieTtlSec is null", async () => {
    expect((await backendConfigOf(detached)).spec.sessionAffinity).toEqual({ affinityType: "CLIENT_IP" });
  });

  const disabled = lazyDocuments({ values: { gkeIngress: { backendConfig: { enabled: false } } } });

  it("should render no BackendConfig when gkeIngress.backendConfig.enabled=false", async () => {
    expect(findAll(await disabled(), "BackendConfig")).toEqual([]);
  });

  const none = lazyDocuments({ values: { frontend: "none" } });

  it("should render no BackendConfig when frontend=none", async () => {
    expect(findAll(await none(), "BackendConfig")).toEqual([]);
  });
});
