import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, podSpec, sourceOf } from "./support.ts";

const defaults = lazyDocuments();

describe("templates/serviceaccount.yaml", () => {
  it("should create a ServiceAccount named like the release from serviceaccount.yaml when values are the defaults", async () => {
    const documents = await defaults();
    expect(sourceOf(documents, "ServiceAccount")).toBe("grpc-gke/templates/serviceaccount.yaml");
    expect(find(documents, "ServiceAccount", FULLNAME).metadata?.namespace).toBe("games");
  });

  it("should not automount the API token when values are the defaults", async () => {
    expect(find(await defaults(), "ServiceAccount").automountServiceAccountToken).toBe(false);
  });

  const workloadIdentity = lazyDocuments({
    values: {
      serviceAccount: {
        name: "gunstars-realtime",
        annotations: { "iam.gke.io/gcp-service-account": "realtime@project.iam.gserviceaccount.com" },
        automountServiceAccountToken: true,
      },
    },
  });

  it("should use the name, annotations and token setting in both ServiceAccount and pod when they are set", async () => {
    const documents = await workloadIdentity();
    const account = find(documents, "ServiceAccount", "gunstars-realtime");
    expect(account.metadata?.annotations).toEqual({
      "iam.gke.io/gcp-service-account": "realtime@project.iam.gserviceaccount.com",
    });
    expect(account.automountServiceAccountToken).toBe(true);
    const pod = podSpec(find(documents, "Deployment"));
    expect(pod.serviceAccountName).toBe("gunstars-realtime");
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  const existing = lazyDocuments({ values: { serviceAccount: { create: false, name: "gunstars-runtime" } } });
  const fallback = lazyDocuments({ values: { serviceAccount: { create: false } } });

  it("should create none and run the pod as serviceAccount.name when serviceAccount.create=false", async () => {
    const documents = await existing();
    expect(findAll(documents, "ServiceAccount")).toEqual([]);
    expect(podSpec(find(documents, "Deployment")).serviceAccountName).toBe("gunstars-runtime");
  });

  it("should run the pod as `default` when serviceAccount.create=false and no name is set", async () => {
    expect(podSpec(find(await fallback(), "Deployment")).serviceAccountName).toBe("default");
  });
});
