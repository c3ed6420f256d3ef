import type { Rule } from "../rule.ts";
import { healthCheck, readinessProbe } from "./health.ts";
import {
  backendConfigOnIngress,
  grpcRoute,
  ingressClassName,
  managedCertificateDomains,
  managedCertificateMissing,
} from "./ingress.ts";
import { gracePeriod, ingressNeg, preStop } from "./lifecycle.ts";
import { appProtocolValue, gatewayAppProtocol, http2Tls } from "./protocol.ts";
import { portReference, serviceSelector } from "./references.ts";
import { backendTimeout } from "./timeout.ts";

/** Every rule, in report order: the traps that break gRPC on GKE first, then the supporting checks. */
export const rules: readonly Rule[] = [
  http2Tls,
  appProtocolValue,
  healthCheck,
  ingressNeg,
  readinessProbe,
  gracePeriod,
  preStop,
  backendTimeout,
  portReference,
  serviceSelector,
  managedCertificateDomains,
  managedCertificateMissing,
  ingressClassName,
  backendConfigOnIngress,
  gatewayAppProtocol,
  grpcRoute,
];
