import { FACTS } from "@grpc-gke/facts";
import { describeObject, jsonPath } from "@grpc-gke/manifest";
import type { IBackendConfig } from "@kubernetes-models/gke/cloud.google.com/v1/BackendConfig";
import type { IGCPBackendPolicy } from "@kubernetes-models/gke/networking.gke.io/v1/GCPBackendPolicy";
import { asNumber, at, BACKEND_CONFIG_KEYS, backendProtocol, field, readAs } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

const DEFAULT_TIMEOUT = FACTS.loadBalancer.defaultBackendTimeoutSec;
const MAX_ADVISED = FACTS.loadBalancer.maxAdvisedTimeoutSec;
/** The shortest stream-safe timeout: the chart's guard GOOGLE-LB-TIMEOUT refuses values below the same fact. */
const MIN_STREAM = FACTS.loadBalancer.minStreamTimeoutSec;

export const backendTimeout = defineRule(
  {
    id: "GKE-BACKEND-TIMEOUT",
    title: "Backend-service timeout that cuts long-lived gRPC streams",
    why:
      `The backend-service timeoutSec (default ${DEFAULT_TIMEOUT} s) is not an idle timeout: it caps a whole response, so a gRPC ` +
      `server or bidi stream (like a WebSocket) is cut when it expires. Google advises against more than ${MAX_ADVISED} s ` +
      "because GFEs restart for maintenance and clients must reconnect anyway.",
    fix: `Set timeoutSec to the longest stream you accept (e.g. 3600, at most ${MAX_ADVISED}): BackendConfig spec.timeoutSec for GKE Ingress, GCPBackendPolicy spec.default.timeoutSec for GKE Gateway; make clients reconnect.`,
    link: "https://cloud.google.com/load-balancing/docs/backend-service",
  },
  (set, reporter) => {
    for (const routed of set.routedPorts) {
      const { service, port, frontend } = routed;
      const protocol = backendProtocol(service, port, frontend);
      if (protocol !== "HTTP2" && protocol !== "kubernetes.io/h2c") continue;
      const label = `${describeObject(service.document.object)} port ${port.name ?? port.port} (${protocol} behind ${describeObject(routed.via.object)})`;
      if (frontend === "ingress") {
        const attached = set.backendConfigFor(service, port);
        if (attached === undefined) {
          reporter.report(
            service.document,
            jsonPath("metadata", "annotations", BACKEND_CONFIG_KEYS[0]),
            `${label} has no BackendConfig, so its backend timeout is the default ${DEFAULT_TIMEOUT} s and every stream is cut after ${DEFAULT_TIMEOUT} s.`,
            `Attach a BackendConfig with spec.timeoutSec (e.g. 3600) through ${BACKEND_CONFIG_KEYS[0]} on the Service.`,
          );
          continue;
        }
        if (attached.document === undefined) {
          reporter.report(
            service.document,
            jsonPath("metadata", "annotations", attached.annotation),
            `${label} names BackendConfig "${attached.name}", which is not in the rendered set, so the default ${DEFAULT_TIMEOUT} s timeout cannot be ruled out.`,
            `Render BackendConfig "${attached.name}" with spec.timeoutSec (e.g. 3600) next to the Service.`,
          );
          continue;
        }
        const timeout = asNumber(field(readAs<IBackendConfig>(attached.document.object), "spec")?.timeoutSec);
        if (timeout === undefined)
          reporter.report(
            attached.document,
            "spec",
            `${describeObject(attached.document.object)} serves ${label} without timeoutSec, so streams are cut after the default ${DEFAULT_TIMEOUT} s.`,
          );
        else if (timeout < MIN_STREAM)
          reporter.report(
            attached.document,
            "spec.timeoutSec",
            `timeoutSec ${timeout} serves ${label}: streams are cut after ${timeout} s (stream-safe timeouts are at least ${MIN_STREAM} s).`,
          );
        continue;
      }
      const policy = set.policyFor("GCPBackendPolicy", service);
      const timeout = asNumber(
        field(field(readAs<IGCPBackendPolicy>(policy?.object), "spec"), "default")?.timeoutSec,
      );
      if (policy === undefined)
        reporter.report(
          service.document,
          "",
          `${label} has no GCPBackendPolicy, so its backend timeout is the default ${DEFAULT_TIMEOUT} s and every stream is cut after ${DEFAULT_TIMEOUT} s (GKE ignores HTTPRoute timeouts).`,
          `Add a GCPBackendPolicy targeting Service ${service.name} with spec.default.timeoutSec (e.g. 3600).`,
        );
      else if (timeout === undefined || timeout < MIN_STREAM)
        reporter.report(
          policy,
          timeout === undefined ? "spec.default" : "spec.default.timeoutSec",
          timeout === undefined
            ? `${describeObject(policy.object)} serves ${label} without timeoutSec, so streams are cut after the default ${DEFAULT_TIMEOUT} s.`
            : `timeoutSec ${timeout} serves ${label}: streams are cut after ${timeout} s (stream-safe timeouts are at least ${MIN_STREAM} s).`,
        );
    }
    // Too long, wherever the timeout is set (attached or not).
    for (const [kind, path] of [
      ["BackendConfig", ["spec", "timeoutSec"]],
      ["GCPBackendPolicy", ["spec", "default", "timeoutSec"]],
    ] as const) {
      for (const document of set.ofKind(kind)) {
        const timeout = asNumber(at(document.object, ...path));
        if (timeout !== undefined && timeout > MAX_ADVISED)
          reporter.report(
            document,
            jsonPath(...path),
            `timeoutSec ${timeout} is above ${MAX_ADVISED} s (one day), which Google advises against: GFEs restart for maintenance, so streams end anyway.`,
            `Set timeoutSec to at most ${MAX_ADVISED} and make clients reconnect when a stream ends.`,
          );
      }
    }
  },
);
