import { describeObject, jsonPath } from "@grpc-gke/manifest";
import {
  APP_PROTOCOLS_KEYS,
  annotationsOf,
  BACKEND_CONFIG_KEYS,
  NEG_KEY,
  negAnnotation,
  type Service,
} from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

/** The Ingress annotation that attaches a FrontendConfig (ingress-gce: pkg/annotations/ingress.go). */
const FRONTEND_CONFIG_KEY = "networking.gke.io/v1beta1.FrontendConfig";

export const gatewayIngressConfig = defineRule(
  {
    id: "GKE-GATEWAY-INGRESS-CONFIG",
    title: "GKE Ingress configuration on a Service or set that only GKE Gateway serves",
    why:
      "The GKE Gateway controller reads neither the cloud.google.com/app-protocols, backend-config and neg " +
      "annotations nor BackendConfig or FrontendConfig ('You cannot use a FrontendConfig or a BackendConfig to " +
      "configure a Gateway. You must use a Policy.'): the timeout, health check, draining, protocol or redirect they " +
      "carry silently stays at GKE's defaults, such as the 30 s timeout that cuts gRPC streams.",
    fix:
      "Express it for the Gateway: appProtocol on the Service port, GCPBackendPolicy (timeout, draining, Cloud " +
      "Armor, logging, affinity, IAP), HealthCheckPolicy, GCPGatewayPolicy (SSL policy) and an HTTPRoute " +
      "RequestRedirect; then drop the Ingress annotations and objects.",
    link: "https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources",
  },
  (set, reporter) => {
    const viaGateway = new Set<Service>();
    const viaIngress = new Set<Service>();
    for (const routed of set.routedPorts) {
      (routed.frontend === "gateway" ? viaGateway : viaIngress).add(routed.service);
    }
    for (const service of viaGateway) {
      if (viaIngress.has(service)) continue;
      const label = `${describeObject(service.document.object)} is routed only by GKE Gateway`;
      for (const key of [...APP_PROTOCOLS_KEYS, ...BACKEND_CONFIG_KEYS]) {
        if (service.annotations[key] === undefined) continue;
        reporter.report(
          service.document,
          jsonPath("metadata", "annotations", key),
          `${label}, which ignores ${key}: ${
            key.includes("app-protocols")
              ? "the backend protocol comes from each port's appProtocol"
              : "its BackendConfig's timeout, health check and draining do not apply (use GCPBackendPolicy and HealthCheckPolicy)"
          }.`,
        );
      }
      const neg = negAnnotation(service);
      if (neg?.ok === true && neg.ingress) {
        reporter.report(
          service.document,
          jsonPath("metadata", "annotations", NEG_KEY),
          `${label}, which creates its own network endpoint groups: ${NEG_KEY} {"ingress": true} asks for GKE Ingress's NEGs and is a leftover.`,
          `Remove the ${NEG_KEY} annotation (keep it only if a GKE Ingress also serves the Service).`,
        );
      }
    }
    // A FrontendConfig that no GKE Ingress of the set attaches, next to a GKE Gateway: meant for the Gateway.
    if (!set.gateways.some((gateway) => gateway.gke)) return;
    const attached = new Set(
      set.ingresses
        .filter((ingress) => ingress.gce)
        .map((ingress) => annotationsOf(ingress.document)[FRONTEND_CONFIG_KEY])
        .filter((name): name is string => name !== undefined),
    );
    for (const document of set.ofKind("FrontendConfig", "networking.gke.io")) {
      const name = document.object.metadata?.name ?? "";
      if (attached.has(name)) continue;
      reporter.report(
        document,
        "spec",
        `${describeObject(document.object)} is attached to no GKE Ingress of the set, which serves a GKE Gateway: the Gateway never reads a FrontendConfig, so its SSL policy and HTTPS redirect do not apply.`,
        "Use a GCPGatewayPolicy (spec.default.sslPolicy) targeting the Gateway, and an HTTPRoute with a RequestRedirect filter on the HTTP listener for the redirect.",
      );
    }
  },
);
