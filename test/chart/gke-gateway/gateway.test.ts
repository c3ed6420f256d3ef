import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, sourceOf } from "../support.ts";

/** frontend=gkeGateway with the least it needs: one certificate (a kubernetes.io/tls Secret). */
const GATEWAY = { frontend: "gkeGateway", gkeGateway: { gateway: { certificateRefs: ["api-tls"] } } };
const withGateway = (gateway: Record<string, unknown>) => ({
  values: { frontend: "gkeGateway", gkeGateway: { gateway } },
});

const minimal = lazyDocuments({ values: GATEWAY });
const gatewayOf = async (documents: typeof minimal) => find(await documents(), "Gateway", FULLNAME);
const listener = async (documents: typeof minimal, name: string) => {
  const found = (await gatewayOf(documents)).spec.listeners.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`the Gateway has no listener ${name}`);
  return found;
};

describe("templates/gke-gateway/gateway.yaml", () => {
  it("should render a gateway.networking.k8s.io/v1 Gateway from gke-gateway/gateway.yaml when frontend=gkeGateway", async () => {
    const documents = await minimal();
    expect(sourceOf(documents, "Gateway")).toBe("grpc-gke/templates/gke-gateway/gateway.yaml");
    expect(find(documents, "Gateway").apiVersion).toBe("gateway.networking.k8s.io/v1");
  });

  it("should use the global external managed class when gkeGateway.gateway.className is the default", async () => {
    expect((await gatewayOf(minimal)).spec.gatewayClassName).toBe("gke-l7-global-external-managed");
  });

  it("should listen for HTTPS on 443 only, terminating TLS with the Secret, when certificateRefs is set and httpListener is the default", async () => {
    expect((await gatewayOf(minimal)).spec.listeners).toEqual([
      {
        name: "https",
        protocol: "HTTPS",
        port: 443,
        tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: "api-tls" }] },
        allowedRoutes: { namespaces: { from: "Same" } },
      },
    ]);
  });

  it("should request no address (an ephemeral one) when gkeGateway.gateway.addressName is empty", async () => {
    expect((await gatewayOf(minimal)).spec.addresses).toBeUndefined();
  });

  const reserved = lazyDocuments(withGateway({ certificateRefs: ["api-tls"], addressName: "grpc-ip" }));

  it("should name the reserved address as a NamedAddress when gkeGateway.gateway.addressName is set", async () => {
    expect((await gatewayOf(reserved)).spec.addresses).toEqual([{ type: "NamedAddress", value: "grpc-ip" }]);
  });

  const options = lazyDocuments(
    withGateway({
      className: "gke-l7-regional-external-managed",
      preSharedCerts: ["cert-a", "cert-b"],
      certificateManagerCerts: ["regional-cert"],
    }),
  );

  it("should pass pre-shared and Certificate Manager certificates as comma-separated tls.options when they are set", async () => {
    expect((await listener(options, "https")).tls).toEqual({
      mode: "Terminate",
      options: {
        "networking.gke.io/pre-shared-certs": "cert-a,cert-b",
        "networking.gke.io/cert-manager-certs": "regional-cert",
      },
    });
  });

  it("should take the class from gkeGateway.gateway.className when it is set", async () => {
    expect((await gatewayOf(options)).spec.gatewayClassName).toBe("gke-l7-regional-external-managed");
  });

  const certificateMap = lazyDocuments(withGateway({ certificateMap: "grpc-certs" }));

  it("should annotate networking.gke.io/certmap and give the HTTPS listener no tls block when gkeGateway.gateway.certificateMap is set", async () => {
    const gateway = await gatewayOf(certificateMap);
    expect(gateway.metadata?.annotations).toEqual({ "networking.gke.io/certmap": "grpc-certs" });
    // The CRD needs certificateRefs or options under `mode: Terminate`, and GKE refuses either next to the map.
    expect(await listener(certificateMap, "https")).not.toHaveProperty("tls");
  });

  const http = lazyDocuments(withGateway({ certificateRefs: ["api-tls"], httpListener: true }));

  it("should add a plain HTTP listener named http on 80, with no tls, when gkeGateway.gateway.httpListener=true", async () => {
    expect(await listener(http, "http")).toEqual({
      name: "http",
      protocol: "HTTP",
      port: 80,
      allowedRoutes: { namespaces: { from: "Same" } },
    });
    expect((await gatewayOf(http)).spec.listeners.map((entry) => entry.name)).toEqual(["https", "http"]);
  });

  const metadata = lazyDocuments(
    withGateway({
      certificateMap: "grpc-certs",
      annotations: { "example.com/owner": "platform", "networking.gke.io/certmap": "override" },
      labels: { "example.com/tier": "edge", "app.kubernetes.io/name": "hijack" },
    }),
  );

  it("should merge gateway annotations over the chart's and add labels without replacing the chart's when they are set", async () => {
    const { metadata: meta } = await gatewayOf(metadata);
    expect(meta?.annotations).toEqual({
      "example.com/owner": "platform",
      "networking.gke.io/certmap": "override",
    });
    expect(meta?.labels).toMatchObject({ "example.com/tier": "edge", "app.kubernetes.io/name": "grpc-gke" });
  });

  const shared = lazyDocuments({
    values: { frontend: "gkeGateway", gkeGateway: { sharedGateway: { name: "edge", namespace: "infra" } } },
  });

  it("should create no Gateway when gkeGateway.sharedGateway.name is set", async () => {
    expect(findAll(await shared(), "Gateway")).toEqual([]);
  });

  const ingress = lazyDocuments({ values: { gkeGateway: GATEWAY.gkeGateway } });

  it("should render no Gateway API object when frontend is gkeIngress (the default), whatever gkeGateway says", async () => {
    const documents = await ingress();
    expect(findAll(documents, "Gateway")).toEqual([]);
    expect(findAll(documents, "HTTPRoute")).toEqual([]);
  });
});
