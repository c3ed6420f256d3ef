import { FACTS } from "@grpc-gke/facts";
import { describeObject, joinPath, jsonPath, type RenderedDocument } from "@grpc-gke/manifest";
import type { IBackendConfig } from "@kubernetes-models/gke/cloud.google.com/v1/BackendConfig";
import type { IHealthCheckPolicy } from "@kubernetes-models/gke/networking.gke.io/v1/HealthCheckPolicy";
import {
  asNumber,
  asRecord,
  asString,
  field,
  type ObjectSet,
  readAs,
  readinessHttpGetOn,
  resolveTargetPort,
  type Service,
  type ServicePort,
  tlsEvidence,
  type Workload,
} from "../../model/index.ts";
import { defineRule, type Reporter } from "../../rule.ts";
import { wordList } from "../labels.ts";

/** BackendConfig `healthCheck.type` values ingress-gce accepts. */
const BACKEND_CONFIG_TYPES: readonly string[] = FACTS.gkeIngress.healthCheckTypes;
/** HealthCheckPolicy `config.type` values (GKE Gateway). */
const POLICY_TYPES: readonly string[] = FACTS.gkeGateway.healthCheckTypes;
/**
 * HealthCheckPolicy types that open TLS to the pod (HTTPS, HTTP2) and that stay cleartext (HTTP, and GRPC: the CRD
 * has no gRPC-with-TLS type, which Compute Engine names separately); TCP only connects.
 */
const TLS_CHECKS = ["HTTPS", "HTTP2"];
const CLEARTEXT_CHECKS = ["HTTP", "GRPC"];
/** Service appProtocol values GKE Gateway reaches with TLS, and in cleartext. */
const TLS_PROTOCOLS = ["HTTPS", "HTTP2"];
const CLEARTEXT_PROTOCOLS = ["HTTP", "kubernetes.io/h2c"];

function declaredPorts(workload: Workload): string {
  const ports = workload.containers.flatMap((container) =>
    container.ports.map((port) =>
      port.name === undefined ? `${port.containerPort}` : `${port.name} ${port.containerPort}`,
    ),
  );
  return ports.length === 0 ? "none" : ports.join(", ");
}

interface HealthCheck {
  readonly document: RenderedDocument;
  /** Path of the health-check block inside its object. */
  readonly path: string;
  readonly port: number | undefined;
  readonly requestPath: string | undefined;
  readonly requestPathField: string;
  readonly portField: string;
  readonly http: boolean;
}

/** Compares one health check with the pods behind one Service port. */
function checkAgainstPods(
  set: ObjectSet,
  reporter: Reporter,
  check: HealthCheck,
  service: Service,
  servicePort: ServicePort,
): void {
  for (const workload of set.selectedWorkloads(service)) {
    const owner = `${describeObject(workload.document.object)} (selected by ${describeObject(service.document.object)})`;
    let port = check.port;
    if (port !== undefined) {
      const declared = workload.containers.some((container) =>
        container.ports.some((candidate) => candidate.containerPort === port),
      );
      if (!declared) {
        reporter.report(
          check.document,
          check.portField,
          `health-check port ${port} is not a containerPort of ${owner}; its ports are ${declaredPorts(workload)}.`,
          "Point healthCheck.port at the container port that serves the health endpoint (a plain HTTP port next to the TLS gRPC port).",
        );
        continue;
      }
    } else {
      port = resolveTargetPort(workload, servicePort.targetPort)?.port.containerPort;
    }
    if (port === undefined || !check.http) continue;
    const readiness = readinessHttpGetOn(workload, port);
    if (readiness === undefined) continue;
    const requestPath = check.requestPath ?? "/";
    if (readiness.probe.httpPath === requestPath) continue;
    reporter.report(
      check.document,
      check.requestPath === undefined ? check.path : check.requestPathField,
      `health check requests "${requestPath}"${check.requestPath === undefined ? " (the default)" : ""} on port ${port}, but the readinessProbe of container "${readiness.container.name}" in ${owner} checks "${readiness.probe.httpPath}" there.`,
      `Set requestPath to "${readiness.probe.httpPath}", the path the pod answers on port ${port}.`,
    );
  }
}

/**
 * A HealthCheckPolicy check that cannot speak to the port it checks: a cleartext check (HTTP, GRPC) on a port that
 * serves TLS, or a TLS one (HTTPS, HTTP2) on a cleartext port. On the serving port the Service's appProtocol says
 * what the port serves; on a fixed port, what the pod's own configuration says about that port.
 */
function checkProtocol(
  set: ObjectSet,
  reporter: Reporter,
  {
    policy,
    blockPath,
    type,
    fixedPort,
    service,
    servicePort,
  }: {
    readonly policy: RenderedDocument;
    readonly blockPath: string;
    readonly type: string;
    readonly fixedPort: number | undefined;
    readonly service: Service;
    readonly servicePort: ServicePort;
  },
): void {
  const cleartextCheck = CLEARTEXT_CHECKS.includes(type);
  const tlsCheck = TLS_CHECKS.includes(type);
  if (!cleartextCheck && !tlsCheck) return;
  const checkSays = cleartextCheck ? `a cleartext ${type} check` : `a ${type} check, which opens TLS,`;
  if (fixedPort === undefined) {
    const protocol = servicePort.appProtocol;
    const mismatch =
      protocol !== undefined &&
      ((cleartextCheck && TLS_PROTOCOLS.includes(protocol)) ||
        (tlsCheck && CLEARTEXT_PROTOCOLS.includes(protocol)));
    if (!mismatch) return;
    reporter.report(
      policy,
      joinPath(blockPath, "portSpecification"),
      `health check sends ${checkSays} to the serving port ${servicePort.name ?? servicePort.port} of ${describeObject(service.document.object)}, whose appProtocol ${protocol} says it serves ${cleartextCheck ? "TLS" : "cleartext"}: every check fails and the load balancer answers 502.`,
      cleartextCheck
        ? "Check a port that serves cleartext (USE_FIXED_PORT with the pod's plain health port), or use type HTTPS/HTTP2 on the TLS port."
        : "Use type HTTP (or GRPC for an h2c gRPC server) on the cleartext port.",
    );
    return;
  }
  for (const workload of set.selectedWorkloads(service)) {
    const evidence = tlsEvidence(set, workload, workload.containers, fixedPort);
    const contrary = cleartextCheck ? evidence.portTls[0]?.reason : evidence.plaintext[0]?.reason;
    if (contrary === undefined) continue;
    reporter.report(
      policy,
      joinPath(blockPath, "port"),
      `health check sends ${checkSays} to port ${fixedPort}, but ${describeObject(workload.document.object)} serves ${cleartextCheck ? "TLS" : "cleartext"} there (${contrary}): every check fails and the load balancer answers 502.`,
      cleartextCheck
        ? `Point the ${type} check at a port that serves cleartext, or use a TLS check type.`
        : "Use type HTTP (or GRPC for an h2c gRPC server) on that cleartext port.",
    );
  }
}

export const healthCheck = defineRule(
  {
    id: "GKE-HEALTH-CHECK",
    title: "Load-balancer health check aimed at a port or path the pod does not serve",
    why:
      "A BackendConfig (or HealthCheckPolicy) health check replaces the one inferred from the readiness probe; " +
      "a wrong port or path, a named port (GKE Gateway's network endpoint groups have none), or a cleartext check " +
      "(HTTP, GRPC) on a TLS port or a TLS one (HTTPS, HTTP2) on a cleartext port marks every endpoint unhealthy and " +
      "the load balancer answers 502. BackendConfig " +
      `healthCheck.type accepts only ${wordList(BACKEND_CONFIG_TYPES, "and")} (GRPC and TCP fail the sync).`,
    fix: "Aim the health check at the pod's plain HTTP health port and the readiness probe's path, with type HTTP.",
    link: "https://github.com/kubernetes/ingress-gce/blob/master/pkg/translator/healthchecks.go",
  },
  (set, reporter) => {
    for (const service of set.services) {
      // GKE Ingress: the BackendConfig attached to each port.
      for (const servicePort of service.ports) {
        const attached = set.backendConfigFor(service, servicePort)?.document;
        if (attached === undefined) continue;
        const block = field(field(readAs<IBackendConfig>(attached.object), "spec"), "healthCheck");
        if (block === undefined) continue;
        const type = asString(block.type);
        if (type !== undefined && !BACKEND_CONFIG_TYPES.includes(type)) {
          reporter.report(
            attached,
            "spec.healthCheck.type",
            `healthCheck.type "${type}" is not supported by GKE Ingress (only ${BACKEND_CONFIG_TYPES.join(", ")}).`,
            type === "GRPC"
              ? "Use type HTTP against a plain HTTP health endpoint; native gRPC health checks exist only through GKE Gateway's HealthCheckPolicy."
              : `Use type ${wordList(BACKEND_CONFIG_TYPES, "or")}.`,
          );
        }
        checkAgainstPods(
          set,
          reporter,
          {
            document: attached,
            path: "spec.healthCheck",
            port: asNumber(block.port),
            requestPath: asString(block.requestPath),
            requestPathField: "spec.healthCheck.requestPath",
            portField: "spec.healthCheck.port",
            http: true,
          },
          service,
          servicePort,
        );
      }
      // GKE Gateway: the HealthCheckPolicy targeting the Service, for the ports routes send traffic to.
      const policy = set.policyFor("HealthCheckPolicy", service);
      if (policy === undefined) continue;
      const config = field(
        field(field(readAs<IHealthCheckPolicy>(policy.object), "spec"), "default"),
        "config",
      );
      const type = asString(config?.type) ?? "HTTP";
      if (!POLICY_TYPES.includes(type)) {
        reporter.report(
          policy,
          "spec.default.config.type",
          `config.type "${type}" is not a GKE health-check type (${POLICY_TYPES.join(", ")}).`,
        );
        continue;
      }
      // httpHealthCheck, httpsHealthCheck, http2HealthCheck, grpcHealthCheck, tcpHealthCheck.
      const blockName = `${type === "HTTP2" ? "http2" : type.toLowerCase()}HealthCheck`;
      const block = asRecord(asRecord(config)?.[blockName]);
      const blockPath = jsonPath("spec", "default", "config", blockName);
      // Without portSpecification the check follows `port`, then `portName`, else the serving port
      // (gke-gateway-api healthcheck_types.go CommonHealthCheck).
      const specification =
        asString(block?.portSpecification) ??
        (block?.port !== undefined
          ? "USE_FIXED_PORT"
          : block?.portName !== undefined
            ? "USE_NAMED_PORT"
            : "USE_SERVING_PORT");
      if (specification === "USE_NAMED_PORT") {
        reporter.report(
          policy,
          joinPath(blockPath, block?.portSpecification === undefined ? "portName" : "portSpecification"),
          `health check uses a named port, which GKE Gateway's backends (network endpoint groups of pod IP and port) do not have: Compute Engine supports USE_NAMED_PORT only for instance groups, so the check never reaches a pod.`,
          "Use portSpecification USE_SERVING_PORT (the routed port) or USE_FIXED_PORT with the number of the pod's health port.",
        );
        continue;
      }
      const fixed = specification === "USE_FIXED_PORT";
      for (const routed of set.routedPortsOf(service)) {
        if (routed.frontend !== "gateway") continue;
        checkProtocol(set, reporter, {
          policy,
          blockPath,
          type,
          fixedPort: fixed ? asNumber(block?.port) : undefined,
          service,
          servicePort: routed.port,
        });
        checkAgainstPods(
          set,
          reporter,
          {
            document: policy,
            path: blockPath,
            port: fixed ? asNumber(block?.port) : undefined,
            requestPath: asString(block?.requestPath),
            requestPathField: joinPath(blockPath, "requestPath"),
            portField: joinPath(blockPath, "port"),
            http: type.startsWith("HTTP"),
          },
          service,
          routed.port,
        );
      }
    }
  },
);
