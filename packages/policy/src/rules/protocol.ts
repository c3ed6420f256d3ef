import { jsonPath } from "../json.ts";
import {
  appProtocolsAnnotation,
  backendProtocol,
  describeObject,
  type RoutedPort,
  resolveTargetPort,
} from "../objects.ts";
import { tlsEvidence } from "../pods.ts";
import { defineRule } from "../rule.ts";

function portLabel(routed: RoutedPort): string {
  const { service, port } = routed;
  const name = port.name === undefined ? "" : ` "${port.name}"`;
  return `${describeObject(service.document.object)} port${name} (${port.port ?? "?"})`;
}

function frontendLabel(routed: RoutedPort): string {
  return `${routed.frontend === "ingress" ? "GKE Ingress" : "GKE Gateway route"} ${describeObject(routed.via.object)}`;
}

export const http2Tls = defineRule(
  {
    id: "GKE-HTTP2-TLS",
    title: "HTTP/2 backend behind a GKE load balancer that does not serve TLS",
    why:
      "With backend protocol HTTP2 the Google Front End speaks HTTP/2 over TLS to the pod (it never sends cleartext " +
      "h2c on that protocol); a pod serving plaintext fails the handshake and clients get 502 " +
      "failed_to_connect_to_backend.",
    fix:
      "Serve TLS on that container port (a self-signed certificate from a mounted kubernetes.io/tls Secret is " +
      "enough: the GFE does not verify it) and keep health checks on a separate plain HTTP port.",
    link: "https://cloud.google.com/load-balancing/docs/ssl-certificates/encryption-to-the-backends",
  },
  (set, reporter) => {
    for (const routed of set.routedPorts) {
      if (backendProtocol(routed.service, routed.port, routed.frontend) !== "HTTP2") continue;
      for (const workload of set.selectedWorkloads(routed.service)) {
        const target = resolveTargetPort(workload, routed.port.targetPort);
        const containers = target === undefined ? workload.containers : [target.container];
        const number =
          target?.port.containerPort ??
          (typeof routed.port.targetPort === "number" ? routed.port.targetPort : undefined);
        const evidence = tlsEvidence(set, workload, containers, number);
        const where = `${portLabel(routed)} is HTTP2 behind ${frontendLabel(routed)}, so the GFE dials pod port ${number ?? routed.port.targetPort} with TLS`;
        const gatewayFix =
          routed.frontend === "gateway"
            ? " Or, on GKE Gateway only, set the Service port's appProtocol to kubernetes.io/h2c for cleartext HTTP/2."
            : "";
        const containerPath = target?.container.path ?? jsonPath(...workload.podSpecPath, "containers");
        const first = evidence.plaintext[0];
        if (first !== undefined) {
          reporter.report(
            workload.document,
            first.path,
            `${where}, but ${describeObject(workload.document.object)} serves plaintext there: ${evidence.plaintext.map((sign) => sign.reason).join("; ")}.`,
            `Bind port ${number ?? routed.port.targetPort} with https:// and a certificate (a mounted kubernetes.io/tls Secret; self-signed is fine, the GFE does not verify it); serve health checks on a separate plain HTTP port.${gatewayFix}`,
          );
        } else if (evidence.tls.length === 0) {
          reporter.report(
            workload.document,
            containerPath,
            `${where}, but ${describeObject(workload.document.object)} shows no sign of TLS on it: no Secret is mounted and nothing sets an https:// listener for that port.`,
            `Mount a certificate (a kubernetes.io/tls Secret, e.g. from cert-manager) and serve TLS on port ${number ?? routed.port.targetPort}.${gatewayFix}`,
          );
        }
      }
    }
  },
);

const INGRESS_PROTOCOLS = ["HTTP", "HTTPS", "HTTP2"];

export const appProtocolValue = defineRule(
  {
    id: "GKE-APP-PROTOCOLS",
    title: "cloud.google.com/app-protocols that GKE Ingress cannot use",
    why:
      "ingress-gce accepts only HTTP, HTTPS and HTTP2 (exact case) as app-protocols values and fails the whole " +
      "Ingress sync on anything else; there is no H2C or GRPC for Ingress, so cleartext HTTP/2 to pods is impossible.",
    fix: 'Use a JSON map of Service port name to HTTP, HTTPS or HTTP2, e.g. {"grpc":"HTTP2"}, and serve TLS on HTTP2 ports.',
    link: "https://github.com/kubernetes/ingress-gce/blob/master/pkg/annotations/service.go",
  },
  (set, reporter) => {
    for (const service of set.services) {
      const annotation = appProtocolsAnnotation(service);
      if (annotation === undefined) continue;
      const path = jsonPath("metadata", "annotations", annotation.key);
      if (!annotation.ok) {
        reporter.report(service.document, path, `${annotation.key} ${annotation.error}.`);
        continue;
      }
      for (const [portName, protocol] of Object.entries(annotation.protocols)) {
        if (INGRESS_PROTOCOLS.includes(protocol)) continue;
        const hint = INGRESS_PROTOCOLS.includes(protocol.toUpperCase())
          ? ` Write it in upper case: "${protocol.toUpperCase()}".`
          : " gRPC needs HTTP2 with TLS on the pod; cleartext h2c is only possible through GKE Gateway (appProtocol kubernetes.io/h2c).";
        reporter.report(
          service.document,
          path,
          `${annotation.key} sets port "${portName}" to "${protocol}", which GKE Ingress rejects (only HTTP, HTTPS, HTTP2).`,
          `Set port "${portName}" to HTTP, HTTPS or HTTP2.${hint}`,
        );
      }
    }
  },
);

const GATEWAY_PROTOCOLS = ["HTTP", "HTTPS", "HTTP2", "kubernetes.io/h2c"];
const HTTP2_PORT_NAME = /^(grpc|h2c?|http2)(-|$)/i;

export const gatewayAppProtocol = defineRule(
  {
    id: "GKE-GATEWAY-APP-PROTOCOL",
    title: "GKE Gateway backend port speaking HTTP/2 without a usable appProtocol",
    why:
      "The GKE Gateway controller reads only Service spec.ports[].appProtocol (not the app-protocols annotation); " +
      "without it the load balancer speaks HTTP/1.1 to the pod and gRPC fails with 'upstream connect error … " +
      "protocol error'. It accepts HTTP, HTTPS, HTTP2 and kubernetes.io/h2c.",
    fix: "Set appProtocol on the Service port: HTTP2 (TLS on the pod) or kubernetes.io/h2c (cleartext HTTP/2).",
    link: "https://github.com/GoogleCloudPlatform/gke-gateway-api/issues/31",
  },
  (set, reporter) => {
    for (const routed of set.routedPorts) {
      if (routed.frontend !== "gateway") continue;
      const { service, port } = routed;
      const appProtocol = port.appProtocol;
      if (appProtocol !== undefined) {
        if (!GATEWAY_PROTOCOLS.includes(appProtocol))
          reporter.report(
            service.document,
            `${port.path}.appProtocol`,
            `${portLabel(routed)} behind ${frontendLabel(routed)} has appProtocol "${appProtocol}", which GKE Gateway does not support (HTTP, HTTPS, HTTP2, kubernetes.io/h2c).`,
          );
        continue;
      }
      const annotation = appProtocolsAnnotation(service);
      const annotated =
        annotation?.ok === true && port.name !== undefined ? annotation.protocols[port.name] : undefined;
      const sign =
        annotated === "HTTP2"
          ? `its ${annotation?.key} annotation says HTTP2, but GKE Gateway ignores that annotation`
          : port.name !== undefined && HTTP2_PORT_NAME.test(port.name)
            ? `its name "${port.name}" says it speaks HTTP/2`
            : undefined;
      if (sign === undefined) continue;
      reporter.report(
        service.document,
        port.path,
        `${portLabel(routed)} behind ${frontendLabel(routed)} has no appProtocol, yet ${sign}; the load balancer will speak HTTP/1.1 to it.`,
      );
    }
  },
);
