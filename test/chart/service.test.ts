import { describe, expect, it } from "vitest";
import {
  annotation,
  FULLNAME,
  find,
  jsonAnnotation,
  lazyDocuments,
  servicePort,
  sourceOf,
} from "./support.ts";

const defaults = lazyDocuments();
const serviceOf = async (documents: typeof defaults) => find(await documents(), "Service", FULLNAME);

describe("templates/service.yaml", () => {
  it("should render a ClusterIP Service from service.yaml when values are the defaults", async () => {
    const documents = await defaults();
    expect(sourceOf(documents, "Service")).toBe("grpc-gke/templates/service.yaml");
    expect(find(documents, "Service").spec.type).toBe("ClusterIP");
  });

  it("should select pods on exactly name and instance when values are the defaults", async () => {
    expect((await serviceOf(defaults)).spec.selector).toEqual({
      "app.kubernetes.io/name": "grpc-gke",
      "app.kubernetes.io/instance": "gunstars",
    });
  });

  describe("ports", () => {
    it("should expose grpc 5000 as HTTP2 and health 5001 as HTTP, targeting the container ports by name, when values are the defaults", async () => {
      expect((await serviceOf(defaults)).spec.ports).toEqual([
        { name: "grpc", port: 5000, targetPort: "grpc", protocol: "TCP", appProtocol: "HTTP2" },
        { name: "health", port: 5001, targetPort: "health", protocol: "TCP", appProtocol: "HTTP" },
      ]);
    });

    const customPorts = lazyDocuments({ values: { ports: { grpc: 50051, health: 8080 } } });

    it("should expose the custom numbers under the same names when ports.grpc/ports.health change", async () => {
      const service = await serviceOf(customPorts);
      expect(servicePort(service, "grpc")).toMatchObject({ port: 50051, targetPort: "grpc" });
      expect(servicePort(service, "health")).toMatchObject({ port: 8080, targetPort: "health" });
    });

    it("should expose each extraPorts entry under its name, targeting the container port by name, with its appProtocol only when given", async () => {
      const service = await serviceOf(
        lazyDocuments({
          values: {
            extraPorts: [
              { name: "auth", port: 9999, appProtocol: "http" },
              { name: "ws", port: 9998 },
            ],
          },
        }),
      );
      expect(service.spec.ports?.slice(2)).toEqual([
        { name: "auth", port: 9999, targetPort: "auth", protocol: "TCP", appProtocol: "http" },
        { name: "ws", port: 9998, targetPort: "ws", protocol: "TCP" },
      ]);
    });
  });

  describe("GKE annotations (frontend gkeIngress, the default)", () => {
    it('should enable container-native load balancing with neg {"ingress": true} when values are the defaults', async () => {
      expect(jsonAnnotation(await serviceOf(defaults), "cloud.google.com/neg")).toEqual({ ingress: true });
    });

    it("should map the grpc port to HTTP2 and health to HTTP in app-protocols when TLS is on", async () => {
      expect(jsonAnnotation(await serviceOf(defaults), "cloud.google.com/app-protocols")).toEqual({
        grpc: "HTTP2",
        health: "HTTP",
      });
    });

    it("should bind the BackendConfig to the grpc port only when gkeIngress.backendConfig is enabled (default)", async () => {
      expect(jsonAnnotation(await serviceOf(defaults), "cloud.google.com/backend-config")).toEqual({
        ports: { grpc: FULLNAME },
      });
    });

    it("should carry exactly the three GKE annotations when values are the defaults", async () => {
      expect(Object.keys((await serviceOf(defaults)).metadata?.annotations ?? {}).sort()).toEqual([
        "cloud.google.com/app-protocols",
        "cloud.google.com/backend-config",
        "cloud.google.com/neg",
      ]);
    });
  });

  describe("cleartext and no BackendConfig", () => {
    const h2c = lazyDocuments({
      values: { backendTLS: { mode: "disabled" }, gkeIngress: { backendConfig: { enabled: false } } },
    });

    it("should mark the grpc port kubernetes.io/h2c and leave it out of app-protocols when backendTLS.mode=disabled", async () => {
      const service = await serviceOf(h2c);
      expect(servicePort(service, "grpc").appProtocol).toBe("kubernetes.io/h2c");
      expect(jsonAnnotation(service, "cloud.google.com/app-protocols")).toEqual({ health: "HTTP" });
    });

    it("should drop the backend-config annotation when gkeIngress.backendConfig.enabled=false", async () => {
      const service = await serviceOf(h2c);
      expect(service.metadata?.annotations?.["cloud.google.com/backend-config"]).toBeUndefined();
    });
  });

  describe("frontend none", () => {
    const none = lazyDocuments({ values: { frontend: "none" } });

    it("should carry no annotation and keep both ports when frontend=none", async () => {
      const service = await serviceOf(none);
      expect(service.metadata?.annotations).toBeUndefined();
      expect(service.spec.type).toBe("ClusterIP");
      expect(service.spec.ports).toEqual([
        { name: "grpc", port: 5000, targetPort: "grpc", protocol: "TCP", appProtocol: "HTTP2" },
        { name: "health", port: 5001, targetPort: "health", protocol: "TCP", appProtocol: "HTTP" },
      ]);
    });

    const noneCleartext = lazyDocuments({ values: { frontend: "none", backendTLS: { mode: "disabled" } } });

    it("should mark the grpc port kubernetes.io/h2c when frontend=none and backendTLS.mode=disabled", async () => {
      expect(servicePort(await serviceOf(noneCleartext), "grpc").appProtocol).toBe("kubernetes.io/h2c");
    });

    const noneAnnotated = lazyDocuments({
      values: { frontend: "none", service: { annotations: { "example.com/owner": "backend-team" } } },
    });

    it("should carry exactly service.annotations when frontend=none and they are set", async () => {
      expect((await serviceOf(noneAnnotated)).metadata?.annotations).toEqual({
        "example.com/owner": "backend-team",
      });
    });
  });

  describe("frontend gkeGateway", () => {
    const GATEWAY = { frontend: "gkeGateway", gkeGateway: { gateway: { certificateRefs: ["api-tls"] } } };
    const gateway = lazyDocuments({ values: GATEWAY });
    const gatewayH2c = lazyDocuments({ values: { ...GATEWAY, backendTLS: { mode: "disabled" } } });

    it("should carry no annotation (no NEG, app-protocols or backend-config: the Gateway controller reads none) when frontend=gkeGateway", async () => {
      expect((await serviceOf(gateway)).metadata?.annotations).toBeUndefined();
    });

    it("should tell the Gateway HTTP/2 over TLS with appProtocol HTTP2 on grpc and HTTP on health when backend TLS is on", async () => {
      const service = await serviceOf(gateway);
      expect(servicePort(service, "grpc").appProtocol).toBe("HTTP2");
      expect(servicePort(service, "health").appProtocol).toBe("HTTP");
    });

    it("should tell the Gateway cleartext HTTP/2 with appProtocol kubernetes.io/h2c when backendTLS.mode=disabled", async () => {
      expect(servicePort(await serviceOf(gatewayH2c), "grpc").appProtocol).toBe("kubernetes.io/h2c");
    });
  });

  describe("frontend nginx", () => {
    const nginxValues = (backendTLS: Record<string, unknown>) => ({
      values: {
        frontend: "nginx",
        backendTLS,
        nginx: {
          ingress: {
            hosts: [{ host: "api.example.com" }],
            tls: [{ secretName: "api-tls", hosts: ["api.example.com"] }],
          },
        },
      },
    });

    it("should carry no annotation (ingress-nginx reads none from the Service) when frontend=nginx", async () => {
      expect((await serviceOf(lazyDocuments(nginxValues({})))).metadata).not.toHaveProperty("annotations");
    });

    it("should say what the pod serves on the grpc port: HTTP2 with TLS, kubernetes.io/h2c without, when frontend=nginx", async () => {
      expect(servicePort(await serviceOf(lazyDocuments(nginxValues({}))), "grpc").appProtocol).toBe("HTTP2");
      expect(
        servicePort(await serviceOf(lazyDocuments(nginxValues({ mode: "disabled" }))), "grpc").appProtocol,
      ).toBe("kubernetes.io/h2c");
    });
  });

  describe("user metadata", () => {
    const extra = lazyDocuments({
      values: {
        service: {
          annotations: {
            "networking.gke.io/max-rate-per-endpoint": "100",
            "cloud.google.com/neg": '{"ingress": true, "zones": ["europe-west1-b"]}',
          },
          labels: { "example.com/tier": "backend", "app.kubernetes.io/name": "hijacked" },
        },
      },
    });

    it("should add service.annotations and let a key there replace the chart's when it is set", async () => {
      const service = await serviceOf(extra);
      expect(annotation(service, "networking.gke.io/max-rate-per-endpoint")).toBe("100");
      expect(jsonAnnotation(service, "cloud.google.com/neg")).toEqual({
        ingress: true,
        zones: ["europe-west1-b"],
      });
      expect(jsonAnnotation(service, "cloud.google.com/app-protocols")).toEqual({
        grpc: "HTTP2",
        health: "HTTP",
      });
    });

    it("should add service.labels without replacing the chart's own labels when they try to", async () => {
      const labels = (await serviceOf(extra)).metadata?.labels ?? {};
      expect(labels["example.com/tier"]).toBe("backend");
      expect(labels["app.kubernetes.io/name"]).toBe("grpc-gke");
    });
  });
});
