/**
 * The Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/), one rule per
 * control of the baseline and restricted levels, on every container of every workload's pod, checked at the level
 * the workload's Namespace enforces (restricted when the set holds no such Namespace); and the rule for the named
 * exceptions that silence a control. See the package README's "Pod Security Standards".
 */
import type { Rule } from "../../rule.ts";
import { POD_SECURITY_CONTROLS, podSecurityException } from "./pss-exception.ts";

export const podSecurityRules: readonly Rule[] = [...POD_SECURITY_CONTROLS, podSecurityException];
