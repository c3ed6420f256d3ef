import { describe, expect, it } from "vitest";
import { container, containerPort, FULLNAME, find, lazyDocuments, sourceOf } from "../support.ts";

const GATEWAY = { frontend: "gkeGateway", gkeGateway: { gateway: { certificateRefs: ["api-tls"] } } };
const withValues = (values: Record<string, unknown>, healthCheck: Record<string, unknown> = {}) => ({
  values: { ...values, frontend: "gkeGateway", gkeGateway: { ...GATEWAY.gkeGateway, healthCheck } },
});

const defaults = lazyDocuments({ values: GATEWAY });
const policyOf = async (documents: typeof defaults) => find(await documents(), "HealthCheckPolicy", FULLNAME);

describe("templates/gke-gateway/healthcheckpolicy.yaml", () => {
  it("should render a networking.gke.io/v1 HealthCheckPolicy targeting the Service when frontend=gkeGateway", async () => {
    const documents = await defaults();
    expect(sourceOf(documents, "HealthCheckPolicy")).toBe(
      "grpc-gke/templates/gke-gateway/healthcheckpolicy.yaml",
    );
    expect((await policyOf(defaults)).spec.targetRef).toEqual({ group: "", kind: "Service", name: FULLNAME });
  });

  it("should check HTTP on the health port 5001 at /health with googleLoadBalancer's timing when values are the defaults", async () => {
    expect((await policyOf(defaults)).spec.default).toEqual({
      checkIntervalSec: 15,
      timeoutSec: 5,
      healthyThreshold: 1,
      unhealthyThreshold: 2,
      config: {
        type: "HTTP",
        httpHealthCheck: { portSpecification: "USE_FIXED_PORT", port: 5001, requestPath: "/health" },
      },
    });
  });

  const moved = lazyDocuments(
    withValues({
      ports: { grpc: 50051, health: 8080 },
      health: { path: "/healthz" },
      probes: { readiness: { path: "/ready" } },
    }),
  );

  it("should check the health containerPort at the readiness probe's path when ports and paths change", async () => {
    const documents = await moved();
    const http = (await policyOf(moved)).spec.default?.config?.httpHealthCheck;
    expect(http?.port).toBe(containerPort(container(find(documents, "Deployment")), "health").containerPort);
    expect(http?.requestPath).toBe("/ready");
  });

  const h2c = lazyDocuments(
    withValues({ backendTLS: { mode: "disabled" } }, { type: "GRPC", grpcServiceName: "game.v1.Match" }),
  );

  it("should check grpc.health.v1 on the serving (grpc) port itself when the check is GRPC and the grpc port is h2c", async () => {
    expect((await policyOf(h2c)).spec.default?.config).toEqual({
      type: "GRPC",
      grpcHealthCheck: { portSpecification: "USE_SERVING_PORT", grpcServiceName: "game.v1.Match" },
    });
  });

  const grpcHealthPort = lazyDocuments(
    withValues({ app: { preset: "generic" }, probes: { type: "grpc" } }, { type: "GRPC" }),
  );

  it("should check grpc.health.v1 on the health port (h2c with probes.type=grpc) when the grpc port serves TLS", async () => {
    expect((await policyOf(grpcHealthPort)).spec.default?.config).toEqual({
      type: "GRPC",
      grpcHealthCheck: { portSpecification: "USE_FIXED_PORT", port: 5001 },
    });
  });

  const tuned = lazyDocuments({
    values: {
      ...GATEWAY,
      googleLoadBalancer: {
        healthCheck: { checkIntervalSec: 30, timeoutSec: 30, healthyThreshold: 3, unhealthyThreshold: 10 },
      },
    },
  });

  it("should take interval, timeout and thresholds from googleLoadBalancer.healthCheck when they are set", async () => {
    expect((await policyOf(tuned)).spec.default).toMatchObject({
      checkIntervalSec: 30,
      timeoutSec: 30,
      healthyThreshold: 3,
      unhealthyThreshold: 10,
    });
  });
});
