/** Rules for GKE Gateway (the `gke-l7-*` GatewayClasses): what its controller reads and supports. */
import type { Rule } from "../../rule.ts";
import { gatewayAppProtocol } from "./gke-gateway-app-protocol.ts";
import { grpcRoute } from "./gke-grpcroute.ts";

export const gkeGatewayRules: readonly Rule[] = [gatewayAppProtocol, grpcRoute];
