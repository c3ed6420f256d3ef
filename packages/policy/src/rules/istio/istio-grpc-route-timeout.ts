import { FACTS } from "@grpc-gke/facts";
import { describeObject, joinPath } from "@grpc-gke/manifest";
import {
  durationSeconds,
  grpcPortEvidence,
  isIstioHttp2,
  istioProtocol,
  istioRoutes,
} from "../../model/index.ts";
import { defineRule } from "../../rule.ts";
import { servicePortLabel } from "../labels.ts";

/**
 * A VirtualService route timeout that ends gRPC streams. The route `timeout` is Envoy's route timeout: the time until
 * the whole response, so a server or bidi stream is cut when it expires, however busy; Istio also caps the grpc-timeout
 * clients send with it (istio/istio pilot/pkg/networking/core/route/route.go setTimeout, MaxGrpcTimeout). Istio's
 * default is none (istio/api virtual_service.proto: "default is disabled"). The bound is the chart's
 * (FACTS.loadBalancer.minStreamTimeoutSec), shared with its guard ISTIO-ROUTE-TIMEOUT.
 */
export const istioGrpcRouteTimeout = defineRule(
  {
    id: "ISTIO-GRPC-ROUTE-TIMEOUT",
    title: "VirtualService route timeout that cuts gRPC streams",
    why:
      "A VirtualService http route's timeout is the time until the whole response (Envoy's route timeout), not an idle " +
      "timeout: a gRPC server or bidi stream sent through the route is ended when it expires, and Istio also caps the " +
      "grpc-timeout deadline clients send with it. Istio sets none by default.",
    fix:
      "Remove the timeout (or write 0s) on routes to gRPC ports, or set it above the longest stream you accept (an hour " +
      "or more) and make clients reconnect; bound unary calls with client deadlines instead.",
    link: "https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute",
  },
  (set, reporter) => {
    const min = FACTS.loadBalancer.minStreamTimeoutSec;
    for (const route of istioRoutes(set)) {
      if (route.timeout === undefined) continue;
      const seconds = durationSeconds(route.timeout);
      if (seconds === undefined || seconds === 0 || seconds >= min) continue;
      const grpc =
        grpcPortEvidence(set, route.service, route.port) ??
        (isIstioHttp2(istioProtocol(route.port)) ? `Istio protocol ${istioProtocol(route.port)}` : undefined);
      if (grpc === undefined) continue;
      reporter.report(
        route.virtualService,
        joinPath(route.routePath, "timeout"),
        `${describeObject(route.virtualService.object)} routes to ${servicePortLabel(route.service, route.port)}, a gRPC port (${grpc}), with timeout ${route.timeout}: every stream through it ends after ${seconds} s (below ${min} s).`,
      );
    }
  },
);
