/**
 * Rules for gRPC behind an Istio ingress gateway (networking.istio.io) and the Cloud Endpoints ESP sidecar often behind
 * it: the protocol Istio reads from a Service port, stream-cutting route timeouts, TLS from the gateway that does not
 * match the pod, and ESP v1 ports that cannot carry what is sent to them.
 */
import type { Rule } from "../../rule.ts";
import { istioDestinationTls } from "./istio-destination-tls.ts";
import { istioEspPorts } from "./istio-esp-ports.ts";
import { istioGrpcPortProtocol } from "./istio-grpc-port-protocol.ts";
import { istioGrpcRouteTimeout } from "./istio-grpc-route-timeout.ts";

export const istioRules: readonly Rule[] = [
  istioGrpcPortProtocol,
  istioGrpcRouteTimeout,
  istioDestinationTls,
  istioEspPorts,
];
