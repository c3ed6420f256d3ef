export type { Problem } from "@grpc-gke/manifest";
export {
  type BackendRef,
  type Container,
  type Frontend,
  type Gateway,
  type Ingress,
  ObjectSet,
  type Route,
  type RoutedPort,
  type Service,
  type ServicePort,
  type Workload,
} from "./model/index.ts";
export { checkPolicy } from "./policy.ts";
export { renderRuleTable, replaceRuleTable } from "./readme.ts";
export { defineRule, Reporter, type Rule } from "./rule.ts";
export {
  REPORT_ORDER,
  RULES_BY_SCOPE,
  type RuleScope,
  RuleSelectionError,
  rules,
  selectRules,
} from "./rules/index.ts";
