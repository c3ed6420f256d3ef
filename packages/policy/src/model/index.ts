/**
 * The policy model: what the rules read from a rendered set. `ObjectSet` indexes the objects once and follows
 * the references GKE follows (Service → pods, Ingress/route → Service port, BackendConfig and policies →
 * Service); the other modules read one kind each, defensively (manifests may be invalid, see read.ts).
 */
export {
  type AnnotationParse,
  APP_PROTOCOLS_KEYS,
  appProtocolsAnnotation,
  BACKEND_CONFIG_KEYS,
  backendConfigAnnotation,
  INGRESS_CLASS_KEY,
  MANAGED_CERTIFICATES_KEY,
  managedCertificateNames,
  NEG_KEY,
  negAnnotation,
} from "./annotations.ts";
export { type Dial, dialsOf } from "./clients.ts";
export { type Gateway, GKE_GATEWAY_CONTROLLER, type Route } from "./gateway.ts";
export { grpcPortEvidence } from "./grpc.ts";
export { type Ingress, type IngressRule, type IngressTls, isGceClass } from "./ingress.ts";
export {
  durationSeconds,
  type EspV1Ports,
  espV1Ports,
  hostService,
  type IstioPortPolicy,
  type IstioRoute,
  injectsIstioSidecar,
  isEspV1Image,
  isIstioHttp2,
  istioPortPolicy,
  istioProtocol,
  istioRoutes,
} from "./istio.ts";
export { type EnvVar, envOf, mountedSecrets, type TlsEvidence, tlsEvidence } from "./listeners.ts";
export {
  admits,
  cidrContains,
  type NetworkPolicy,
  type NetworkPolicyIngressRule,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
  readNetworkPolicy,
  selectsWorkload,
} from "./network-policy.ts";
export {
  backendProtocolOf,
  ingressClassController,
  isGrpcProtocol,
  isIngressNginx,
  NGINX_ORG_PREFIX,
  NGINX_PREFIX,
  type NginxBackend,
  nginxAnnotation,
} from "./nginx.ts";
export { annotationsOf, apiGroup, isKind, nameOf, namespaceOf, sameNamespace } from "./object.ts";
export { ObjectSet } from "./object-set.ts";
export {
  PROBES,
  type Probe,
  type ProbeField,
  preStopSeconds,
  probesOf,
  readinessHttpGetOn,
  terminationGracePeriod,
} from "./pods.ts";
export { grants, namesResource, type PolicyRule, readPolicyRules } from "./rbac.ts";
export {
  asArray,
  asNumber,
  asRecord,
  asString,
  asStringMap,
  at,
  entries,
  field,
  type JsonParse,
  type JsonRecord,
  parseJson,
  readAs,
  type Unchecked,
} from "./read.ts";
export { type AttachedConfig, backendProtocol, type Frontend, type RoutedPort } from "./routing.ts";
export { type BackendRef, findServicePort, type Service, type ServicePort } from "./services.ts";
export {
  type Container,
  type ContainerPort,
  portNumber,
  resolveTargetPort,
  type Workload,
} from "./workloads.ts";
