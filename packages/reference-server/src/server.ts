/**
 * startServer(env): the gRPC port (TLS + HTTP/2 from the mounted files, or cleartext h2c), the health port, and
 * the graceful shutdown the chart's timing assumes.
 */
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { createSecureContext } from "node:tls";
import * as grpc from "@grpc/grpc-js";
import { HealthImplementation } from "grpc-health-check";
import { ConfigError, type Environment, readConfig, type ServerConfig } from "./config.ts";
import { listenHealthPort } from "./health.ts";
import { jsonLineLogger, type Logger } from "./log.ts";
import { listenMetricsPort, type MetricsPort } from "./metrics.ts";
import { realtimeService } from "./proto.ts";
import { CallTracker, realtimeImplementation } from "./realtime.ts";

export interface StartOptions {
  /** Where lifecycle events go (default: one JSON line each on stdout). */
  readonly log?: Logger;
}

export interface ShutdownReport {
  /** True when every in-flight call ended by itself within SHUTDOWN_DRAIN_SECONDS. */
  readonly drained: boolean;
  /** Calls still running at the drain deadline, cancelled then. */
  readonly cancelledCalls: number;
  readonly durationMs: number;
}

export interface RunningServer {
  readonly config: ServerConfig;
  /** The bound ports (the configured ones, or the free ones picked for port 0). */
  readonly grpcPort: number;
  readonly healthPort: number;
  /** The bound metrics port, when METRICS_PORT is set. */
  readonly metricsPort: number | undefined;
  /** `<hostname>:<grpc port>`: how replies name the server that answered. */
  readonly instance: string;
  readonly activeCalls: number;
  readonly shuttingDown: boolean;
  /**
   * The graceful shutdown (what SIGTERM runs): fail readiness at once (HTTP health 503, grpc.health.v1
   * NOT_SERVING), stop listening and send GOAWAY so no new call starts, let in-flight calls finish for up to
   * SHUTDOWN_DRAIN_SECONDS, cancel what is left, close the health port. Idempotent.
   */
  shutdown(reason: string): Promise<ShutdownReport>;
}

/** The server could not start: a certificate that does not load, a port that cannot be bound. */
export class StartError extends Error {
  override readonly name = "StartError";
  readonly variable: string | undefined;

  constructor(message: string, variable?: string, options?: ErrorOptions) {
    super(message, options);
    this.variable = variable;
  }
}

async function loadTls(config: ServerConfig): Promise<grpc.ServerCredentials> {
  if (config.tls === undefined) return grpc.ServerCredentials.createInsecure();
  const read = async (variable: string, file: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new StartError(`${variable}=${file} cannot be read: ${(error as Error).message}`, variable, {
        cause: error,
      });
    }
  };
  const cert = await read("TLS_CERT_FILE", config.tls.certFile);
  const key = await read("TLS_KEY_FILE", config.tls.keyFile);
  try {
    // What grpc-js does at bind time, done first so a bad certificate is reported as such.
    createSecureContext({ cert, key });
  } catch (error) {
    throw new StartError(
      `TLS_CERT_FILE=${config.tls.certFile} / TLS_KEY_FILE=${config.tls.keyFile} do not load: ${(error as Error).message}`,
      "TLS_CERT_FILE",
      { cause: error },
    );
  }
  return grpc.ServerCredentials.createSsl(null, [{ cert_chain: cert, private_key: key }], false);
}

function grpcOptions(config: ServerConfig): grpc.ServerOptions {
  const options: Record<string, number> = {};
  if (config.maxConnectionAgeMs !== undefined)
    options["grpc.max_connection_age_ms"] = config.maxConnectionAgeMs;
  if (config.maxConnectionAgeGraceMs !== undefined) {
    options["grpc.max_connection_age_grace_ms"] = config.maxConnectionAgeGraceMs;
  }
  return options;
}

function bind(server: grpc.Server, port: number, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`0.0.0.0:${port}`, credentials, (error, bound) => {
      if (error === null) resolve(bound);
      else reject(new StartError(`GRPC_PORT=${port} cannot be bound: ${error.message}`, "GRPC_PORT"));
    });
  });
}

/** Starts the server from the environment; throws ConfigError or StartError when it cannot. */
export async function startServer(env: Environment, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? jsonLineLogger;
  const config = readConfig(env);
  const credentials = await loadTls(config);

  const calls = new CallTracker();
  const health = new HealthImplementation(
    Object.fromEntries(config.healthServices.map((name) => [name, "NOT_SERVING" as const])),
  );
  const server = new grpc.Server(grpcOptions(config));
  const grpcPort = await bind(server, config.grpcPort, credentials);
  const instance = `${hostname()}:${grpcPort}`;
  server.addService(realtimeService(), realtimeImplementation(instance, calls));
  health.addToServer(server);

  let serving = true;
  const healthPort = await listenHealthPort({
    port: config.healthPort,
    healthPath: config.healthPath,
    serving: () => serving,
    health,
  }).catch((error: unknown) => {
    server.forceShutdown();
    throw new StartError(
      `HEALTH_PORT=${config.healthPort} cannot be bound: ${(error as Error).message}`,
      "HEALTH_PORT",
    );
  });
  let metrics: MetricsPort | undefined;
  if (config.metricsPort !== undefined) {
    metrics = await listenMetricsPort(config.metricsPort, config.metricsPath, {
      calls,
      serving: () => serving,
    }).catch(async (error: unknown) => {
      server.forceShutdown();
      await healthPort.close();
      throw new StartError(
        `METRICS_PORT=${config.metricsPort} cannot be bound: ${(error as Error).message}`,
        "METRICS_PORT",
      );
    });
  }
  for (const name of config.healthServices) health.setStatus(name, "SERVING");

  log({
    event: "listening",
    instance,
    grpcPort,
    healthPort: healthPort.port,
    tls: config.tls !== undefined,
    protocol: config.tls === undefined ? "h2c" : "h2 over TLS",
    healthPath: config.healthPath,
    drainSeconds: config.drainSeconds,
    maxConnectionAgeMs: config.maxConnectionAgeMs ?? null,
    maxConnectionAgeGraceMs: config.maxConnectionAgeGraceMs ?? null,
    healthServices: config.healthServices,
    metricsPort: metrics?.port ?? null,
    metricsPath: metrics === undefined ? null : config.metricsPath,
  });

  let shutdown: Promise<ShutdownReport> | undefined;
  const runShutdown = async (reason: string): Promise<ShutdownReport> => {
    const started = performance.now();
    serving = false;
    for (const name of config.healthServices) health.setStatus(name, "NOT_SERVING");
    log({
      event: "shutdown_started",
      reason,
      inFlightCalls: calls.active,
      drainSeconds: config.drainSeconds,
    });

    // Closes the listener and sends GOAWAY on every connection; resolves once every call has ended.
    const stopped = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"deadline">((resolve) => {
      deadline = setTimeout(() => resolve("deadline"), config.drainSeconds * 1000);
    });
    const outcome = await Promise.race([stopped.then(() => "drained" as const), timedOut]);
    clearTimeout(deadline);
    let cancelledCalls = 0;
    if (outcome === "deadline") {
      cancelledCalls = calls.active;
      log({ event: "drain_deadline", cancelledCalls, drainSeconds: config.drainSeconds });
      server.forceShutdown();
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    } else {
      log({ event: "drained", durationMs: Math.round(performance.now() - started) });
    }
    await healthPort.close();
    await metrics?.close();
    const report = {
      drained: outcome === "drained",
      cancelledCalls,
      durationMs: Math.round(performance.now() - started),
    };
    log({ event: "stopped", ...report });
    return report;
  };

  return {
    config,
    grpcPort,
    healthPort: healthPort.port,
    metricsPort: metrics?.port,
    instance,
    get activeCalls() {
      return calls.active;
    },
    get shuttingDown() {
      return !serving;
    },
    shutdown: (reason) => {
      shutdown ??= runShutdown(reason);
      return shutdown;
    },
  };
}

/** The variable a start failure is about, when it is about one. */
export function failedVariable(error: unknown): string | undefined {
  return error instanceof ConfigError || error instanceof StartError ? error.variable : undefined;
}
