/**
 * The service definitions, loaded from the `.proto` files at run time with @grpc/proto-loader (no generated
 * code): the realtime service from this package, grpc.health.v1 from grpc-health-check.
 */
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { protoPath as healthProtoFile } from "grpc-health-check";

/** The folder holding `gunstars/realtime.proto`. */
export const PROTO_DIR = join(import.meta.dirname, "..", "proto");
export const REALTIME_PROTO = join(PROTO_DIR, "gunstars", "realtime.proto");
/** grpc-health-check's copy of `grpc/health/v1/health.proto`. */
export const HEALTH_PROTO = healthProtoFile;

/** The realtime service's full name: its grpc.health.v1 service name and the prefix of its method paths. */
export const REALTIME_SERVICE = "gunstars.Realtime";
/** The grpc.health.v1 service's full name. */
export const HEALTH_SERVICE = "grpc.health.v1.Health";

const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

export interface PingRequest {
  readonly payload: string;
}
export interface PingReply {
  readonly payload: string;
  readonly server: string;
}
export interface TicksRequest {
  readonly count: number;
  readonly intervalMs: number;
}
export interface Tick {
  readonly seq: number;
  readonly server: string;
}
export interface EchoMessage {
  readonly seq: number;
  readonly payload: string;
  readonly server: string;
}

let realtime: protoLoader.PackageDefinition | undefined;
let health: protoLoader.PackageDefinition | undefined;

/** The realtime package definition (loaded once). */
export function realtimeDefinition(): protoLoader.PackageDefinition {
  realtime ??= protoLoader.loadSync(REALTIME_PROTO, { ...LOADER_OPTIONS, includeDirs: [PROTO_DIR] });
  return realtime;
}

/** The grpc.health.v1 package definition (loaded once), for health clients. */
export function healthDefinition(): protoLoader.PackageDefinition {
  health ??= protoLoader.loadSync(HEALTH_PROTO, { ...LOADER_OPTIONS, keepCase: true });
  return health;
}

/** The `gunstars.Realtime` service definition, for `server.addService`. */
export function realtimeService(): grpc.ServiceDefinition {
  const service = realtimeDefinition()[REALTIME_SERVICE];
  if (service === undefined || !("Ping" in service))
    throw new Error(`${REALTIME_PROTO} has no ${REALTIME_SERVICE}`);
  return service as grpc.ServiceDefinition;
}

/** A client constructor for `gunstars.Realtime` (`new (realtimeClient())(target, credentials, options)`). */
export function realtimeClient(): grpc.ServiceClientConstructor {
  return grpc.makeGenericClientConstructor(realtimeService(), "Realtime");
}

/** A client constructor for `grpc.health.v1.Health`. */
export function healthClient(): grpc.ServiceClientConstructor {
  const service = healthDefinition()[HEALTH_SERVICE];
  if (service === undefined || !("Check" in service))
    throw new Error(`${HEALTH_PROTO} has no ${HEALTH_SERVICE}`);
  return grpc.makeGenericClientConstructor(service as grpc.ServiceDefinition, "Health");
}
