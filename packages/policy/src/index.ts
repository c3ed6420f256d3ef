export type { Problem } from "@grpc-gke/validate";
export {
  type BackendRef,
  type Container,
  type Gateway,
  type Ingress,
  ObjectSet,
  type Route,
  type RoutedPort,
  type Service,
  type ServicePort,
  type Workload,
} from "./objects.ts";
export { checkPolicy } from "./policy.ts";
export { renderRuleTable, replaceRuleTable } from "./readme.ts";
export type { Rule } from "./rule.ts";
export { rules } from "./rules/index.ts";
