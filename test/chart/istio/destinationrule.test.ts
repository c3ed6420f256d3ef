/**
 * templates/istio/destinationrule.yaml: HTTP/2, the connection pool and TLS from the gateway to the grpc port
 * (istio/api networking/v1alpha3/destination_rule.proto), at port level so the health port and extraPorts keep
 * Istio's defaults.
 */
import { describe, expect, it } from "vitest";
import { FULLNAME, lazyDocuments } from "../support.ts";
import { findIstio, istio, istioSource, SERVICE_HOST } from "./istio.ts";

const minimal = lazyDocuments(istio());
const cleartext = lazyDocuments(istio({}, { backendTLS: { mode: "disabled" } }));
const destinationRule = async (documents: typeof minimal) => findIstio(await documents(), "DestinationRule");
const grpcSettings = async (documents: typeof minimal) => {
  const settings = (await destinationRule(documents)).spec.trafficPolicy?.portLevelSettings ?? [];
  expect(settings).toHaveLength(1);
  return settings[0];
};

describe("templates/istio/destinationrule.yaml", () => {
  it("should name the Service by the host the VirtualService routes to when frontend=istio", async () => {
    const documents = await minimal();
    expect(istioSource(documents, "DestinationRule")).toBe("grpc-gke/templates/istio/destinationrule.yaml");
    const dr = await destinationRule(minimal);
    expect(dr.metadata).toMatchObject({ name: FULLNAME, namespace: "games" });
    expect(dr.spec.host).toBe(SERVICE_HOST);
    expect(findIstio(documents, "VirtualService").spec.http?.[0]?.route?.[0]?.destination?.host).toBe(
      dr.spec.host,
    );
  });

  it("should set only the grpc port's traffic (port level) and nothing for the whole Service when rendered", async () => {
    const dr = await destinationRule(minimal);
    expect(Object.keys(dr.spec.trafficPolicy ?? {})).toEqual(["portLevelSettings"]);
    expect((await grpcSettings(minimal))?.port).toEqual({ number: 5000 });
  });

  it("should keep HTTP/2 to the pods (h2UpgradePolicy UPGRADE) and no other pool limit when values are the defaults", async () => {
    expect((await grpcSettings(minimal))?.connectionPool).toEqual({ http: { h2UpgradePolicy: "UPGRADE" } });
  });

  it("should write the connection pool values when they are set", async () => {
    const settings = await grpcSettings(
      lazyDocuments(
        istio({
          destinationRule: {
            connectionPool: {
              http: {
                h2UpgradePolicy: "DEFAULT",
                http2MaxRequests: 5000,
                maxRequestsPerConnection: 0,
                idleTimeout: "1800s",
              },
            },
          },
        }),
      ),
    );
    expect(settings?.connectionPool?.http).toEqual({
      h2UpgradePolicy: "DEFAULT",
      http2MaxRequests: 5000,
      maxRequestsPerConnection: 0,
      idleTimeout: "1800s",
    });
  });

  it("should originate TLS to the pod without verifying its certificate (SIMPLE, insecureSkipVerify) when backend TLS is on (selfSigned, the default)", async () => {
    expect((await grpcSettings(minimal))?.tls).toEqual({ mode: "SIMPLE", insecureSkipVerify: true });
  });

  it("should set no TLS (cleartext, or Istio's automatic mTLS to pods with a sidecar) when backendTLS.mode=disabled", async () => {
    expect((await grpcSettings(cleartext))?.tls).toBeUndefined();
  });

  it("should use Istio's mTLS when istio.destinationRule.tls.mode=ISTIO_MUTUAL with backendTLS.mode=disabled", async () => {
    const settings = await grpcSettings(
      lazyDocuments(
        istio({ destinationRule: { tls: { mode: "ISTIO_MUTUAL" } } }, { backendTLS: { mode: "disabled" } }),
      ),
    );
    expect(settings?.tls).toEqual({ mode: "ISTIO_MUTUAL" });
  });

  it("should write DISABLE when istio.destinationRule.tls.mode=DISABLE with backendTLS.mode=disabled", async () => {
    const settings = await grpcSettings(
      lazyDocuments(
        istio({ destinationRule: { tls: { mode: "DISABLE" } } }, { backendTLS: { mode: "disabled" } }),
      ),
    );
    expect(settings?.tls).toEqual({ mode: "DISABLE" });
  });

  it("should follow ports.grpc when it is set", async () => {
    expect(
      (await grpcSettings(lazyDocuments(istio({}, { ports: { grpc: 50051, health: 8080 } }))))?.port,
    ).toEqual({
      number: 50051,
    });
  });
});
