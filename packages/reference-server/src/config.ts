/**
 * The reference server's whole configuration, read from the environment the chart's `generic` preset renders
 * and nothing else (no flags, no files besides the certificate the variables point at).
 */

/** The environment as the process sees it (`process.env`, or a test's record). */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface TlsFiles {
  /** PEM certificate chain (`TLS_CERT_FILE`, the mounted `tls.crt`). */
  readonly certFile: string;
  /** PEM private key (`TLS_KEY_FILE`, the mounted `tls.key`). */
  readonly keyFile: string;
}

export interface ServerConfig {
  /** `GRPC_PORT`: gRPC over TLS + HTTP/2, or cleartext h2c without TLS files. 0 picks a free port (tests). */
  readonly grpcPort: number;
  /** `HEALTH_PORT`: HTTP/1.1 health endpoint, and grpc.health.v1 over h2c for kubelet's gRPC probes. */
  readonly healthPort: number;
  /** `HEALTH_PATH` (default `/health`): 200 on it and every sub-path while serving, 503 once shutting down. */
  readonly healthPath: string;
  /** `SHUTDOWN_DRAIN_SECONDS` (default 30): how long in-flight calls may run after SIGTERM before cancellation. */
  readonly drainSeconds: number;
  /** `TLS_CERT_FILE` + `TLS_KEY_FILE`; absent means cleartext h2c on the grpc port. */
  readonly tls: TlsFiles | undefined;
  /** `GRPC_MAX_CONNECTION_AGE_MS`, passed as grpc-js `grpc.max_connection_age_ms`. */
  readonly maxConnectionAgeMs: number | undefined;
  /** `GRPC_MAX_CONNECTION_AGE_GRACE_MS`, passed as grpc-js `grpc.max_connection_age_grace_ms`. */
  readonly maxConnectionAgeGraceMs: number | undefined;
  /**
   * The grpc.health.v1 service names answered: "" (the whole server) and `gunstars.Realtime` always, plus the
   * comma-separated `GRPC_HEALTH_SERVICES` (names a probe, health check or `helm test` asks for).
   */
  readonly healthServices: readonly string[];
  /** `METRICS_PORT` (the chart's `ports.metrics`): Prometheus text metrics over HTTP/1.1; absent means none. */
  readonly metricsPort: number | undefined;
  /** `METRICS_PATH` (default `/metrics`): the path the PodMonitoring / ServiceMonitor scrapes. */
  readonly metricsPath: string;
}

export const DEFAULT_HEALTH_PATH = "/health";
export const DEFAULT_DRAIN_SECONDS = 30;
export const DEFAULT_METRICS_PATH = "/metrics";

/** The variables the server reads, in the order the README documents them. */
export const ENVIRONMENT_VARIABLES = [
  "GRPC_PORT",
  "HEALTH_PORT",
  "TLS_CERT_FILE",
  "TLS_KEY_FILE",
  "HEALTH_PATH",
  "SHUTDOWN_DRAIN_SECONDS",
  "GRPC_MAX_CONNECTION_AGE_MS",
  "GRPC_MAX_CONNECTION_AGE_GRACE_MS",
  "GRPC_HEALTH_SERVICES",
  "METRICS_PORT",
  "METRICS_PATH",
] as const;

/** The grpc.health.v1 names always answered: the whole server, and the realtime service. */
export const BUILTIN_HEALTH_SERVICES: readonly string[] = ["", "gunstars.Realtime"];

/** A variable is missing or malformed: the server refuses to start (exit 1) and says which one. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.variable = variable;
  }
}

function text(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function port(env: Environment, name: string): number {
  const value = text(env, name);
  if (value === undefined)
    throw new ConfigError(name, "is not set; the chart's generic preset always sets it.");
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new ConfigError(name, `must be a port number (0-65535), got ${JSON.stringify(value)}.`);
  }
  return Number(value);
}

/** An absolute URL path without query, fragment or blanks. */
function urlPath(variable: string, value: string): string {
  if (!value.startsWith("/") || /[?#\s]/.test(value)) {
    throw new ConfigError(variable, `must be an absolute URL path, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function milliseconds(env: Environment, name: string): number | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new ConfigError(name, `must be a whole number of milliseconds >= 1, got ${JSON.stringify(value)}.`);
  }
  return Number(value);
}

/** Reads and checks the configuration; throws a ConfigError naming the first bad variable. */
export function readConfig(env: Environment): ServerConfig {
  const grpcPort = port(env, "GRPC_PORT");
  const healthPort = port(env, "HEALTH_PORT");
  if (grpcPort !== 0 && grpcPort === healthPort) {
    throw new ConfigError("HEALTH_PORT", `must differ from GRPC_PORT (both are ${grpcPort}).`);
  }

  const healthPath = urlPath("HEALTH_PATH", text(env, "HEALTH_PATH") ?? DEFAULT_HEALTH_PATH);
  const metricsPort = text(env, "METRICS_PORT") === undefined ? undefined : port(env, "METRICS_PORT");
  if (
    metricsPort !== undefined &&
    metricsPort !== 0 &&
    (metricsPort === grpcPort || metricsPort === healthPort)
  ) {
    throw new ConfigError(
      "METRICS_PORT",
      `must differ from GRPC_PORT and HEALTH_PORT (it is ${metricsPort}).`,
    );
  }

  const drainText = text(env, "SHUTDOWN_DRAIN_SECONDS");
  const drainSeconds = drainText === undefined ? DEFAULT_DRAIN_SECONDS : Number(drainText);
  if (!/^\d+(\.\d+)?$/.test(drainText ?? "0") || !Number.isFinite(drainSeconds)) {
    throw new ConfigError(
      "SHUTDOWN_DRAIN_SECONDS",
      `must be a number of seconds >= 0, got ${JSON.stringify(drainText)}.`,
    );
  }

  const certFile = text(env, "TLS_CERT_FILE");
  const keyFile = text(env, "TLS_KEY_FILE");
  if ((certFile === undefined) !== (keyFile === undefined)) {
    const missing = certFile === undefined ? "TLS_CERT_FILE" : "TLS_KEY_FILE";
    throw new ConfigError(
      missing,
      "is not set while its pair is: set both for TLS, or neither for cleartext h2c.",
    );
  }
  const tls = certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : undefined;

  return {
    grpcPort,
    healthPort,
    healthPath: healthPath.length > 1 ? healthPath.replace(/\/+$/, "") : healthPath,
    drainSeconds,
    tls,
    maxConnectionAgeMs: milliseconds(env, "GRPC_MAX_CONNECTION_AGE_MS"),
    maxConnectionAgeGraceMs: milliseconds(env, "GRPC_MAX_CONNECTION_AGE_GRACE_MS"),
    healthServices: [
      ...new Set([
        ...BUILTIN_HEALTH_SERVICES,
        ...(text(env, "GRPC_HEALTH_SERVICES") ?? "")
          .split(",")
          .map((name) => name.trim())
          .filter((name) => name !== ""),
      ]),
    ],
    metricsPort,
    metricsPath: urlPath("METRICS_PATH", text(env, "METRICS_PATH") ?? DEFAULT_METRICS_PATH),
  };
}

/** True when `path` (without query) is the health path or below it: `/health`, `/health/ready`. */
export function isHealthPath(healthPath: string, path: string): boolean {
  const bare = path.split("?")[0] ?? path;
  if (healthPath === "/") return true;
  return bare === healthPath || bare === `${healthPath}/` || bare.startsWith(`${healthPath}/`);
}
