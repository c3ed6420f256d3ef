/**
 * Rules for GKE Ingress (ingress-gce): the annotations it reads (app-protocols, neg, backend-config, managed
 * certificates) and the way it picks an Ingress up.
 */
import type { Rule } from "../../rule.ts";
import { appProtocolValue } from "./gke-app-protocols.ts";
import { backendConfigOnIngress } from "./gke-backend-config-on-ingress.ts";
import { ingressClassName } from "./gke-ingress-class-name.ts";
import { ingressNeg } from "./gke-ingress-neg.ts";
import { managedCertificateDomains } from "./gke-managed-cert-domains.ts";
import { managedCertificateMissing } from "./gke-managed-cert-missing.ts";

export const gkeIngressRules: readonly Rule[] = [
  appProtocolValue,
  ingressNeg,
  managedCertificateDomains,
  managedCertificateMissing,
  ingressClassName,
  backendConfigOnIngress,
];
