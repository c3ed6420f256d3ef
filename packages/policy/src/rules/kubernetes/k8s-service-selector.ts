import { defineRule } from "../../rule.ts";

export const serviceSelector = defineRule(
  {
    id: "K8S-SERVICE-SELECTOR",
    title: "Service selector that matches no pod template in the set",
    why: "A Service whose selector matches no pods has no endpoints: the load balancer's NEGs stay empty and every request fails.",
    fix: "Make the Service selector a subset of the pod template labels (selector labels only, never version labels).",
    link: "https://kubernetes.io/docs/concepts/services-networking/service/#services-in-kubernetes",
  },
  (set, reporter) => {
    // A set without any pod template (a Services-only file) says nothing about where the pods come from.
    if (set.workloads.length === 0) return;
    for (const service of set.services) {
      if (service.selector === undefined || Object.keys(service.selector).length === 0) continue;
      if (set.selectedWorkloads(service).length > 0) continue;
      const selector = Object.entries(service.selector)
        .map(([key, value]) => `${key}=${value}`)
        .join(",");
      reporter.report(
        service.document,
        "spec.selector",
        `selector ${selector} matches no pod template in the set (${set.workloads.length} checked), so the Service has no endpoints.`,
      );
    }
  },
);
