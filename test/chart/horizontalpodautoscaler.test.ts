import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, sourceOf } from "./support.ts";

const cpuMetric = (averageUtilization: number) => ({
  type: "Resource",
  resource: { name: "cpu", target: { type: "Utilization", averageUtilization } },
});

const defaults = lazyDocuments();
const autoscaled = lazyDocuments({ values: { autoscaling: { enabled: true } } });

describe("templates/horizontalpodautoscaler.yaml", () => {
  it("should render no HPA and a fixed replica count when autoscaling is the default (off)", async () => {
    const documents = await defaults();
    expect(findAll(documents, "HorizontalPodAutoscaler")).toEqual([]);
    expect(find(documents, "Deployment").spec.replicas).toBe(2);
  });

  it("should scale the Deployment 2-10 on 70% CPU from horizontalpodautoscaler.yaml when autoscaling.enabled=true", async () => {
    const documents = await autoscaled();
    expect(sourceOf(documents, "HorizontalPodAutoscaler")).toBe(
      "grpc-gke/templates/horizontalpodautoscaler.yaml",
    );
    const hpa = find(documents, "HorizontalPodAutoscaler", FULLNAME);
    expect(hpa.apiVersion).toBe("autoscaling/v2");
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: FULLNAME },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [cpuMetric(70)],
    });
  });

  it("should leave replicas to the HPA when autoscaling.enabled=true", async () => {
    expect(find(await autoscaled(), "Deployment").spec.replicas).toBeUndefined();
  });

  const both = lazyDocuments({
    values: {
      autoscaling: {
        enabled: true,
        minReplicas: 3,
        maxReplicas: 12,
        targetCPUUtilizationPercentage: 60,
        targetMemoryUtilizationPercentage: 75,
        behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
      },
    },
  });

  it("should target CPU and memory and pass behavior through when both targets and behavior are set", async () => {
    const { spec } = find(await both(), "HorizontalPodAutoscaler");
    expect(spec.minReplicas).toBe(3);
    expect(spec.maxReplicas).toBe(12);
    expect(spec.metrics).toEqual([
      cpuMetric(60),
      {
        type: "Resource",
        resource: { name: "memory", target: { type: "Utilization", averageUtilization: 75 } },
      },
    ]);
    expect(spec.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 600 } });
  });

  const noTargets = lazyDocuments({
    values: { autoscaling: { enabled: true, targetCPUUtilizationPercentage: null } },
  });

  it("should render no metrics when both utilization targets are null", async () => {
    expect(find(await noTargets(), "HorizontalPodAutoscaler").spec.metrics).toBeUndefined();
  });
});
