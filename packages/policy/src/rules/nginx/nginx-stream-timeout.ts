import { FACTS } from "@grpc-gke/facts";
import { describeObject, jsonPath } from "@grpc-gke/manifest";
import { asNumber, backendProtocolOf, isGrpcProtocol, nginxAnnotation } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

const DEFAULT = FACTS.nginx.defaultProxyTimeoutSec;
const TIMEOUTS = [
  { annotation: nginxAnnotation("proxy-read-timeout"), grpc: "grpc_read_timeout", what: "from the pod" },
  { annotation: nginxAnnotation("proxy-send-timeout"), grpc: "grpc_send_timeout", what: "to the pod" },
] as const;

/**
 * A gRPC Ingress of ingress-nginx whose streams die after a minute of silence. With backend protocol GRPC or GRPCS the
 * controller's template sets grpc_read_timeout and grpc_send_timeout from proxy-read-timeout and proxy-send-timeout
 * (default 60 s), but only for the exact upper-case values: `grpc` in lower case still picks grpc_pass and leaves
 * nginx's own 60 s (kubernetes/ingress-nginx rootfs/etc/nginx/template/nginx.tmpl, internal/ingress/controller/
 * config/config.go). Advisory when the timeouts are merely left at the default: the controller's ConfigMap may raise
 * them for every Ingress, and a service without streams does not care.
 */
export const nginxStreamTimeout = defineRule(
  {
    id: "NGINX-STREAM-TIMEOUT",
    title: "gRPC behind ingress-nginx with the 60 s stream timeouts",
    why:
      "ingress-nginx closes a gRPC stream that sends nothing for grpc_read_timeout (from the pod) or grpc_send_timeout " +
      `(to the pod), which it derives from proxy-read-timeout and proxy-send-timeout, ${DEFAULT} s by default, and only ` +
      "when backend-protocol is exactly GRPC or GRPCS; server, client and bidi streams that idle longer are cut.",
    fix:
      "Set nginx.ingress.kubernetes.io/proxy-read-timeout and proxy-send-timeout above the longest silence of your " +
      'streams (e.g. "3600"), write backend-protocol in upper case, and raise the controller ConfigMap\'s ' +
      "client-body-timeout for client and bidi streams (no annotation sets it).",
    link: "https://github.com/kubernetes/ingress-nginx/blob/main/docs/examples/grpc/README.md#notes-on-using-responserequest-streams",
    severity: "warning",
  },
  (set, reporter) => {
    for (const ingress of set.nginxIngresses) {
      const protocol = backendProtocolOf(ingress);
      if (!isGrpcProtocol(protocol)) continue;
      const name = describeObject(ingress.document.object);
      if (protocol !== protocol.toUpperCase()) {
        reporter.report(
          ingress.document,
          jsonPath("metadata", "annotations", nginxAnnotation("backend-protocol")),
          `${name} has backend-protocol ${protocol}: ingress-nginx proxies it with grpc_pass, but its template derives grpc_read_timeout and grpc_send_timeout from the proxy timeouts only for ${protocol.toUpperCase()} in upper case, so streams are closed after nginx's own ${DEFAULT} s whatever proxy-read-timeout says.`,
          `Write backend-protocol: ${protocol.toUpperCase()}.`,
          "error",
        );
        continue;
      }
      for (const timeout of TIMEOUTS) {
        const value = ingress.annotations[timeout.annotation];
        const seconds = value === undefined ? undefined : asNumber(value.trim());
        if (seconds !== undefined && seconds > DEFAULT) continue;
        const current =
          value === undefined
            ? `no ${timeout.annotation} (${DEFAULT} s)`
            : `${timeout.annotation}: "${value}"`;
        reporter.report(
          ingress.document,
          jsonPath("metadata", "annotations", timeout.annotation),
          `${name} proxies gRPC (${protocol}) with ${current}: ${timeout.grpc} closes a stream after ${seconds ?? DEFAULT} s without a message ${timeout.what}, unless the controller's ConfigMap raises the default.`,
          `Set ${timeout.annotation}: "3600" (or more than the longest silence of your streams) on ${name}.`,
        );
      }
    }
  },
);
