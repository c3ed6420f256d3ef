/**
 * templates/serviceaccount-client.yaml: a ServiceAccount for kuberesolver clients, which read the mounted token; the
 * server's own ServiceAccount keeps its token unmounted.
 */
import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, podSpec } from "./support.ts";

const withAccount = (serviceAccount: Record<string, unknown>) =>
  lazyDocuments({
    values: {
      frontend: "inCluster",
      clientSideBalancing: { kuberesolver: { enabled: true, serviceAccount } },
    },
  });

describe("templates/serviceaccount-client.yaml", () => {
  const created = withAccount({
    create: true,
    annotations: { "iam.gke.io/gcp-service-account": "c@p.iam.gserviceaccount.com" },
  });

  it("should create <fullname>-client with its token mounted, and leave the server's token unmounted, when serviceAccount.create=true", async () => {
    const documents = await created();
    const client = find(documents, "ServiceAccount", `${FULLNAME}-client`);
    expect(client.automountServiceAccountToken).toBe(true);
    expect(client.metadata?.annotations).toEqual({
      "iam.gke.io/gcp-service-account": "c@p.iam.gserviceaccount.com",
    });
    expect(documents.find(({ object }) => object.metadata?.name === `${FULLNAME}-client`)?.source).toBe(
      "grpc-gke/templates/serviceaccount-client.yaml",
    );
    expect(find(documents, "ServiceAccount", FULLNAME).automountServiceAccountToken).toBe(false);
    expect(podSpec(find(documents, "Deployment")).automountServiceAccountToken).toBe(false);
    expect(podSpec(find(documents, "Deployment")).serviceAccountName).toBe(FULLNAME);
  });

  it("should use clientSideBalancing.kuberesolver.serviceAccount.name when it is set", async () => {
    const documents = await withAccount({ create: true, name: "realtime-clients" })();
    expect(find(documents, "ServiceAccount", "realtime-clients").metadata?.namespace).toBe("games");
  });

  it("should create no client ServiceAccount when only clients are listed", async () => {
    const documents = await lazyDocuments({
      values: {
        frontend: "inCluster",
        clientSideBalancing: { kuberesolver: { enabled: true, clients: [{ name: "bots" }] } },
      },
    })();
    expect(findAll(documents, "ServiceAccount").map((account) => account.metadata?.name)).toEqual([FULLNAME]);
  });
});
