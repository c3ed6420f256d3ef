import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, sourceOf } from "../support.ts";

const withGateway = (gateway: Record<string, unknown>) => ({
  values: { frontend: "gkeGateway", gkeGateway: { gateway: { certificateRefs: ["api-tls"], ...gateway } } },
});

const defaults = lazyDocuments(withGateway({}));
const policyOf = async (documents: typeof defaults) => find(await documents(), "GCPGatewayPolicy", FULLNAME);

describe("templates/gke-gateway/gcpgatewaypolicy.yaml", () => {
  it("should render no GCPGatewayPolicy when neither sslPolicy nor allowGlobalAccess is set", async () => {
    expect(findAll(await defaults(), "GCPGatewayPolicy")).toEqual([]);
  });

  const ssl = lazyDocuments(withGateway({ sslPolicy: "tls12-modern" }));

  it("should apply the SSL policy to the chart's Gateway when gkeGateway.gateway.sslPolicy is set", async () => {
    const documents = await ssl();
    expect(sourceOf(documents, "GCPGatewayPolicy")).toBe(
      "grpc-gke/templates/gke-gateway/gcpgatewaypolicy.yaml",
    );
    const policy = await policyOf(ssl);
    expect(policy.apiVersion).toBe("networking.gke.io/v1");
    expect(policy.spec).toEqual({
      targetRef: { group: "gateway.networking.k8s.io", kind: "Gateway", name: FULLNAME },
      default: { sslPolicy: "tls12-modern" },
    });
    expect(find(documents, "Gateway").metadata?.name).toBe(FULLNAME);
  });

  const internal = lazyDocuments(withGateway({ className: "gke-l7-rilb", allowGlobalAccess: true }));

  it("should open the internal Gateway to every region when gkeGateway.gateway.allowGlobalAccess=true on gke-l7-rilb", async () => {
    expect((await policyOf(internal)).spec.default).toEqual({ allowGlobalAccess: true });
  });

  const shared = lazyDocuments({
    values: { frontend: "gkeGateway", gkeGateway: { sharedGateway: { name: "edge", namespace: "infra" } } },
  });

  it("should render no GCPGatewayPolicy when the route attaches to a shared Gateway", async () => {
    expect(findAll(await shared(), "GCPGatewayPolicy")).toEqual([]);
  });
});
