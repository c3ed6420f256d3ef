/** templates/rolebinding.yaml: the kuberesolver Role bound to the clients' ServiceAccounts, in any namespace. */
import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, sourceOf } from "./support.ts";

const ROLE = `${FULLNAME}-kuberesolver`;
const withClients = (kuberesolver: Record<string, unknown>) =>
  lazyDocuments({
    values: {
      frontend: "inCluster",
      clientSideBalancing: { kuberesolver: { enabled: true, ...kuberesolver } },
    },
  });

describe("templates/rolebinding.yaml", () => {
  const crossNamespace = withClients({
    clients: [
      { name: "matchmaker", namespace: "lobby" },
      { name: "bots" },
      { name: "matchmaker", namespace: "lobby" },
    ],
    serviceAccount: { create: true },
  });

  it("should bind the Role to the chart's client ServiceAccount, then each client once, the release namespace for one without namespace", async () => {
    const documents = await crossNamespace();
    expect(sourceOf(documents, "RoleBinding")).toBe("grpc-gke/templates/rolebinding.yaml");
    const binding = find(documents, "RoleBinding", ROLE);
    expect(binding.metadata?.namespace).toBe("games");
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: ROLE });
    expect(binding.subjects).toEqual([
      { kind: "ServiceAccount", name: `${FULLNAME}-client`, namespace: "games" },
      { kind: "ServiceAccount", name: "matchmaker", namespace: "lobby" },
      { kind: "ServiceAccount", name: "bots", namespace: "games" },
    ]);
  });

  it("should render no RoleBinding when kuberesolver is off (frontend=inCluster alone)", async () => {
    expect(findAll(await lazyDocuments({ values: { frontend: "inCluster" } })(), "RoleBinding")).toEqual([]);
  });

  it("should bind the Role in the release namespace beside the GKE Ingress when the add-on is on with another frontend", async () => {
    const documents = await lazyDocuments({
      values: {
        clientSideBalancing: { enabled: true, kuberesolver: { enabled: true, clients: [{ name: "bots" }] } },
      },
    })();
    expect(find(documents, "RoleBinding", ROLE).subjects).toEqual([
      { kind: "ServiceAccount", name: "bots", namespace: "games" },
    ]);
  });
});
