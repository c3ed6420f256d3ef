/**
 * Every rule, from one folder per scope. Each folder has an index.ts exporting its rules; a rule is one file
 * named after its id (lower case), with its fixtures in `<scope>/__fixtures__/<RULE-ID>/`.
 *
 * Adding a frontend's rules (nginx/, istio/, in-cluster/): create the folder with its index.ts, add it to
 * RULES_BY_SCOPE, and place each new id in REPORT_ORDER (the rules test checks that every rule is there once).
 */
import { GrpcGkeError } from "@grpc-gke/manifest/errors";
import type { Rule } from "../rule.ts";
import { gkeRules } from "./gke/index.ts";
import { gkeGatewayRules } from "./gke-gateway/index.ts";
import { gkeIngressRules } from "./gke-ingress/index.ts";
import { inClusterRules } from "./in-cluster/index.ts";
import { istioRules } from "./istio/index.ts";
import { kubernetesRules } from "./kubernetes/index.ts";
import { nginxRules } from "./nginx/index.ts";
import { observabilityRules } from "./observability/index.ts";
import { podSecurityRules } from "./pod-security/index.ts";

/** The rule folders: plain Kubernetes, both Google load balancers, then each Google frontend. */
export const RULES_BY_SCOPE = {
  kubernetes: kubernetesRules,
  gke: gkeRules,
  "gke-ingress": gkeIngressRules,
  "gke-gateway": gkeGatewayRules,
  nginx: nginxRules,
  "in-cluster": inClusterRules,
  istio: istioRules,
  "pod-security": podSecurityRules,
  observability: observabilityRules,
} as const satisfies Readonly<Record<string, readonly Rule[]>>;

export type RuleScope = keyof typeof RULES_BY_SCOPE;

/**
 * The order problems about one object are reported in (and the README lists the rules in): the traps that
 * break gRPC on GKE first, then the supporting checks. A rule missing here is reported after these.
 */
export const REPORT_ORDER: readonly string[] = [
  "GKE-HTTP2-TLS",
  "GKE-APP-PROTOCOLS",
  "GKE-HEALTH-CHECK",
  "GKE-INGRESS-NEG",
  "K8S-READINESS-PROBE",
  "K8S-GRACE-PERIOD",
  "GKE-PRESTOP",
  "GKE-BACKEND-TIMEOUT",
  "GKE-NETWORK-POLICY",
  "K8S-PORT-REFERENCE",
  "K8S-SERVICE-SELECTOR",
  "GKE-MANAGED-CERT-DOMAINS",
  "GKE-MANAGED-CERT-MISSING",
  "GKE-INGRESS-CLASS-NAME",
  "GKE-BACKEND-CONFIG-ON-INGRESS",
  "GKE-GATEWAY-APP-PROTOCOL",
  "GKE-GATEWAY-H2C-TLS",
  "GKE-GRPCROUTE",
  "GKE-GATEWAY-INGRESS-CONFIG",
  "GKE-GATEWAY-ROUTE-TIMEOUTS",
  "GKE-GATEWAY-CERTMAP",
  "NGINX-GRPC-BACKEND-PROTOCOL",
  "NGINX-GRPC-TLS",
  "NGINX-STREAM-TIMEOUT",
  "NGINX-GRPC-REWRITE",
  "NGINX-ORG-ANNOTATIONS",
  "NGINX-TLS-HOSTS",
  "IN-CLUSTER-CLUSTERIP-DIAL",
  "IN-CLUSTER-KUBERESOLVER-RBAC",
  "IN-CLUSTER-HEADLESS-PORT-NAME",
  "ISTIO-GRPC-PORT-PROTOCOL",
  "ISTIO-GRPC-ROUTE-TIMEOUT",
  "ISTIO-DESTINATION-TLS",
  "ISTIO-ESP-PORTS",
  "MONITOR-PORT",
  // Pod Security Standards: baseline's controls, restricted's, then the exceptions (the spec's order).
  "PSS-HOST-PROCESS",
  "PSS-HOST-NAMESPACES",
  "PSS-PRIVILEGED",
  "PSS-CAPABILITIES-BASELINE",
  "PSS-HOST-PATH",
  "PSS-HOST-PORTS",
  "PSS-HOST-PROBES",
  "PSS-APPARMOR",
  "PSS-SELINUX",
  "PSS-PROC-MOUNT",
  "PSS-SECCOMP-BASELINE",
  "PSS-SYSCTLS",
  "PSS-VOLUME-TYPES",
  "PSS-PRIVILEGE-ESCALATION",
  "PSS-RUN-AS-NON-ROOT",
  "PSS-RUN-AS-USER",
  "PSS-SECCOMP-RESTRICTED",
  "PSS-CAPABILITIES-RESTRICTED",
  "PSS-EXCEPTION",
];

function rank(rule: Rule): number {
  const index = REPORT_ORDER.indexOf(rule.id);
  return index === -1 ? REPORT_ORDER.length : index;
}

/** Every rule, in report order. */
export const rules: readonly Rule[] = Object.values(RULES_BY_SCOPE)
  .flat()
  .sort((a, b) => rank(a) - rank(b));

/** A `--rules` word that is neither a rule id nor a scope. */
export class RuleSelectionError extends GrpcGkeError {
  override readonly name = "RuleSelectionError";
  declare readonly reason: "rule-unknown";
  readonly word: string;
  constructor(word: string) {
    super(`--rules ${word}: no rule or scope has that name`, {
      reason: "rule-unknown",
      fix: `use rule ids (${rules.map((rule) => rule.id).join(", ")}) or scopes (${Object.keys(RULES_BY_SCOPE).join(", ")}), separated by commas`,
    });
    this.word = word;
  }
}

/**
 * The rules a selection names: rule ids (`GKE-HTTP2-TLS`, any case) and scopes (`gke-ingress`), in report order.
 * An unknown word is a RuleSelectionError.
 */
export function selectRules(words: readonly string[]): Rule[] {
  const selected = new Set<Rule>();
  for (const word of words.map((raw) => raw.trim()).filter((raw) => raw !== "")) {
    const scope = Object.entries(RULES_BY_SCOPE).find(([name]) => name === word.toLowerCase())?.[1];
    const rule = rules.find((candidate) => candidate.id === word.toUpperCase());
    if (scope === undefined && rule === undefined) throw new RuleSelectionError(word);
    for (const found of scope ?? [rule as Rule]) selected.add(found);
  }
  return rules.filter((rule) => selected.has(rule));
}
