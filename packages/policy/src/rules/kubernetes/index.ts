/**
 * Rules about plain Kubernetes wiring that every frontend depends on: probes, shutdown timing, port
 * references between objects and Service selectors. (They read GKE's configs where those change the answer,
 * e.g. connection draining in the grace period.)
 */
import type { Rule } from "../../rule.ts";
import { gracePeriod } from "./k8s-grace-period.ts";
import { portReference } from "./k8s-port-reference.ts";
import { readinessProbe } from "./k8s-readiness-probe.ts";
import { serviceSelector } from "./k8s-service-selector.ts";

export const kubernetesRules: readonly Rule[] = [readinessProbe, gracePeriod, portReference, serviceSelector];
