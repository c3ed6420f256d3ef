/**
 * templates/istio/virtualservice.yaml: the hosts, through the Gateway, to the Service's grpc port, with no route timeout
 * (Istio's default, written explicitly) and no retries (istio/api networking/v1alpha3/virtual_service.proto).
 */
import { describe, expect, it } from "vitest";
import { FULLNAME, find, lazyDocuments, servicePort } from "../support.ts";
import { findIstio, HOST, istio, istioSource, SERVICE_HOST } from "./istio.ts";

const minimal = lazyDocuments(istio());
const virtualService = async (documents: typeof minimal) => findIstio(await documents(), "VirtualService");
const onlyRoute = async (documents: typeof minimal) => {
  const routes = (await virtualService(documents)).spec.http ?? [];
  expect(routes).toHaveLength(1);
  return routes[0];
};

describe("templates/istio/virtualservice.yaml", () => {
  it("should bind istio.hosts to the chart's Gateway in the release namespace when frontend=istio", async () => {
    const documents = await minimal();
    expect(istioSource(documents, "VirtualService")).toBe("grpc-gke/templates/istio/virtualservice.yaml");
    const vs = await virtualService(minimal);
    expect(vs.metadata).toMatchObject({ name: FULLNAME, namespace: "games" });
    expect(vs.spec.hosts).toEqual([HOST]);
    expect(vs.spec.gateways).toEqual([`games/${FULLNAME}`]);
  });

  it("should bind to the shared Gateway as <namespace>/<name> when istio.sharedGateway.name is set", async () => {
    const vs = await virtualService(
      lazyDocuments(
        istio({
          gateway: { credentialName: "" },
          sharedGateway: { name: "public", namespace: "istio-system" },
        }),
      ),
    );
    expect(vs.spec.gateways).toEqual(["istio-system/public"]);
  });

  it("should read the shared Gateway in the release namespace when istio.sharedGateway.namespace is empty", async () => {
    const vs = await virtualService(
      lazyDocuments(istio({ gateway: { credentialName: "" }, sharedGateway: { name: "public" } })),
    );
    expect(vs.spec.gateways).toEqual(["games/public"]);
  });

  it("should route to the Service's grpc port by the Service's fully qualified name when values are the defaults", async () => {
    const documents = await minimal();
    const route = await onlyRoute(minimal);
    expect(route?.route).toEqual([{ destination: { host: SERVICE_HOST, port: { number: 5000 } } }]);
    // The destination is the Service of the release, its grpc port.
    expect(servicePort(find(documents, "Service", FULLNAME), "grpc").port).toBe(5000);
  });

  it("should follow ports.grpc and clusterDomain when they are set", async () => {
    const route = await onlyRoute(
      lazyDocuments(istio({}, { ports: { grpc: 50051, health: 8080 }, clusterDomain: "corp.internal" })),
    );
    expect(route?.route?.[0]?.destination).toEqual({
      host: "gunstars-grpc-gke.games.svc.corp.internal",
      port: { number: 50051 },
    });
  });

  it("should write timeout 0s (none: a route timeout ends whole streams) and turn retries off when values are the defaults", async () => {
    // istio/api virtual_service.proto: "Timeout for HTTP requests, default is disabled"; the default retry policy
    // (2 attempts on connect-failure,refused-stream,unavailable,cancelled) would replay a stream's messages.
    const route = await onlyRoute(minimal);
    expect(route?.timeout).toBe("0s");
    expect(route?.retries).toEqual({ attempts: 0 });
  });

  it("should write istio.virtualService.timeoutSeconds as a duration when it is set", async () => {
    expect(
      (await onlyRoute(lazyDocuments(istio({ virtualService: { timeoutSeconds: 3600 } }))))?.timeout,
    ).toBe("3600s");
  });

  it("should match nothing (every path) when istio.virtualService.grpcServices is empty, and one /package.Service/ prefix each when set", async () => {
    expect((await onlyRoute(minimal))?.match).toBeUndefined();
    const route = await onlyRoute(
      lazyDocuments(istio({ virtualService: { grpcServices: ["game.v1.Lobby", "game.v1.Match"] } })),
    );
    expect(route?.match).toEqual([
      { uri: { prefix: "/game.v1.Lobby/" } },
      { uri: { prefix: "/game.v1.Match/" } },
    ]);
  });

  it("should carry istio.virtualService.labels and annotations when they are set", async () => {
    const vs = await virtualService(
      lazyDocuments(
        istio({ virtualService: { labels: { team: "game" }, annotations: { "example.com/a": "b" } } }),
      ),
    );
    expect(vs.metadata?.labels).toMatchObject({ team: "game" });
    expect(vs.metadata?.annotations).toEqual({ "example.com/a": "b" });
  });
});
