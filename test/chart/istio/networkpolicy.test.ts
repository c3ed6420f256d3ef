/**
 * templates/networkpolicy.yaml with frontend=istio (the `networkPolicy` hook of istio/_istio.tpl): the ingress gateway
 * pods (istio.gateway.selector, the labels the chart's Gateway selects them by) of istio.gateway.namespace, on the port
 * the Service's grpc port lands on: the app's, or ESP's with the sidecar (the `pod` hook's targetPorts).
 */
import { describe, expect, it } from "vitest";
import { FULLNAME, find, lazyDocuments } from "../support.ts";

const GATEWAY = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-ingress" } },
  podSelector: { matchLabels: { istio: "ingressgateway" } },
};
const ISTIO = {
  hosts: ["api.example.com"],
  gateway: { namespace: "istio-ingress", credentialName: "api-tls" },
};

const ingressOf = async (istio: Record<string, unknown>) => {
  const documents = await lazyDocuments({
    values: {
      frontend: "istio",
      backendTLS: { mode: "disabled" },
      tests: { enabled: false },
      istio: { ...ISTIO, ...istio },
      networkPolicy: { enabled: true },
    },
  })();
  return find(documents, "NetworkPolicy", FULLNAME).spec.ingress;
};

describe("templates/networkpolicy.yaml with frontend=istio", () => {
  it("should admit only the gateway pods on the grpc port when networkPolicy.clients is empty (the gateway is the caller)", async () => {
    expect(await ingressOf({})).toEqual([{ from: [GATEWAY], ports: [{ protocol: "TCP", port: 5000 }] }]);
  });

  it.concurrent.for([
    [2, 9000],
    [1, 9000],
  ] as const)(
    "should admit them on ESP's port %s, not the app's 5000, when istio.esp.version=%i",
    async ([version, port], { expect }) => {
      const rules = await ingressOf({
        esp: { enabled: true, version, service: "grpc-api.endpoints.example-project.cloud.goog" },
      });
      expect(rules).toEqual([{ from: [GATEWAY], ports: [{ protocol: "TCP", port }] }]);
    },
  );
});
