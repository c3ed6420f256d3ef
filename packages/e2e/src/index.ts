/**
 * End-to-end checks of the rendered chart with the reference server on loopback: see README.md.
 */
export { type Balancer, type Endpoint, EndpointView, LoadBalancer, RoundRobinChannel } from "./balancer.ts";
export {
  BackendConnectError,
  connectRealtime,
  type ExerciseFigures,
  echo,
  exercise,
  type Handshake,
  loadBalancerHandshake,
  loadBalancerPing,
  ping,
  type RealtimeClient,
  type StreamFigures,
  TrafficError,
  type Transport,
  ticks,
} from "./calls.ts";
export { type IssuedSecret, issueMissingSecrets } from "./certs.ts";
export {
  checkShutdown,
  checkStack,
  describeReport,
  drainSeconds,
  E2eFailure,
  frontendTransport,
  type ShutdownReport,
  type StackReport,
} from "./check.ts";
export { MINIMUM_GRACE_MS, POD_HOST, Pod, PodNotReadyError, type TerminationReport } from "./pod.ts";
export { freePorts, podPorts } from "./ports.ts";
export {
  grpcHealthCheck,
  helmTestProbe,
  loadBalancerHealthCheck,
  type ProbeResult,
  parseHealthProbeArgs,
  runProbe,
  tlsNoVerify,
} from "./probes.ts";
export { type RolloutOptions, type RolloutReport, rollout } from "./rollout.ts";
export {
  askedHealthServices,
  containerPort,
  editableContainer,
  editStack,
  type LoadBalancerHealthCheck,
  type MutableObject,
  publicHost,
  readStack,
  renderedSecretData,
  type Stack,
  StackError,
  servicePortTarget,
} from "./stack.ts";
export {
  describeFigures,
  lossless,
  startTraffic,
  type TrafficFigures,
  type TrafficOptions,
} from "./traffic.ts";
export {
  fastTimings,
  GENERIC_PRESET,
  listVariants,
  mergeValues,
  NAMESPACE,
  RELEASE_NAME,
  type RenderStackOptions,
  renderStack,
  type Values,
  type Variant,
  variantDisablesPreStop,
} from "./variants.ts";
