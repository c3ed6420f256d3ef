import { FACTS } from "@grpc-gke/facts";
import { describeObject } from "@grpc-gke/manifest";
import type { IBackendConfig } from "@kubernetes-models/gke/cloud.google.com/v1/BackendConfig";
import type { IHealthCheckPolicy } from "@kubernetes-models/gke/networking.gke.io/v1/HealthCheckPolicy";
import {
  admits,
  asNumber,
  asRecord,
  asString,
  field,
  type ObjectSet,
  type RoutedPort,
  readAs,
  resolveTargetPort,
} from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

/** Where Google's health checkers (and the Google Front End proxies) connect from. */
const GOOGLE_RANGES: readonly string[] = FACTS.loadBalancer.healthCheckSourceRanges;

/**
 * Whether the load balancer in front of a routed port is a Google Front End one, whose proxies connect from Google's
 * ranges (GKE Ingress class `gce`, the global GatewayClasses), rather than an Envoy one in a proxy-only subnet.
 * undefined when the set does not say (a shared Gateway outside it).
 */
function frontEndIsGlobal(set: ObjectSet, routed: RoutedPort): boolean | undefined {
  const classes: Readonly<Record<string, { readonly global: boolean }>> =
    routed.frontend === "ingress" ? FACTS.gkeIngress.classes : FACTS.gkeGateway.classes;
  const className =
    routed.frontend === "ingress"
      ? (set.ingresses.find((ingress) => ingress.document === routed.via)?.className ?? "gce")
      : set.routes.find((route) => route.document === routed.via)?.gateways.find((gateway) => gateway.gke)
          ?.className;
  return className === undefined ? undefined : classes[className]?.global;
}

/**
 * The container port the load balancer's health check goes to: the fixed port of the Service port's BackendConfig
 * health check (GKE Ingress) or HealthCheckPolicy (GKE Gateway, USE_FIXED_PORT), else the serving port.
 */
function healthCheckPort(set: ObjectSet, routed: RoutedPort): number | undefined {
  if (routed.frontend === "ingress") {
    const attached = set.backendConfigFor(routed.service, routed.port)?.document;
    const block = field(field(readAs<IBackendConfig>(attached?.object), "spec"), "healthCheck");
    return asNumber(block?.port);
  }
  const policy = set.policyFor("HealthCheckPolicy", routed.service);
  const config = field(field(field(readAs<IHealthCheckPolicy>(policy?.object), "spec"), "default"), "config");
  const type = asString(config?.type);
  if (type === undefined) return undefined;
  const block = asRecord(asRecord(config)?.[`${type === "HTTP2" ? "http2" : type.toLowerCase()}HealthCheck`]);
  return asString(block?.portSpecification) === "USE_FIXED_PORT" ? asNumber(block?.port) : undefined;
}

export const networkPolicy = defineRule(
  {
    id: "GKE-NETWORK-POLICY",
    title: "NetworkPolicy that shuts Google's load balancer out of the pods behind it",
    why:
      "Once a NetworkPolicy selects a pod, only what some selecting policy admits reaches it. Google's health " +
      `checkers connect from ${GOOGLE_RANGES.join(" and ")} for every Application Load Balancer, and the Google ` +
      "Front End proxies of the global ones (Ingress class gce, the global GatewayClasses) from the same ranges: " +
      "a policy that admits only pods or namespaces keeps them out, the health checks fail, and the load balancer " +
      "answers 502 (or, with only the serving port closed, keeps healthy backends it can never reach).",
    fix:
      `Admit ipBlock ${GOOGLE_RANGES.join(" and ")} on the health-check port, and on the serving port for a global ` +
      "load balancer (a regional or internal one connects from its proxy-only subnet: admit that range there).",
    link: "https://cloud.google.com/load-balancing/docs/firewall-rules",
  },
  (set, reporter) => {
    for (const routed of set.routedPorts) {
      const global = frontEndIsGlobal(set, routed);
      for (const workload of set.selectedWorkloads(routed.service)) {
        const policies = set.ingressPoliciesOf(workload);
        const [first] = policies;
        if (first === undefined) continue;
        const serving = resolveTargetPort(workload, routed.port.targetPort);
        if (serving === undefined) continue;
        const checked = healthCheckPort(set, routed) ?? serving.port.containerPort;
        const ports = [{ port: checked, what: "health checks" }];
        if (global === true && checked !== serving.port.containerPort) {
          ports.push({ port: serving.port.containerPort, what: "Google Front End proxies" });
        }
        for (const { port, what } of ports) {
          const shut = GOOGLE_RANGES.filter(
            (range) =>
              !policies.some((policy) =>
                policy.ingress.some((rule) => admits(rule, range, serving.container, port)),
              ),
          );
          if (shut.length === 0) continue;
          reporter.report(
            first.document,
            "spec.ingress",
            `${policies.map((policy) => describeObject(policy.document.object)).join(", ")} ${policies.length === 1 ? "selects" : "select"} the pods of ${describeObject(workload.document.object)}, behind ${describeObject(routed.via.object)} (${describeObject(routed.service.document.object)} port ${routed.port.name ?? routed.port.port}), but admit${policies.length === 1 ? "s" : ""} nothing from ${shut.join(" or ")} on port ${port}, where the load balancer's ${what} come from: they time out and the load balancer answers 502.`,
            `Add an ingress rule from ipBlock ${GOOGLE_RANGES.join(" and ")} to port ${port}.`,
          );
        }
      }
    }
  },
);
