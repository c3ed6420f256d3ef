/**
 * Rules for in-cluster gRPC clients that balance per call over the pods (frontend inCluster, and the client-side
 * balancing add-on of any frontend): dialing a cluster IP, the RBAC a Kubernetes API resolver needs, and the headless
 * Service's port names.
 */
import type { Rule } from "../../rule.ts";
import { inClusterClusterIpDial } from "./in-cluster-clusterip-dial.ts";
import { inClusterHeadlessPortName } from "./in-cluster-headless-port-name.ts";
import { inClusterKuberesolverRbac } from "./in-cluster-kuberesolver-rbac.ts";

export const inClusterRules: readonly Rule[] = [
  inClusterClusterIpDial,
  inClusterKuberesolverRbac,
  inClusterHeadlessPortName,
];
