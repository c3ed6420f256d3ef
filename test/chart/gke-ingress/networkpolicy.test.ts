/**
 * templates/networkpolicy.yaml with frontend=gkeIngress (the `networkPolicy` hook of gke-ingress/_gke-ingress.tpl):
 * what Google's load balancer needs, by class. Its health checkers connect from Google's ranges (130.211.0.0/22,
 * 35.191.0.0/16) for every class; its proxies from the same ranges for `gce` (Google Front Ends: "GFE proxy ranges:
 * same as health check ranges if the backends are ... zonal NEGs") and from the region's proxy-only subnet for
 * `gce-internal` and `gce-regional-external` (Envoy proxies), https://cloud.google.com/load-balancing/docs/firewall-rules.
 * ingress-gce opens exactly these in the VPC firewall: L7LoadBalancerSrcRanges, plus the subnet of purpose
 * REGIONAL_MANAGED_PROXY (or INTERNAL_HTTPS_LOAD_BALANCER) for those two classes (kubernetes/ingress-gce
 * pkg/firewalls/controller.go, pkg/loadbalancers/features/l7ilb.go, l7rxlb.go). The BackendConfig's health check goes to
 * the health port.
 */
import { describe, expect, it } from "vitest";
import { FULLNAME, find, lazyDocuments } from "../support.ts";

const GOOGLE = [{ ipBlock: { cidr: "130.211.0.0/22" } }, { ipBlock: { cidr: "35.191.0.0/16" } }];
const PROXY_ONLY = [{ ipBlock: { cidr: "10.129.0.0/23" } }];
const TEST_POD = {
  podSelector: {
    matchLabels: {
      "app.kubernetes.io/component": "test",
      "app.kubernetes.io/instance": "gunstars",
      "app.kubernetes.io/name": "grpc-gke-test",
    },
  },
};
const grpcRule = (from: unknown[]) => ({ from, ports: [{ protocol: "TCP", port: 5000 }] });
const healthRule = (from: unknown[]) => ({ from, ports: [{ protocol: "TCP", port: 5001 }] });

const ingressOf = (values: Record<string, unknown>) => {
  const documents = lazyDocuments({ values: { networkPolicy: { enabled: true }, ...values } });
  return async () => find(await documents(), "NetworkPolicy", FULLNAME).spec.ingress;
};

describe("templates/networkpolicy.yaml with frontend=gkeIngress", () => {
  it("should admit Google's ranges on the grpc port and the health port, and no client, when the class is gce (default) and networkPolicy.clients is empty", async () => {
    expect(await ingressOf({})()).toEqual([grpcRule([...GOOGLE, TEST_POD]), healthRule(GOOGLE)]);
  });

  it.concurrent.for(["gce-internal", "gce-regional-external"])(
    "should admit the proxy-only subnet on the grpc port and Google's health checkers on the health port when the class is %s",
    async (klass, { expect }) => {
      const rules = await ingressOf({
        gkeIngress: { ingress: { class: klass } },
        networkPolicy: { enabled: true, proxyOnlySubnets: ["10.129.0.0/23"] },
      })();
      expect(rules).toEqual([grpcRule([...PROXY_ONLY, TEST_POD]), healthRule(GOOGLE)]);
    },
  );

  it("should admit the clients before the load balancer's proxies on the grpc port, and not on the health port, when networkPolicy.clients is set", async () => {
    const clients = [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "lobby" } } }];
    const rules = await ingressOf({ networkPolicy: { enabled: true, clients } })();
    expect(rules).toEqual([grpcRule([...clients, ...GOOGLE, TEST_POD]), healthRule(GOOGLE)]);
  });

  it("should follow ports.grpc and ports.health when they are 50051 and 8080", async () => {
    const rules = await ingressOf({ ports: { grpc: 50051, health: 8080 }, tests: { enabled: false } })();
    expect(rules).toEqual([
      { from: GOOGLE, ports: [{ protocol: "TCP", port: 50051 }] },
      { from: GOOGLE, ports: [{ protocol: "TCP", port: 8080 }] },
    ]);
  });
});
