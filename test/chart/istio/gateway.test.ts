/**
 * templates/istio/gateway.yaml: the Istio Gateway that binds the ingress gateway pods to the hosts, TLS ending there
 * (istio/api networking/v1alpha3/gateway.proto; credentialName is read from the gateway pods' namespace, istio/istio
 * pilot/pkg/model/credentials/resource.go).
 */
import { describe, expect, it } from "vitest";
import { FULLNAME, lazyDocuments, listObjects } from "../support.ts";
import { findAllIstio, findIstio, HOST, ISTIO_API, istio, istioSource } from "./istio.ts";

const minimal = lazyDocuments(istio());
const gateway = async (documents: typeof minimal) => findIstio(await documents(), "Gateway");

describe("templates/istio/gateway.yaml", () => {
  it("should render one networking.istio.io/v1 Gateway and no Ingress, Gateway API or GKE object when frontend=istio", async () => {
    const documents = await minimal();
    expect(istioSource(documents, "Gateway")).toBe("grpc-gke/templates/istio/gateway.yaml");
    expect((await gateway(minimal)).apiVersion).toBe(ISTIO_API);
    expect((await gateway(minimal)).metadata).toMatchObject({ name: FULLNAME, namespace: "games" });
    const kinds = listObjects(documents).map((object) => object.split("/")[0]);
    for (const kind of ["Ingress", "HTTPRoute", "BackendConfig", "GCPBackendPolicy", "HealthCheckPolicy"]) {
      expect(kinds).not.toContain(kind);
    }
    expect(
      documents.filter(({ object }) => object.apiVersion.startsWith("gateway.networking.k8s.io")),
    ).toEqual([]);
  });

  it("should select Istio's default ingress gateway pods (istio: ingressgateway) when values are the defaults", async () => {
    expect((await gateway(minimal)).spec.selector).toEqual({ istio: "ingressgateway" });
  });

  it("should select the pods istio.gateway.selector names when it is set", async () => {
    const selector = { app: "istio-ingressgateway", istio: "public" };
    expect((await gateway(lazyDocuments(istio({ gateway: { selector } })))).spec.selector).toEqual(selector);
  });

  it("should end TLS on one HTTPS server at 443 (SIMPLE, credentialName) for istio.hosts when values are the defaults", async () => {
    expect((await gateway(minimal)).spec.servers).toEqual([
      {
        port: { number: 443, name: "https", protocol: "HTTPS" },
        hosts: [HOST],
        tls: { mode: "SIMPLE", credentialName: "api-example-com-tls" },
      },
    ]);
  });

  it("should serve every host of istio.hosts on the HTTPS server and use istio.gateway.httpsPort when they are set", async () => {
    const [server] =
      (
        await gateway(
          lazyDocuments(istio({ hosts: [HOST, "play.example.com"], gateway: { httpsPort: 8443 } })),
        )
      ).spec.servers ?? [];
    expect(server?.hosts).toEqual([HOST, "play.example.com"]);
    expect(server?.port.number).toBe(8443);
  });

  it("should add an HTTP server that only redirects to HTTPS (tls.httpsRedirect) when istio.gateway.httpsRedirect.enabled", async () => {
    const servers =
      (await gateway(lazyDocuments(istio({ gateway: { httpsRedirect: { enabled: true, port: 8080 } } }))))
        .spec.servers ?? [];
    expect(servers).toHaveLength(2);
    expect(servers[1]).toEqual({
      port: { number: 8080, name: "http", protocol: "HTTP" },
      hosts: [HOST],
      tls: { httpsRedirect: true },
    });
  });

  it("should carry istio.gateway.labels and annotations besides the chart's labels when they are set", async () => {
    const gw = await gateway(
      lazyDocuments(
        istio({ gateway: { labels: { team: "edge" }, annotations: { "example.com/owner": "edge" } } }),
      ),
    );
    expect(gw.metadata?.labels).toMatchObject({ team: "edge", "app.kubernetes.io/instance": "gunstars" });
    expect(gw.metadata?.annotations).toEqual({ "example.com/owner": "edge" });
  });

  it("should render no Gateway when istio.sharedGateway.name names an existing one", async () => {
    const documents = await lazyDocuments(
      istio({
        gateway: { credentialName: "" },
        sharedGateway: { name: "public", namespace: "istio-system" },
      }),
    )();
    expect(findAllIstio(documents, "Gateway")).toEqual([]);
    expect(findAllIstio(documents, "VirtualService")).toHaveLength(1);
  });
});
