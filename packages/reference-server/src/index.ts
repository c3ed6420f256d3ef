/** The reference server: start it in-process with startServer(env), or run MAIN_PATH as the container does. */
import { join } from "node:path";

export {
  BUILTIN_HEALTH_SERVICES,
  ConfigError,
  DEFAULT_DRAIN_SECONDS,
  DEFAULT_HEALTH_PATH,
  DEFAULT_METRICS_PATH,
  ENVIRONMENT_VARIABLES,
  type Environment,
  isHealthPath,
  readConfig,
  type ServerConfig,
  type TlsFiles,
} from "./config.ts";
export { jsonLineLogger, type LifecycleEvent, type Logger } from "./log.ts";
export { exposition } from "./metrics.ts";
export {
  type EchoMessage,
  HEALTH_PROTO,
  HEALTH_SERVICE,
  healthClient,
  healthDefinition,
  type PingReply,
  type PingRequest,
  PROTO_DIR,
  REALTIME_PROTO,
  REALTIME_SERVICE,
  realtimeClient,
  realtimeDefinition,
  type Tick,
  type TicksRequest,
} from "./proto.ts";
export { MAX_TICK_INTERVAL_MS, MAX_TICKS } from "./realtime.ts";
export {
  failedVariable,
  type RunningServer,
  type ShutdownReport,
  StartError,
  type StartOptions,
  startServer,
} from "./server.ts";

/** The entry point the container runs (`node <MAIN_PATH>`), for tests that start it as a process. */
export const MAIN_PATH = join(import.meta.dirname, "main.ts");
/** The package folder (Dockerfile, proto/). */
export const PACKAGE_DIR = join(import.meta.dirname, "..");

/**
 * What the runtime image (Dockerfile: distroless Node.js) can execute: node only. No shell and no `sleep`, so a
 * `preStop.exec` hook of `sleep N` fails there (use the chart's native `preStop.mode: sleep`).
 */
export const IMAGE_EXECUTABLES: readonly string[] = ["/nodejs/bin/node"];
