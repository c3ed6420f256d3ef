import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, sourceOf } from "./support.ts";

const SELECTOR = { "app.kubernetes.io/name": "grpc-gke", "app.kubernetes.io/instance": "gunstars" };

const defaults = lazyDocuments();

describe("templates/poddisruptionbudget.yaml", () => {
  it("should keep one pod available, selecting the release's pods, when values are the defaults (2 replicas)", async () => {
    const documents = await defaults();
    expect(sourceOf(documents, "PodDisruptionBudget")).toBe("grpc-gke/templates/poddisruptionbudget.yaml");
    expect(find(documents, "PodDisruptionBudget", FULLNAME).spec).toEqual({
      minAvailable: 1,
      selector: { matchLabels: SELECTOR },
    });
  });

  const maxUnavailable = lazyDocuments({
    values: { replicaCount: 4, podDisruptionBudget: { minAvailable: 3, maxUnavailable: "25%" } },
  });

  it("should use maxUnavailable and drop minAvailable when podDisruptionBudget.maxUnavailable is set", async () => {
    expect(find(await maxUnavailable(), "PodDisruptionBudget").spec).toEqual({
      maxUnavailable: "25%",
      selector: { matchLabels: SELECTOR },
    });
  });

  const single = lazyDocuments({ values: { replicaCount: 1 } });

  it("should render no budget (it could only block node drains) when replicaCount=1", async () => {
    expect(findAll(await single(), "PodDisruptionBudget")).toEqual([]);
  });

  const autoscaledSingle = lazyDocuments({
    values: { replicaCount: 3, autoscaling: { enabled: true, minReplicas: 1, maxReplicas: 5 } },
  });

  it("should count autoscaling.minReplicas, not replicaCount, when autoscaling is enabled", async () => {
    expect(findAll(await autoscaledSingle(), "PodDisruptionBudget")).toEqual([]);
  });

  const disabled = lazyDocuments({ values: { podDisruptionBudget: { enabled: false } } });

  it("should render no budget when podDisruptionBudget.enabled=false", async () => {
    expect(findAll(await disabled(), "PodDisruptionBudget")).toEqual([]);
  });
});
