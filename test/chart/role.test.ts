/**
 * templates/role.yaml: what kuberesolver clients may read (clientSideBalancing.kuberesolver). The verbs are what
 * sercand/kuberesolver calls (kubernetes.go): v6 lists and watches EndpointSlices by label, v2 to v5 get and watch
 * Endpoints (FACTS.kuberesolver).
 */
import { FACTS } from "@grpc-gke/facts";
import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, sourceOf } from "./support.ts";

const ROLE = `${FULLNAME}-kuberesolver`;
const kuberesolver = (extra: Record<string, unknown> = {}) =>
  lazyDocuments({
    values: {
      frontend: "inCluster",
      clientSideBalancing: {
        kuberesolver: { enabled: true, clients: [{ name: "matchmaker", namespace: "lobby" }], ...extra },
      },
    },
  });
const v6 = kuberesolver();
const roleOf = async (documents: typeof v6) => find(await documents(), "Role", ROLE);

describe("templates/role.yaml", () => {
  it("should render no Role when frontend=inCluster without clientSideBalancing.kuberesolver.enabled", async () => {
    expect(findAll(await lazyDocuments({ values: { frontend: "inCluster" } })(), "Role")).toEqual([]);
  });

  it("should let clients get, list and watch discovery.k8s.io endpointslices in the release namespace when kuberesolver is enabled", async () => {
    const documents = await v6();
    expect(sourceOf(documents, "Role")).toBe("grpc-gke/templates/role.yaml");
    const role = await roleOf(v6);
    expect(role.metadata?.namespace).toBe("games");
    expect(role.rules).toEqual([
      { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] },
    ]);
  });

  it("should grant at least what kuberesolver v6 calls (list and watch, by label) and no resourceNames, which a label-selected list cannot pass", async () => {
    const [rule] = (await roleOf(v6)).rules ?? [];
    const { group, resource, verbs } = FACTS.kuberesolver.endpointSlices;
    expect(rule?.apiGroups).toEqual([group]);
    expect(rule?.resources).toEqual([resource]);
    expect(rule?.verbs).toEqual(expect.arrayContaining([...verbs]));
    expect(rule?.resourceNames).toBeUndefined();
  });

  const legacy = kuberesolver({ legacyEndpoints: true });

  it("should add core endpoints with get, list and watch (v5 and older get and watch them by name) when legacyEndpoints=true", async () => {
    const rules = (await roleOf(legacy)).rules ?? [];
    expect(rules[1]).toEqual({ apiGroups: [""], resources: ["endpoints"], verbs: ["get", "list", "watch"] });
    expect(rules[1]?.verbs).toEqual(expect.arrayContaining([...FACTS.kuberesolver.endpoints.verbs]));
  });

  it("should grant nothing on Services, which no kuberesolver release reads", async () => {
    for (const rule of (await roleOf(legacy)).rules ?? []) expect(rule.resources).not.toContain("services");
  });
});
