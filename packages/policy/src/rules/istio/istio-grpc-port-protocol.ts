import { describeObject, joinPath } from "@grpc-gke/manifest";
import {
  type IstioRoute,
  injectsIstioSidecar,
  isIstioHttp2,
  istioPortPolicy,
  istioProtocol,
  istioRoutes,
  type ObjectSet,
  resolveTargetPort,
  type Service,
  type ServicePort,
} from "../../model/index.ts";
import { defineRule } from "../../rule.ts";
import { servicePortLabel } from "../labels.ts";

/** Names and appProtocols that say a port carries gRPC (HTTP/2), whatever Istio reads. */
const GRPC_NAME = /^(grpc|http2|h2c)(-|$)/i;
/** A route prefix of a gRPC service: `/package.Service/`. */
const GRPC_PREFIX = /^\/[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+\/$/;

/** Why a Service port carries gRPC, from anything but its appProtocol (which Istio reads first). */
function grpcSign(
  set: ObjectSet,
  service: Service,
  port: ServicePort,
  routes: readonly IstioRoute[],
): string | undefined {
  if (port.name !== undefined && GRPC_NAME.test(port.name)) return `its name "${port.name}" says gRPC`;
  for (const workload of set.selectedWorkloads(service)) {
    const name = resolveTargetPort(workload, port.targetPort)?.port.name;
    if (name !== undefined && GRPC_NAME.test(name))
      return `it targets container port "${name}" of ${describeObject(workload.document.object)}`;
  }
  for (const route of routes) {
    const prefix = route.prefixes.find((candidate) => GRPC_PREFIX.test(candidate));
    if (prefix !== undefined)
      return `${describeObject(route.virtualService.object)} routes the gRPC service prefix ${prefix} to it`;
  }
  return undefined;
}

/**
 * A gRPC port Istio would not speak HTTP/2 to. Istio reads a Service port's protocol from `appProtocol` when it is set,
 * else from the port name's prefix (istio/istio pkg/config/kube/conversion.go ConvertProtocol), and its proxies speak
 * HTTP/2 upstream only for HTTP2, GRPC and GRPC-Web (pilot/pkg/networking/core/cluster_builder.go setUpstreamProtocol);
 * an ingress gateway never sniffs an unnamed port, it speaks HTTP/1.1. A DestinationRule with `h2UpgradePolicy: UPGRADE`
 * or `useClientProtocol` (cluster_traffic_policy.go shouldH2Upgrade) makes it HTTP/2 anyway. Checked for the ports a
 * VirtualService routes to and the ports of Services whose pods ask for Istio's sidecar.
 */
export const istioGrpcPortProtocol = defineRule(
  {
    id: "ISTIO-GRPC-PORT-PROTOCOL",
    title: "gRPC Service port that Istio reads as HTTP/1.1 or TCP",
    why:
      "Istio picks a Service port's protocol from its appProtocol, which wins over the port name, else from the name's " +
      "prefix (grpc, http2, http, tcp, ...); it speaks HTTP/2 to the pods only for http2, grpc and grpc-web. A gRPC port " +
      "named grpc but with appProtocol http, or named tcp-..., or unnamed, gets HTTP/1.1 from the ingress gateway (which " +
      "never sniffs) or is proxied as opaque TCP, so gRPC calls fail (upstream connect error, 502/503) or skip the " +
      "VirtualService's HTTP routes.",
    fix:
      "Set the Service port's appProtocol to grpc (or http2, or kubernetes.io/h2c), or name it grpc or grpc-<suffix> " +
      "without an appProtocol; a DestinationRule with h2UpgradePolicy: UPGRADE also makes Istio speak HTTP/2 to it.",
    link: "https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/",
  },
  (set, reporter) => {
    const routesByPort = new Map<ServicePort, IstioRoute[]>();
    for (const route of istioRoutes(set)) {
      const list = routesByPort.get(route.port);
      if (list === undefined) routesByPort.set(route.port, [route]);
      else list.push(route);
    }
    const meshServices = new Set(
      set.workloads.filter(injectsIstioSidecar).flatMap((workload) => set.servicesSelecting(workload)),
    );
    const candidates: { service: Service; port: ServicePort; via: string }[] = [];
    for (const [port, routes] of routesByPort) {
      const [first] = routes;
      if (first !== undefined)
        candidates.push({
          service: first.service,
          port,
          via: `routed by ${describeObject(first.virtualService.object)}`,
        });
    }
    for (const service of meshServices) {
      for (const port of service.ports) {
        if (!routesByPort.has(port)) candidates.push({ service, port, via: "of pods with Istio's sidecar" });
      }
    }
    for (const { service, port, via } of candidates) {
      const protocol = istioProtocol(port);
      if (isIstioHttp2(protocol)) continue;
      const sign = grpcSign(set, service, port, routesByPort.get(port) ?? []);
      if (sign === undefined) continue;
      const policy = istioPortPolicy(set, service, port);
      if (policy?.h2UpgradePolicy === "UPGRADE" || policy?.useClientProtocol === true) continue;
      const reads =
        port.appProtocol !== undefined
          ? `appProtocol ${port.appProtocol}, which wins over the port name`
          : port.name === undefined
            ? "an unnamed port with no appProtocol"
            : `the port name "${port.name}"`;
      const consequence =
        protocol === "TCP" || protocol === "TLS" || protocol === "HTTPS"
          ? `the gateway proxies it as opaque ${protocol === "TCP" ? "TCP" : "TLS"}, so the VirtualService's HTTP routes and HTTP/2 settings do not apply`
          : protocol === "HTTP"
            ? "Istio's proxies speak HTTP/1.1 to it and gRPC calls fail"
            : "an ingress gateway, which never sniffs, speaks HTTP/1.1 to it and gRPC calls fail";
      reporter.report(
        service.document,
        port.appProtocol !== undefined ? joinPath(port.path, "appProtocol") : port.path,
        `${servicePortLabel(service, port)}, ${via}, carries gRPC (${sign}), but Istio reads its protocol as ${protocol} (from ${reads}): ${consequence}.`,
      );
    }
  },
);
