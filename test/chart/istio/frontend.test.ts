/**
 * frontend=istio as a whole (templates/istio/_istio.tpl, its hooks): the grpc port's appProtocol, no Service
 * annotation, Kestrel's alternate schemes behind the gateway's h2c, the pods' Istio sidecar drain
 * (proxy.istio.io/config) and its place in the grace-period arithmetic, and the NetworkPolicy's sources.
 */
import { describe, expect, it } from "vitest";
import {
  container,
  envOf,
  FULLNAME,
  find,
  findAll,
  lazyDocuments,
  podSpec,
  servicePort,
} from "../support.ts";
import { istio } from "./istio.ts";

const PROXY_CONFIG = "proxy.istio.io/config";
const minimal = lazyDocuments(istio());
const cleartext = lazyDocuments(istio({}, { backendTLS: { mode: "disabled" } }));
const podAnnotations = async (documents: typeof minimal) =>
  find(await documents(), "Deployment").spec.template.metadata?.annotations ?? {};

describe("frontend istio", () => {
  it("should mark the grpc Service port appProtocol grpc, which Istio reads as HTTP/2 over appProtocol's precedence on the port name, when backend TLS is on or off", async () => {
    // istio/istio pkg/config/kube/conversion.go ConvertProtocol: appProtocol, when set, replaces the port name.
    for (const documents of [minimal, cleartext]) {
      const service = find(await documents(), "Service", FULLNAME);
      expect(servicePort(service, "grpc").appProtocol).toBe("grpc");
      expect(servicePort(service, "health").appProtocol).toBe("HTTP");
    }
  });

  it("should put no annotation on the Service (Istio reads ports, not annotations) when frontend=istio", async () => {
    expect(find(await minimal(), "Service", FULLNAME).metadata?.annotations).toBeUndefined();
  });

  it("should target the app's own grpc and health container ports by name when ESP is off (the default)", async () => {
    const documents = await minimal();
    const service = find(documents, "Service", FULLNAME);
    expect(servicePort(service, "grpc").targetPort).toBe("grpc");
    expect(servicePort(service, "health").targetPort).toBe("health");
    expect(podSpec(find(documents, "Deployment")).initContainers).toBeUndefined();
  });

  it("should let Kestrel accept :scheme https over h2c (the gateway forwards the client's) only when backendTLS.mode=disabled", async () => {
    const env = (documents: Awaited<ReturnType<typeof minimal>>) =>
      envOf(container(find(documents, "Deployment")));
    expect(env(await cleartext()).get("Kestrel__AllowAlternateSchemes")).toBe("true");
    expect(env(await minimal()).has("Kestrel__AllowAlternateSchemes")).toBe(false);
  });

  it("should keep the pods' Istio sidecar draining through preStop + drain (15 + 30 = 45 s, not Istio's 5 s) when values are the defaults", async () => {
    expect(await podAnnotations(cleartext)).toEqual({ [PROXY_CONFIG]: "terminationDrainDuration: 45s" });
    expect((await podAnnotations(minimal))[PROXY_CONFIG]).toBe("terminationDrainDuration: 45s");
  });

  it("should follow preStop and the app's drain when they change", async () => {
    const documents = lazyDocuments(
      istio(
        {},
        {
          gracefulShutdown: { preStop: { seconds: 5 }, appDrainSeconds: 50 },
          terminationGracePeriodSeconds: 70,
        },
      ),
    );
    expect((await podAnnotations(documents))[PROXY_CONFIG]).toBe("terminationDrainDuration: 55s");
  });

  it("should write istio.proxy.terminationDrainDurationSeconds and accept a grace period that covers it when it is set", async () => {
    const documents = await lazyDocuments(
      istio({ proxy: { terminationDrainDurationSeconds: 90 } }, { terminationGracePeriodSeconds: 95 }),
    )();
    const deployment = find(documents, "Deployment");
    expect(deployment.spec.template.metadata?.annotations?.[PROXY_CONFIG]).toBe(
      "terminationDrainDuration: 90s",
    );
    expect(podSpec(deployment).terminationGracePeriodSeconds).toBe(95);
  });

  it("should let podAnnotations replace the chart's proxy.istio.io/config and keep both sets of keys when podAnnotations are set", async () => {
    const annotations = await podAnnotations(
      lazyDocuments(
        istio(
          {},
          {
            backendTLS: { mode: "disabled" },
            podAnnotations: { [PROXY_CONFIG]: "holdApplicationUntilProxyStarts: true", team: "game" },
          },
        ),
      ),
    );
    expect(annotations).toEqual({ [PROXY_CONFIG]: "holdApplicationUntilProxyStarts: true", team: "game" });
  });

  it("should put no proxy.istio.io/config on the pods of another frontend when frontend is gkeIngress (the default)", async () => {
    const annotations = find(await lazyDocuments()(), "Deployment").spec.template.metadata?.annotations ?? {};
    expect(Object.keys(annotations)).not.toContain(PROXY_CONFIG);
  });

  it("should admit the ingress gateway pods (their namespace and labels) to the grpc port when networkPolicy.enabled", async () => {
    const documents = await lazyDocuments(
      istio(
        {},
        { networkPolicy: { enabled: true, clients: [{ podSelector: { matchLabels: { role: "client" } } }] } },
      ),
    )();
    const [policy] = findAll(documents, "NetworkPolicy");
    const from = policy?.spec.ingress?.[0]?.from ?? [];
    expect(from).toContainEqual({
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } },
      podSelector: { matchLabels: { istio: "ingressgateway" } },
    });
    expect(policy?.spec.ingress?.[0]?.ports).toEqual([{ protocol: "TCP", port: 5000 }]);
  });
});
