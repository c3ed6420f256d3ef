/**
 * Rules for both Google load-balancer frontends (GKE Ingress and GKE Gateway): how the Google Front End talks
 * to pods (HTTP/2 over TLS, health checks, backend timeouts) and leaves them (NEG detach before SIGTERM).
 */
import type { Rule } from "../../rule.ts";
import { backendTimeout } from "./gke-backend-timeout.ts";
import { healthCheck } from "./gke-health-check.ts";
import { http2Tls } from "./gke-http2-tls.ts";
import { networkPolicy } from "./gke-network-policy.ts";
import { preStop } from "./gke-prestop.ts";

export const gkeRules: readonly Rule[] = [http2Tls, healthCheck, preStop, backendTimeout, networkPolicy];
