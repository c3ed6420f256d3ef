import { describe, expect, it } from "vitest";
import {
  ConfigError,
  DEFAULT_DRAIN_SECONDS,
  DEFAULT_HEALTH_PATH,
  isHealthPath,
  readConfig,
} from "../src/index.ts";

const PORTS = { GRPC_PORT: "5000", HEALTH_PORT: "5001" };

describe("readConfig", () => {
  it("reads the generic preset's variables and defaults the rest", () => {
    expect(readConfig(PORTS)).toEqual({
      grpcPort: 5000,
      healthPort: 5001,
      healthPath: DEFAULT_HEALTH_PATH,
      drainSeconds: DEFAULT_DRAIN_SECONDS,
      tls: undefined,
      maxConnectionAgeMs: undefined,
      maxConnectionAgeGraceMs: undefined,
      healthServices: ["", "gunstars.Realtime"],
      metricsPort: undefined,
      metricsPath: "/metrics",
    });
    expect(DEFAULT_HEALTH_PATH).toBe("/health");
    expect(DEFAULT_DRAIN_SECONDS).toBe(30);
  });

  it("reads TLS, the health path, the drain, connection age and extra health service names", () => {
    const config = readConfig({
      ...PORTS,
      TLS_CERT_FILE: "/etc/grpc-gke/tls/tls.crt",
      TLS_KEY_FILE: "/etc/grpc-gke/tls/tls.key",
      HEALTH_PATH: "/healthz/",
      SHUTDOWN_DRAIN_SECONDS: "40",
      GRPC_MAX_CONNECTION_AGE_MS: "1800000",
      GRPC_MAX_CONNECTION_AGE_GRACE_MS: "30000",
      GRPC_HEALTH_SERVICES: "game.v1.Lobby, game.v1.Match,,gunstars.Realtime",
    });
    expect(config).toMatchObject({
      tls: { certFile: "/etc/grpc-gke/tls/tls.crt", keyFile: "/etc/grpc-gke/tls/tls.key" },
      healthPath: "/healthz",
      drainSeconds: 40,
      maxConnectionAgeMs: 1_800_000,
      maxConnectionAgeGraceMs: 30_000,
      healthServices: ["", "gunstars.Realtime", "game.v1.Lobby", "game.v1.Match"],
    });
  });

  it.each([
    [{ HEALTH_PORT: "5001" }, "GRPC_PORT", /is not set/],
    [{ GRPC_PORT: "5000" }, "HEALTH_PORT", /is not set/],
    [{ GRPC_PORT: "http", HEALTH_PORT: "5001" }, "GRPC_PORT", /port number/],
    [{ GRPC_PORT: "70000", HEALTH_PORT: "5001" }, "GRPC_PORT", /port number/],
    [{ GRPC_PORT: "5000", HEALTH_PORT: "5000" }, "HEALTH_PORT", /must differ/],
    [{ ...PORTS, TLS_CERT_FILE: "/tls.crt" }, "TLS_KEY_FILE", /set both/],
    [{ ...PORTS, TLS_KEY_FILE: "/tls.key" }, "TLS_CERT_FILE", /set both/],
    [{ ...PORTS, HEALTH_PATH: "health" }, "HEALTH_PATH", /absolute/],
    [{ ...PORTS, SHUTDOWN_DRAIN_SECONDS: "-1" }, "SHUTDOWN_DRAIN_SECONDS", /seconds >= 0/],
    [{ ...PORTS, GRPC_MAX_CONNECTION_AGE_MS: "0" }, "GRPC_MAX_CONNECTION_AGE_MS", /milliseconds >= 1/],
    [{ ...PORTS, METRICS_PORT: "5001" }, "METRICS_PORT", /must differ/],
    [{ ...PORTS, METRICS_PORT: "9090", METRICS_PATH: "metrics" }, "METRICS_PATH", /absolute/],
  ])("refuses %j naming %s", (env, variable, message) => {
    const attempt = (): unknown => readConfig(env);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
    }
  });
});

describe("isHealthPath", () => {
  it("matches the path and every sub-path, nothing else", () => {
    expect(isHealthPath("/health", "/health")).toBe(true);
    expect(isHealthPath("/health", "/health/ready")).toBe(true);
    expect(isHealthPath("/health", "/health?probe=1")).toBe(true);
    expect(isHealthPath("/health", "/healthz")).toBe(false);
    expect(isHealthPath("/health", "/ready")).toBe(false);
    expect(isHealthPath("/", "/anything")).toBe(true);
  });
});
