import { describeObject, jsonPath } from "@grpc-gke/manifest";
import type { IHTTPRouteSpec } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRouteSpec";
import { entries, readAs } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

export const gatewayRouteTimeouts = defineRule(
  {
    id: "GKE-GATEWAY-ROUTE-TIMEOUTS",
    title: "HTTPRoute timeouts on a GKE Gateway",
    why:
      "GKE's Gateway controller does not implement HTTPRoute rules[].timeouts: its conformance run lists " +
      "HTTPRouteRequestTimeout and HTTPRouteBackendTimeout as exempt features. The request timeout of a GKE " +
      "backend is the backend service's timeoutSec (GCPBackendPolicy, 30 s by default), which caps a whole gRPC " +
      "stream; a route timeout neither raises nor lowers it.",
    fix:
      "Remove timeouts from the route and set spec.default.timeoutSec in a GCPBackendPolicy targeting the backend " +
      "Service (at least the longest stream, e.g. 3600).",
    link: "https://github.com/GoogleCloudPlatform/gke-gateway-api/blob/main/conformance/conformance_test.go",
  },
  (set, reporter) => {
    for (const route of set.routes) {
      if (route.kind !== "HTTPRoute") continue;
      const gateway = route.gateways.find((candidate) => candidate.gke);
      if (gateway === undefined) continue;
      entries(readAs<IHTTPRouteSpec>(route.document.object.spec), "rules").forEach((rule, index) => {
        if (rule?.timeouts === undefined) return;
        reporter.report(
          route.document,
          jsonPath("spec", "rules", index, "timeouts"),
          `${describeObject(route.document.object)} sets timeouts on a route of ${describeObject(gateway.document.object)} (GatewayClass ${gateway.className ?? "?"}), which GKE does not honour: streams are still cut by the backend service's timeoutSec.`,
        );
      });
    }
  },
);
