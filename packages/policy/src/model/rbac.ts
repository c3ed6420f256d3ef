/**
 * RBAC rules of Roles and ClusterRoles: which verbs a rule grants on which resources, with `*` expanded, so a rule
 * can ask "does this grant list and watch on discovery.k8s.io endpointslices?".
 */
import { jsonPath, type RenderedDocument } from "@grpc-gke/manifest";
import type { IRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { asArray, asString, entries, readAs } from "./read.ts";

/** One entry of a Role's or ClusterRole's `rules`. */
export interface PolicyRule {
  readonly document: RenderedDocument;
  readonly index: number;
  /** `rules[<index>]`. */
  readonly path: string;
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames: readonly string[];
}

const strings = (value: unknown): string[] =>
  asArray(value).flatMap((entry) => {
    const text = asString(entry);
    return text === undefined ? [] : [text];
  });

/** The rules of a Role or ClusterRole (ClusterRole has the same `rules`). */
export function readPolicyRules(document: RenderedDocument): PolicyRule[] {
  const role = readAs<IRole>(document.object);
  return entries(role, "rules").flatMap((rule, index) =>
    rule === undefined
      ? []
      : [
          {
            document,
            index,
            path: jsonPath("rules", index),
            apiGroups: strings(rule.apiGroups),
            resources: strings(rule.resources),
            verbs: strings(rule.verbs).map((verb) => verb.toLowerCase()),
            resourceNames: strings(rule.resourceNames),
          },
        ],
  );
}

/**
 * Whether a rule names a resource of an API group explicitly (`*` in apiGroups counts, `*` in resources does not:
 * a wildcard role is not written for one resolver).
 */
export function namesResource(rule: PolicyRule, group: string, resource: string): boolean {
  return (
    (rule.apiGroups.includes(group) || rule.apiGroups.includes("*")) && rule.resources.includes(resource)
  );
}

/** Whether a rule grants a verb (`*` grants every verb). */
export function grants(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.includes("*") || rule.verbs.includes(verb);
}
