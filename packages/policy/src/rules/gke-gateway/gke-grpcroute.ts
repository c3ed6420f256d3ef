import { describeObject } from "@grpc-gke/manifest";
import { defineRule } from "../../rule.ts";

export const grpcRoute = defineRule(
  {
    id: "GKE-GRPCROUTE",
    title: "GRPCRoute attached to a GKE Gateway",
    why: "The GKE Gateway controller does not support GRPCRoute; the route is never programmed. gRPC goes through an HTTPRoute.",
    fix: "Use an HTTPRoute with a PathPrefix match /package.Service/ (or /) and a backend Service port with appProtocol HTTP2 or kubernetes.io/h2c.",
    link: "https://github.com/GoogleCloudPlatform/gke-gateway-api/issues/31",
  },
  (set, reporter) => {
    for (const route of set.routes) {
      if (route.kind !== "GRPCRoute") continue;
      const gateway = route.gateways.find((candidate) => candidate.gke);
      if (gateway === undefined) continue;
      reporter.report(
        route.document,
        "spec.parentRefs",
        `${describeObject(route.document.object)} attaches to ${describeObject(gateway.document.object)} of GatewayClass ${gateway.className ?? "?"}, which does not support GRPCRoute.`,
      );
    }
  },
);
