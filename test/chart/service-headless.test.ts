/**
 * templates/service-headless.yaml: the client-side balancing add-on's headless Service (clientSideBalancing), on by
 * default with frontend=inCluster and beside any other frontend with clientSideBalancing.enabled=true.
 */
import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, sourceOf } from "./support.ts";

const HEADLESS = `${FULLNAME}-headless`;
const inCluster = lazyDocuments({ values: { frontend: "inCluster" } });
const headlessOf = async (documents: typeof inCluster) => find(await documents(), "Service", HEADLESS);

describe("templates/service-headless.yaml", () => {
  it("should render no headless Service when values are the defaults (frontend gkeIngress)", async () => {
    const services = findAll(await lazyDocuments()(), "Service");
    expect(services.map((service) => service.metadata?.name)).toEqual([FULLNAME]);
  });

  it("should render <fullname>-headless from service-headless.yaml beside the ClusterIP Service when frontend=inCluster", async () => {
    const documents = await inCluster();
    expect(findAll(documents, "Service").map((service) => service.metadata?.name)).toEqual([
      HEADLESS,
      FULLNAME,
    ]);
    expect(documents.find(({ object }) => object.metadata?.name === HEADLESS)?.source).toBe(
      "grpc-gke/templates/service-headless.yaml",
    );
    expect(find(documents, "Service", FULLNAME).spec.clusterIP).toBeUndefined();
  });

  it("should have no cluster IP and publish ready pods only, selecting exactly name and instance, when frontend=inCluster", async () => {
    // "a cluster IP is not allocated, kube-proxy does not handle these Services" (Kubernetes, Headless Services):
    // the DNS name then returns every ready pod, which is the point.
    const { spec } = await headlessOf(inCluster);
    expect(spec.type).toBe("ClusterIP");
    expect(spec.clusterIP).toBe("None");
    expect(spec.publishNotReadyAddresses).toBe(false);
    expect(spec.selector).toEqual({
      "app.kubernetes.io/name": "grpc-gke",
      "app.kubernetes.io/instance": "gunstars",
    });
  });

  it("should expose only the grpc port, named grpc (kuberesolver resolves by this name), with the pod's port and HTTP2 when backend TLS is on (default)", async () => {
    expect((await headlessOf(inCluster)).spec.ports).toEqual([
      { name: "grpc", port: 5000, targetPort: "grpc", protocol: "TCP", appProtocol: "HTTP2" },
    ]);
  });

  const h2c = lazyDocuments({
    values: { frontend: "inCluster", backendTLS: { mode: "disabled" }, ports: { grpc: 50051, health: 8080 } },
  });

  it("should say kubernetes.io/h2c on port 50051 when backendTLS.mode=disabled and ports.grpc=50051", async () => {
    expect((await headlessOf(h2c)).spec.ports).toEqual([
      { name: "grpc", port: 50051, targetPort: "grpc", protocol: "TCP", appProtocol: "kubernetes.io/h2c" },
    ]);
  });

  const addOn = lazyDocuments({
    values: {
      clientSideBalancing: {
        enabled: true,
        headlessService: { annotations: { "example.com/owner": "team" }, labels: { tier: "internal" } },
      },
    },
  });

  it("should render it beside the GKE Ingress Service, without GKE's annotations, when clientSideBalancing.enabled=true", async () => {
    const documents = await addOn();
    const headless = find(documents, "Service", HEADLESS);
    expect(headless.metadata?.annotations).toEqual({ "example.com/owner": "team" });
    expect(headless.metadata?.labels).toMatchObject({
      tier: "internal",
      "app.kubernetes.io/instance": "gunstars",
    });
    expect(headless.spec.ports?.[0]?.appProtocol).toBe("HTTP2");
    // The public path is untouched: the NEG and BackendConfig stay on the ClusterIP Service only.
    expect(Object.keys(find(documents, "Service", FULLNAME).metadata?.annotations ?? {})).toContain(
      "cloud.google.com/neg",
    );
  });

  it("should keep within 63 characters when the full name is 63 long", async () => {
    const long = "a".repeat(63);
    const documents = await lazyDocuments({ values: { frontend: "inCluster", fullnameOverride: long } })();
    const names = findAll(documents, "Service").map((service) => service.metadata?.name ?? "");
    expect(names).toContain(`${"a".repeat(54)}-headless`);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(63);
  });

  it("should render nothing when clientSideBalancing.enabled=false with another frontend", async () => {
    const documents = await lazyDocuments({
      values: { frontend: "none", clientSideBalancing: { enabled: false } },
    })();
    expect(sourceOf(documents, "Service")).toBe("grpc-gke/templates/service.yaml");
    expect(findAll(documents, "Service")).toHaveLength(1);
  });
});
