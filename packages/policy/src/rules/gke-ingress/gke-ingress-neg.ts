import { describeObject, jsonPath } from "@grpc-gke/manifest";
import { NEG_KEY, negAnnotation, type RoutedPort, type Service } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

/** Each Service a GKE Ingress routes to, with the first routed port found. */
function ingressServices(routedPorts: readonly RoutedPort[]): Map<Service, RoutedPort> {
  const services = new Map<Service, RoutedPort>();
  for (const routed of routedPorts) {
    if (routed.frontend === "ingress" && !services.has(routed.service)) services.set(routed.service, routed);
  }
  return services;
}

export const ingressNeg = defineRule(
  {
    id: "GKE-INGRESS-NEG",
    title: "GKE Ingress backend Service without container-native load balancing (NEG)",
    why:
      "NEG is the default only on VPC-native clusters without Shared VPC or GKE network policy; elsewhere, without cloud.google.com/neg ingress-gce needs a NodePort Service (a ClusterIP one is rejected with " +
      "ErrBadSvcType unless the cluster turns NEGs on by default), and NodePort backends add a kube-proxy hop, lose " +
      "pod readiness feedback and keep GFE keep-alive connections pinned to pods, unready ones included.",
    fix: "Annotate the Service with cloud.google.com/neg: '{\"ingress\": true}' (ClusterIP is then fine).",
    link: "https://cloud.google.com/kubernetes-engine/docs/how-to/container-native-load-balancing",
    // Advisory: NEGs are the default for Services behind GKE Ingress on VPC-native clusters (GKE 1.17.6-gke.7 and
    // later, without Shared VPC or GKE network policy; the link above), so the annotation is often not needed.
    severity: "warning",
  },
  (set, reporter) => {
    for (const [service, routed] of ingressServices(set.routedPorts)) {
      const neg = negAnnotation(service);
      const path = jsonPath("metadata", "annotations", NEG_KEY);
      if (neg?.ok === false) {
        reporter.report(service.document, path, `${NEG_KEY} ${neg.error}.`);
        continue;
      }
      if (neg?.ingress === true) continue;
      const via = describeObject(routed.via.object);
      const without =
        neg === undefined ? `has no ${NEG_KEY} annotation` : `has ${NEG_KEY} without "ingress": true`;
      if (service.type === "ClusterIP") {
        reporter.report(
          service.document,
          path,
          `${describeObject(service.document.object)} is a backend of ${via}, is type ClusterIP and ${without}; ingress-gce rejects a ClusterIP backend without NEG unless the cluster enables NEGs by default.`,
        );
      } else if (service.type === "NodePort" || service.type === "LoadBalancer") {
        reporter.report(
          service.document,
          path,
          `${describeObject(service.document.object)} is a backend of ${via} through ${service.type} instance groups (${without}): traffic takes an extra kube-proxy hop and GFE keep-alives stay pinned to pods, unready ones included.`,
        );
      }
    }
  },
);
