/**
 * Whether a Service port carries gRPC (HTTP/2): what its `appProtocol` says (`grpc`, `HTTP2`, `h2c`,
 * `kubernetes.io/h2c`, any case), else its name or the container port it targets, by the `<protocol>[-suffix]`
 * naming convention meshes read (Istio: `grpc`, `grpc-*`, `http2`, `h2c`).
 */
import type { ObjectSet } from "./object-set.ts";
import type { Service, ServicePort } from "./services.ts";
import { resolveTargetPort } from "./workloads.ts";

const GRPC_APP_PROTOCOLS = new Set(["grpc", "http2", "h2c", "kubernetes.io/h2c"]);
const GRPC_PORT_NAME = /^(grpc|http2|h2c)(-|$)/i;

/** Why the port is a gRPC port (`appProtocol HTTP2`, `port name grpc`, ...), or undefined when nothing says so. */
export function grpcPortEvidence(set: ObjectSet, service: Service, port: ServicePort): string | undefined {
  if (port.appProtocol !== undefined) {
    return GRPC_APP_PROTOCOLS.has(port.appProtocol.toLowerCase())
      ? `appProtocol ${port.appProtocol}`
      : undefined;
  }
  if (port.name !== undefined && GRPC_PORT_NAME.test(port.name)) return `port name ${port.name}`;
  for (const workload of set.selectedWorkloads(service)) {
    const name = resolveTargetPort(workload, port.targetPort)?.port.name;
    if (name !== undefined && GRPC_PORT_NAME.test(name)) return `container port name ${name}`;
  }
  return undefined;
}
