/**
 * templates/networkpolicy.yaml with frontend=gkeGateway (the `networkPolicy` hook of gke-gateway/_gke-gateway.tpl): what
 * the load balancer of gkeGateway.gateway.className needs (the chart's Gateway or the shared one). Global classes
 * (Google Front Ends) connect from Google's ranges, regional and internal ones (Envoy) from the region's proxy-only
 * subnet; health checks always come from Google's ranges
 * (https://cloud.google.com/load-balancing/docs/firewall-rules; classes: FACTS.gkeGateway.classes,
 * https://cloud.google.com/kubernetes-engine/docs/how-to/gatewayclass-capabilities). The HealthCheckPolicy checks the
 * health port, or the grpc port itself (USE_SERVING_PORT) for a gRPC check of an h2c grpc port.
 */
import { describe, expect, it } from "vitest";
import { FULLNAME, find, lazyDocuments } from "../support.ts";

const GOOGLE = [{ ipBlock: { cidr: "130.211.0.0/22" } }, { ipBlock: { cidr: "35.191.0.0/16" } }];
const PROXY_ONLY = [{ ipBlock: { cidr: "10.129.0.0/23" } }];
const grpcRule = (from: unknown[], port = 5000) => ({ from, ports: [{ protocol: "TCP", port }] });
const healthRule = (from: unknown[], port = 5001) => ({ from, ports: [{ protocol: "TCP", port }] });

const ingressOf = async (values: Record<string, unknown>, gateway: Record<string, unknown> = {}) => {
  const documents = await lazyDocuments({
    values: {
      frontend: "gkeGateway",
      tests: { enabled: false },
      ...values,
      gkeGateway: { gateway: { certificateRefs: ["api-tls"], ...gateway }, ...(values.gkeGateway as object) },
    },
  })();
  return find(documents, "NetworkPolicy", FULLNAME).spec.ingress;
};
const np = (more: Record<string, unknown> = {}) => ({ networkPolicy: { enabled: true, ...more } });

describe("templates/networkpolicy.yaml with frontend=gkeGateway", () => {
  it.concurrent.for(["gke-l7-global-external-managed", "gke-l7-gxlb"])(
    "should admit Google's ranges on the grpc port and the health port when the class is %s (global)",
    async (className, { expect }) => {
      expect(await ingressOf(np(), { className })).toEqual([grpcRule(GOOGLE), healthRule(GOOGLE)]);
    },
  );

  it.concurrent.for(["gke-l7-rilb", "gke-l7-regional-external-managed"])(
    "should admit the proxy-only subnet on the grpc port and Google's health checkers on the health port when the class is %s (regional)",
    async (className, { expect }) => {
      expect(await ingressOf(np({ proxyOnlySubnets: ["10.129.0.0/23"] }), { className })).toEqual([
        grpcRule(PROXY_ONLY),
        healthRule(GOOGLE),
      ]);
    },
  );

  it("should admit the health checkers on the grpc port, and no one on the health port, when the gRPC health check goes to the h2c grpc port on a regional class", async () => {
    const rules = await ingressOf(
      {
        ...np({ proxyOnlySubnets: ["10.129.0.0/23"] }),
        backendTLS: { mode: "disabled" },
        gkeGateway: { healthCheck: { type: "GRPC" } },
      },
      { className: "gke-l7-rilb" },
    );
    expect(rules).toEqual([grpcRule([...PROXY_ONLY, ...GOOGLE])]);
  });

  it("should keep the health checkers on the health port when the gRPC health check goes there (TLS grpc port, probes.type=grpc)", async () => {
    const rules = await ingressOf(
      {
        ...np({ proxyOnlySubnets: ["10.129.0.0/23"] }),
        app: { preset: "generic" },
        probes: { type: "grpc" },
        gkeGateway: { healthCheck: { type: "GRPC" } },
      },
      { className: "gke-l7-rilb" },
    );
    expect(rules).toEqual([grpcRule(PROXY_ONLY), healthRule(GOOGLE)]);
  });

  it("should read the class of a shared Gateway from gkeGateway.gateway.className when gkeGateway.sharedGateway.name is set", async () => {
    const documents = await lazyDocuments({
      values: {
        frontend: "gkeGateway",
        tests: { enabled: false },
        gkeGateway: {
          gateway: { className: "gke-l7-rilb" },
          sharedGateway: { name: "internal", namespace: "infra" },
        },
        ...np({ proxyOnlySubnets: ["10.129.0.0/23"] }),
      },
    })();
    expect(find(documents, "NetworkPolicy", FULLNAME).spec.ingress).toEqual([
      grpcRule(PROXY_ONLY),
      healthRule(GOOGLE),
    ]);
  });
});
