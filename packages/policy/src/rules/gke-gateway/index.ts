/** Rules for GKE Gateway (the `gke-l7-*` GatewayClasses): what its controller reads and supports. */
import type { Rule } from "../../rule.ts";
import { gatewayAppProtocol } from "./gke-gateway-app-protocol.ts";
import { gatewayCertmap } from "./gke-gateway-certmap.ts";
import { gatewayH2cTls } from "./gke-gateway-h2c-tls.ts";
import { gatewayIngressConfig } from "./gke-gateway-ingress-config.ts";
import { gatewayRouteTimeouts } from "./gke-gateway-route-timeouts.ts";
import { grpcRoute } from "./gke-grpcroute.ts";

export const gkeGatewayRules: readonly Rule[] = [
  gatewayAppProtocol,
  gatewayH2cTls,
  grpcRoute,
  gatewayIngressConfig,
  gatewayRouteTimeouts,
  gatewayCertmap,
];
