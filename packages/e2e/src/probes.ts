/**
 * Health checks exactly as the rendered objects describe them: the kubelet's probes (httpGet path/port/scheme,
 * grpc port/service, tcpSocket), the load balancer's health check from the BackendConfig
 * (`spec.healthCheck.type/port/requestPath`) or the HealthCheckPolicy (`spec.default.config`), and the `helm test` pod's grpc-health-probe flags.
 */
import { request as httpRequest } from "node:http";
import { connect as http2Connect } from "node:http2";
import { request as httpsRequest } from "node:https";
import { connect as netConnect } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { healthClient } from "@grpc-gke/reference-server";
import {
  containerPort,
  type ProbeSpec,
  type Stack,
  StackError,
  serviceHosts,
  servicePortTarget,
} from "./stack.ts";

export interface ProbeResult {
  readonly ok: boolean;
  /** What was asked and what came back, e.g. `GET http://127.0.0.1:5001/health -> 200`. */
  readonly detail: string;
}

/** TLS without verification, as Google's load balancer dials backends and `-tls-no-verify` does. */
export function tlsNoVerify(): grpc.ChannelCredentials {
  return grpc.credentials.createSsl(null, null, null, {
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
  });
}

/** An HTTP/1.1 (or HTTPS) GET; resolves with the status, or undefined and the error. */
function get(
  url: URL,
  timeoutMs: number,
  userAgent: string,
): Promise<{ status: number | undefined; error: string | undefined }> {
  return new Promise((resolve) => {
    const requester = url.protocol === "https:" ? httpsRequest : httpRequest;
    const request = requester(
      url,
      {
        method: "GET",
        timeout: timeoutMs,
        rejectUnauthorized: false,
        headers: { "user-agent": userAgent },
        agent: false,
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode, error: undefined }));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    request.on("error", (error) => resolve({ status: undefined, error: error.message }));
    request.end();
  });
}

/** A GET over HTTP/2 with TLS (BackendConfig health check type HTTP2). */
function getHttp2(
  url: URL,
  timeoutMs: number,
): Promise<{ status: number | undefined; error: string | undefined }> {
  return new Promise((resolve) => {
    const session = http2Connect(url.origin, { rejectUnauthorized: false });
    const timer = setTimeout(() => {
      session.destroy();
      resolve({ status: undefined, error: `timed out after ${timeoutMs} ms` });
    }, timeoutMs);
    session.on("error", (error) => {
      clearTimeout(timer);
      resolve({ status: undefined, error: error.message });
    });
    const stream = session.request({ ":path": url.pathname, ":method": "GET" });
    stream.on("response", (headers) => {
      clearTimeout(timer);
      session.close();
      resolve({ status: Number(headers[":status"]), error: undefined });
    });
    stream.on("error", () => undefined);
  });
}

type HealthClient = grpc.Client & {
  Check: (
    request: { service: string },
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, reply?: { status?: string }) => void,
  ) => grpc.ClientUnaryCall;
};

/** grpc.health.v1 Check; resolves with the status name or the gRPC error. */
export function grpcHealthCheck(
  target: string,
  credentials: grpc.ChannelCredentials,
  service: string,
  timeoutMs: number,
  options: grpc.ChannelOptions = {},
): Promise<{ status: string | undefined; error: string | undefined }> {
  const Health = healthClient();
  const client = new Health(target, credentials, options) as unknown as HealthClient;
  return new Promise((resolve) => {
    client.Check(
      { service },
      { deadline: Date.now() + timeoutMs },
      (error: grpc.ServiceError | null, reply?: { status?: string }) => {
        client.close();
        if (error !== null)
          resolve({ status: undefined, error: `${grpc.status[error.code]}: ${error.details}` });
        else resolve({ status: reply?.status, error: undefined });
      },
    );
  });
}

/** One kubelet probe, as rendered, against the pod at `host`. */
export async function runProbe(stack: Stack, spec: ProbeSpec, host: string): Promise<ProbeResult> {
  const timeoutMs = spec.timeoutSeconds * 1000;
  const probe = spec.probe;
  switch (probe.handler) {
    case "httpGet": {
      const url = new URL(
        `${probe.scheme.toLowerCase()}://${host}:${containerPort(stack, probe.port)}${probe.path}`,
      );
      const { status, error } = await get(url, timeoutMs, "kube-probe/1.34");
      // The kubelet: any code from 200 to 399 is a success.
      const ok = status !== undefined && status >= 200 && status < 400;
      return { ok, detail: `GET ${url} -> ${status ?? error}` };
    }
    case "grpc": {
      // Kubelet's gRPC probe: cleartext HTTP/2, grpc.health.v1 Check, SERVING or failure.
      const target = `${host}:${probe.port}`;
      const { status, error } = await grpcHealthCheck(
        target,
        grpc.credentials.createInsecure(),
        probe.service ?? "",
        timeoutMs,
      );
      return {
        ok: status === "SERVING",
        detail: `grpc.health.v1 Check(${JSON.stringify(probe.service ?? "")}) at ${target} (h2c) -> ${status ?? error}`,
      };
    }
    case "tcpSocket": {
      const port = containerPort(stack, probe.port);
      const ok = await new Promise<boolean>((resolve) => {
        const socket = netConnect({ host, port, timeout: timeoutMs }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on("error", () => resolve(false));
        socket.on("timeout", () => {
          socket.destroy();
          resolve(false);
        });
      });
      return { ok, detail: `tcp connect ${host}:${port} -> ${ok ? "open" : "refused"}` };
    }
    case "exec":
      throw new StackError(
        `exec probes run inside the container and are not emulated: ${probe.command.join(" ")}`,
      );
  }
}

/**
 * The load balancer's health check as the rendered BackendConfig or HealthCheckPolicy describes it: HTTP,
 * HTTPS or HTTP2 GET of the request path (healthy on 200 only), or GRPC: grpc.health.v1 Check of the service name
 * in cleartext HTTP/2 (Google's gRPC health check has no TLS). Without a fixed port it checks the serving port.
 */
export async function loadBalancerHealthCheck(stack: Stack, host: string): Promise<ProbeResult> {
  const check = stack.loadBalancerHealthCheck;
  if (check === undefined) throw new StackError("the render has no load balancer health check");
  const port = check.port ?? servicePortTarget(stack, "grpc");
  const timeoutMs = (check.timeoutSec ?? 5) * 1000;
  const what = `${check.source} ${check.type}`;
  if (check.type === "GRPC") {
    const target = `${host}:${port}`;
    const { status, error } = await grpcHealthCheck(
      target,
      grpc.credentials.createInsecure(),
      check.grpcServiceName,
      timeoutMs,
    );
    return {
      ok: status === "SERVING",
      detail: `${what} grpc.health.v1 Check(${JSON.stringify(check.grpcServiceName)}) at ${target} (h2c) -> ${status ?? error}`,
    };
  }
  if (!["HTTP", "HTTPS", "HTTP2"].includes(check.type))
    throw new StackError(`health check type ${check.type}`);
  const url = new URL(`${check.type === "HTTP" ? "http" : "https"}://${host}:${port}${check.requestPath}`);
  const result =
    check.type === "HTTP2" ? await getHttp2(url, timeoutMs) : await get(url, timeoutMs, "GoogleHC/1.0");
  return { ok: result.status === 200, detail: `${what} GET ${url} -> ${result.status ?? result.error}` };
}

/** grpc-health-probe's flags, as the `helm test` pod passes them. */
export interface HealthProbeFlags {
  readonly addr: string;
  readonly tls: boolean;
  readonly tlsNoVerify: boolean;
  readonly service: string;
  readonly connectTimeoutMs: number;
  readonly rpcTimeoutMs: number;
}

function goDurationMs(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value);
  if (match === null) throw new StackError(`unsupported duration ${value}`);
  return Number(match[1]) * (match[2] === "ms" ? 1 : match[2] === "s" ? 1000 : 60_000);
}

/** Parses grpc-health-probe's arguments (`-addr=host:port`, `-tls`, `-tls-no-verify`, `-service=...`, timeouts). */
export function parseHealthProbeArgs(args: readonly string[]): HealthProbeFlags {
  let addr: string | undefined;
  let tls = false;
  let tlsNoVerify = false;
  let service = "";
  let connectTimeoutMs = 1000;
  let rpcTimeoutMs = 1000;
  for (const arg of args) {
    const [flag, value] = arg.replace(/^--?/, "").split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === "addr" && value !== undefined) addr = value;
    else if (flag === "tls") tls = value === undefined || value === "true";
    else if (flag === "tls-no-verify") tlsNoVerify = value === undefined || value === "true";
    else if (flag === "service" && value !== undefined) service = value;
    else if (flag === "connect-timeout" && value !== undefined) connectTimeoutMs = goDurationMs(value);
    else if (flag === "rpc-timeout" && value !== undefined) rpcTimeoutMs = goDurationMs(value);
    else throw new StackError(`grpc-health-probe flag not emulated: ${arg}`);
  }
  if (addr === undefined) throw new StackError("grpc-health-probe without -addr");
  return { addr, tls, tlsNoVerify, service, connectTimeoutMs, rpcTimeoutMs };
}

/**
 * The `helm test` pod's command, emulated with a grpc-js health client that honours its flags: `-addr` is
 * resolved through the rendered Service (its DNS name, its port, the targetPort's container port) to the pod on
 * loopback; `-tls` dials TLS with the Service name as SNI and authority, `-tls-no-verify` skips verification.
 */
export async function helmTestProbe(stack: Stack, host: string): Promise<ProbeResult> {
  if (stack.testPodArgs === undefined) throw new StackError("the render has no helm test pod");
  const flags = parseHealthProbeArgs(stack.testPodArgs);
  const separator = flags.addr.lastIndexOf(":");
  const addrHost = flags.addr.slice(0, separator);
  const addrPort = Number(flags.addr.slice(separator + 1));
  const known = serviceHosts(stack);
  if (!known.some((name) => addrHost === name || addrHost.startsWith(`${name}.`))) {
    throw new StackError(`-addr ${flags.addr} is not the rendered Service (${known.join(", ")})`);
  }
  const podPort = servicePortTarget(stack, addrPort);
  const credentials = !flags.tls
    ? grpc.credentials.createInsecure()
    : flags.tlsNoVerify
      ? tlsNoVerify()
      : grpc.credentials.createSsl();
  const options: grpc.ChannelOptions = flags.tls
    ? { "grpc.ssl_target_name_override": addrHost, "grpc.default_authority": flags.addr }
    : { "grpc.default_authority": flags.addr };
  const { status, error } = await grpcHealthCheck(
    `${host}:${podPort}`,
    credentials,
    flags.service,
    flags.connectTimeoutMs + flags.rpcTimeoutMs,
    options,
  );
  return {
    ok: status === "SERVING",
    detail: `grpc-health-probe ${stack.testPodArgs.join(" ")} (Service ${addrHost}:${addrPort} -> pod ${host}:${podPort}) -> ${
      status === undefined ? `error: ${error}` : `status: ${status}`
    }`,
  };
}
