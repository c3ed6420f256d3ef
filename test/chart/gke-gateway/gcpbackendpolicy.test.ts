import { FACTS } from "@grpc-gke/facts";
import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, renderChart, renderFailure, sourceOf } from "../support.ts";

const GATEWAY = { frontend: "gkeGateway", gkeGateway: { gateway: { certificateRefs: ["api-tls"] } } };
const withValues = (values: Record<string, unknown>) => ({ values: { ...GATEWAY, ...values } });

const defaults = lazyDocuments({ values: GATEWAY });
const policyOf = async (documents: typeof defaults) => find(await documents(), "GCPBackendPolicy", FULLNAME);
/** googleLoadBalancer.logging with the given sample rate, rendered to GCPBackendPolicy logging. */
const loggingAt = async (sampleRate: number) =>
  find(
    (await renderChart(withValues({ googleLoadBalancer: { logging: { enabled: true, sampleRate } } })))
      .documents,
    "GCPBackendPolicy",
  ).spec.default?.logging;

describe("templates/gke-gateway/gcpbackendpolicy.yaml", () => {
  it("should render a networking.gke.io/v1 GCPBackendPolicy targeting the Service when frontend=gkeGateway", async () => {
    const documents = await defaults();
    expect(sourceOf(documents, "GCPBackendPolicy")).toBe(
      "grpc-gke/templates/gke-gateway/gcpbackendpolicy.yaml",
    );
    const policy = await policyOf(defaults);
    expect(policy.apiVersion).toBe("networking.gke.io/v1");
    expect(policy.spec.targetRef).toEqual({ group: "", kind: "Service", name: FULLNAME });
    expect(find(documents, "Service").metadata?.name).toBe(FULLNAME);
  });

  it("should keep streams open for an hour and drain for 30 s, logging every request, when googleLoadBalancer is the default", async () => {
    expect((await policyOf(defaults)).spec.default).toEqual({
      timeoutSec: 3600,
      connectionDraining: { drainingTimeoutSec: 30 },
      logging: { enabled: true, sampleRate: FACTS.gkeGateway.logSampleRateScale },
    });
  });

  it.each([
    [1.0, 1_000_000],
    [0.25, 250_000],
    [0.1, 100_000],
    [0.000001, 1],
    [0, 0],
  ])(
    "should convert googleLoadBalancer.logging.sampleRate=%d into the integer %d millionths GCPBackendPolicy takes",
    async (rate, expected) => {
      const logging = await loggingAt(rate);
      expect(logging?.sampleRate).toBe(expected);
      expect(Number.isInteger(logging?.sampleRate)).toBe(true);
    },
  );

  const noLogging = lazyDocuments(withValues({ googleLoadBalancer: { logging: { enabled: false } } }));

  it("should turn logging off with no sampleRate (GKE takes it only with logging on) when googleLoadBalancer.logging.enabled=false", async () => {
    expect((await policyOf(noLogging)).spec.default?.logging).toEqual({ enabled: false });
  });

  const tuned = lazyDocuments(
    withValues({
      googleLoadBalancer: {
        timeoutSec: 86400,
        connectionDraining: { drainingTimeoutSec: 45 },
        securityPolicy: { enabled: true, name: "edge-armor" },
        sessionAffinity: { type: "GENERATED_COOKIE", cookieTtlSec: 1_209_600 },
      },
      terminationGracePeriodSeconds: 90,
      gkeGateway: {
        gateway: { certificateRefs: ["api-tls"] },
        backendPolicy: {
          maxRatePerEndpoint: 250,
          iap: { enabled: true, clientID: "id.apps.googleusercontent.com", oauth2ClientSecret: "iap-oauth" },
        },
      },
    }),
  );

  it("should carry the timeout, draining, Cloud Armor, affinity, rate and IAP when they are set", async () => {
    const policy = (await policyOf(tuned)).spec.default;
    expect(policy).toMatchObject({
      timeoutSec: 86400,
      connectionDraining: { drainingTimeoutSec: 45 },
      securityPolicy: "edge-armor",
      maxRatePerEndpoint: 250,
      iap: {
        enabled: true,
        clientID: "id.apps.googleusercontent.com",
        oauth2ClientSecret: { name: "iap-oauth" },
      },
    });
  });

  it("should accept a cookie lifetime of two weeks, above BackendConfig's one day, when the frontend is gkeGateway", async () => {
    expect((await policyOf(tuned)).spec.default?.sessionAffinity).toEqual({
      type: "GENERATED_COOKIE",
      cookieTtlSec: 1_209_600,
    });
  });

  it("should refuse a cookie lifetime above two weeks (the GCPBackendPolicy CRD's maximum) in the values schema", async () => {
    const message = await renderFailure(
      withValues({
        googleLoadBalancer: { sessionAffinity: { type: "GENERATED_COOKIE", cookieTtlSec: 1_209_601 } },
      }),
    );
    expect(message).toContain("cookieTtlSec");
  });

  it("should leave Cloud Armor, affinity, rate and IAP out when they are the defaults", async () => {
    expect(Object.keys((await policyOf(defaults)).spec.default ?? {}).sort()).toEqual([
      "connectionDraining",
      "logging",
      "timeoutSec",
    ]);
  });

  const none = lazyDocuments({ values: { frontend: "none" } });

  it("should render no GCPBackendPolicy, HealthCheckPolicy or GCPGatewayPolicy when frontend is not gkeGateway", async () => {
    for (const documents of [await none(), (await renderChart()).documents]) {
      expect(findAll(documents, "GCPBackendPolicy")).toEqual([]);
      expect(findAll(documents, "HealthCheckPolicy")).toEqual([]);
      expect(findAll(documents, "GCPGatewayPolicy")).toEqual([]);
    }
  });
});
