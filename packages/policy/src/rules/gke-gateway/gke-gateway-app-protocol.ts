import { joinPath } from "@grpc-gke/manifest";
import { appProtocolsAnnotation } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";
import { frontendLabel, portLabel } from "../labels.ts";

/** The Service `appProtocol` values the GKE Gateway controller accepts. */
const GATEWAY_PROTOCOLS = ["HTTP", "HTTPS", "HTTP2", "kubernetes.io/h2c"];
/** Port names that say the port speaks HTTP/2. */
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
            joinPath(port.path, "appProtocol"),
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
