/**
 * templates/networkpolicy.yaml with frontend=nginx (the `networkPolicy` hook of nginx/_nginx.tpl): ingress-nginx proxies
 * to the pod endpoints from its controller pods, labelled by its chart `app.kubernetes.io/name: ingress-nginx`
 * (ingress-nginx.selectorLabels) and `app.kubernetes.io/component: controller` (controller-deployment.yaml),
 * kubernetes/ingress-nginx charts/ingress-nginx, controller-v1.15.1. They are admitted on the grpc port and on the extra
 * ports nginx.ingress.extraPaths routes to; the controller health-checks nothing, so the health port admits no one (the
 * kubelet's probes come from the node).
 */
import { describe, expect, it } from "vitest";
import { FULLNAME, find, lazyDocuments } from "../support.ts";

const HOSTS = {
  hosts: [{ host: "api.example.com" }],
  tls: [{ secretName: "api-tls", hosts: ["api.example.com"] }],
};
const controller = (labels: Record<string, string>) => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } },
  ...(Object.keys(labels).length === 0 ? {} : { podSelector: { matchLabels: labels } }),
});
const DEFAULT_LABELS = {
  "app.kubernetes.io/name": "ingress-nginx",
  "app.kubernetes.io/component": "controller",
};

const ingressOf = async (nginx: Record<string, unknown>, values: Record<string, unknown> = {}) => {
  const documents = await lazyDocuments({
    values: {
      frontend: "nginx",
      tests: { enabled: false },
      networkPolicy: { enabled: true },
      ...values,
      nginx: { ...nginx, ingress: { ...HOSTS, ...(nginx.ingress as object) } },
    },
  })();
  return find(documents, "NetworkPolicy", FULLNAME).spec.ingress;
};

describe("templates/networkpolicy.yaml with frontend=nginx", () => {
  it("should admit only the controller pods of nginx.controller.namespace, by the chart's labels, on the grpc port when networkPolicy.clients is empty", async () => {
    expect(await ingressOf({ controller: { namespace: "ingress-nginx" } })).toEqual([
      { from: [controller(DEFAULT_LABELS)], ports: [{ protocol: "TCP", port: 5000 }] },
    ]);
  });

  it("should admit every pod of the namespace when both default nginx.controller.podLabels are set to null", async () => {
    const podLabels = { "app.kubernetes.io/name": null, "app.kubernetes.io/component": null };
    expect(await ingressOf({ controller: { namespace: "ingress-nginx", podLabels } })).toEqual([
      { from: [controller({})], ports: [{ protocol: "TCP", port: 5000 }] },
    ]);
  });

  it("should admit the controller on the extra port that nginx.ingress.extraPaths routes to when extraPorts are set", async () => {
    const rules = await ingressOf(
      {
        controller: { namespace: "ingress-nginx" },
        ingress: { extraPaths: [{ path: "/auth", port: "auth" }] },
      },
      { extraPorts: [{ name: "auth", port: 9999, appProtocol: "http" }] },
    );
    expect(rules).toEqual([
      {
        from: [controller(DEFAULT_LABELS)],
        ports: [
          { protocol: "TCP", port: 5000 },
          { protocol: "TCP", port: 9999 },
        ],
      },
    ]);
  });
});
