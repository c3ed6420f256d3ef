import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, servicePort, sourceOf } from "../support.ts";

const CERTIFICATE = { certificateRefs: ["api-tls"] };
const gatewayValues = (gkeGateway: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  values: { frontend: "gkeGateway", gkeGateway: { gateway: CERTIFICATE, ...gkeGateway }, ...extra },
});

const minimal = lazyDocuments(gatewayValues({}));
const routeOf = async (documents: typeof minimal, name = FULLNAME) =>
  find(await documents(), "HTTPRoute", name);
const REDIRECT = `${FULLNAME}-https-redirect`;

describe("templates/gke-gateway/httproute.yaml", () => {
  it("should route gRPC through one gateway.networking.k8s.io/v1 HTTPRoute and never a GRPCRoute when frontend=gkeGateway", async () => {
    const documents = await minimal();
    expect(sourceOf(documents, "HTTPRoute")).toBe("grpc-gke/templates/gke-gateway/httproute.yaml");
    expect(findAll(documents, "HTTPRoute").map((route) => route.metadata?.name)).toEqual([FULLNAME]);
    // GKE serves no GRPCRoute (GoogleCloudPlatform/gke-gateway-api#31).
    expect(documents.filter(({ object }) => object.kind === "GRPCRoute")).toEqual([]);
  });

  it("should attach to the chart's Gateway's https listener in the release namespace when the chart creates the Gateway", async () => {
    expect((await routeOf(minimal)).spec.parentRefs).toEqual([{ name: FULLNAME, sectionName: "https" }]);
  });

  it("should route every path (/) to the grpc Service port by number and set no timeouts when values are the defaults", async () => {
    const documents = await minimal();
    const { rules } = (await routeOf(minimal)).spec;
    const port = servicePort(find(documents, "Service"), "grpc").port;
    expect(rules).toEqual([
      {
        matches: [{ path: { type: "PathPrefix", value: "/" } }],
        backendRefs: [{ name: FULLNAME, port }],
      },
    ]);
    // GKE does not honour route timeouts: its conformance run exempts HTTPRouteRequestTimeout/BackendTimeout.
    expect(rules?.[0]).not.toHaveProperty("timeouts");
  });

  it("should leave hostnames out (every host of the listener) when gkeGateway.route.hostnames is empty", async () => {
    expect((await routeOf(minimal)).spec).not.toHaveProperty("hostnames");
  });

  const services = lazyDocuments(
    gatewayValues(
      {
        route: {
          hostnames: ["api.example.com", "play.example.com"],
          grpcServices: ["game.v1.Lobby", "chat.Chat"],
        },
      },
      { ports: { grpc: 50051, health: 8080 } },
    ),
  );

  it("should match one /package.Service/ prefix per gRPC service when gkeGateway.route.grpcServices is set", async () => {
    expect((await routeOf(services)).spec.rules?.[0]?.matches).toEqual([
      { path: { type: "PathPrefix", value: "/game.v1.Lobby/" } },
      { path: { type: "PathPrefix", value: "/chat.Chat/" } },
    ]);
  });

  it("should serve the hostnames and send to the custom grpc port when hostnames and ports.grpc are set", async () => {
    const { spec } = await routeOf(services);
    expect(spec.hostnames).toEqual(["api.example.com", "play.example.com"]);
    expect(spec.rules?.[0]?.backendRefs).toEqual([{ name: FULLNAME, port: 50051 }]);
  });

  const redirect = lazyDocuments({
    values: {
      frontend: "gkeGateway",
      gkeGateway: {
        gateway: { ...CERTIFICATE, httpListener: true },
        route: { hostnames: ["api.example.com"], httpsRedirect: { enabled: true } },
      },
    },
  });

  it("should add a route on the http listener that only redirects to https with 301 when gkeGateway.route.httpsRedirect is enabled", async () => {
    const route = await routeOf(redirect, REDIRECT);
    expect(route.spec).toEqual({
      parentRefs: [{ name: FULLNAME, sectionName: "http" }],
      hostnames: ["api.example.com"],
      rules: [
        { filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] },
      ],
    });
  });

  it("should keep the gRPC route on the https listener only when the redirect is on", async () => {
    expect((await routeOf(redirect)).spec.parentRefs).toEqual([{ name: FULLNAME, sectionName: "https" }]);
  });

  const found = lazyDocuments({
    values: {
      frontend: "gkeGateway",
      gkeGateway: {
        gateway: { ...CERTIFICATE, httpListener: true },
        route: { httpsRedirect: { enabled: true, statusCode: 302 } },
      },
    },
  });

  it("should redirect with 302 when gkeGateway.route.httpsRedirect.statusCode=302", async () => {
    const filter = (await routeOf(found, REDIRECT)).spec.rules?.[0]?.filters?.[0];
    expect(filter?.requestRedirect?.statusCode).toBe(302);
  });

  const shared = lazyDocuments({
    values: {
      frontend: "gkeGateway",
      gkeGateway: {
        sharedGateway: {
          name: "edge",
          namespace: "infra",
          httpsSectionName: "https-api",
          httpSectionName: "web",
        },
        route: { httpsRedirect: { enabled: true } },
      },
    },
  });

  it("should attach both routes to the shared Gateway's listeners in its namespace when gkeGateway.sharedGateway is set", async () => {
    expect((await routeOf(shared)).spec.parentRefs).toEqual([
      { name: "edge", namespace: "infra", sectionName: "https-api" },
    ]);
    expect((await routeOf(shared, REDIRECT)).spec.parentRefs).toEqual([
      { name: "edge", namespace: "infra", sectionName: "web" },
    ]);
  });

  const sameNamespace = lazyDocuments({
    values: { frontend: "gkeGateway", gkeGateway: { sharedGateway: { name: "edge" } } },
  });

  it("should leave the parent's namespace out (the release's) when gkeGateway.sharedGateway.namespace is empty", async () => {
    expect((await routeOf(sameNamespace)).spec.parentRefs).toEqual([{ name: "edge", sectionName: "https" }]);
  });

  const metadata = lazyDocuments(
    gatewayValues({
      route: {
        annotations: { "example.com/owner": "games" },
        labels: { "app.kubernetes.io/instance": "x", team: "games" },
      },
    }),
  );

  it("should add route annotations and labels without replacing the chart's labels when they are set", async () => {
    const meta = (await routeOf(metadata)).metadata;
    expect(meta?.annotations).toEqual({ "example.com/owner": "games" });
    expect(meta?.labels).toMatchObject({ team: "games", "app.kubernetes.io/instance": "gunstars" });
  });
});
