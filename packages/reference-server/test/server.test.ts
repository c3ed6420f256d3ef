import { connect as http2Connect } from "node:http2";
import { connect as tlsConnect } from "node:tls";
import * as grpc from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import {
  type EchoMessage,
  type Environment,
  healthClient,
  type LifecycleEvent,
  type RunningServer,
  realtimeClient,
  StartError,
  startServer,
  type Tick,
} from "../src/index.ts";

// A self-signed P-256 certificate for reference-server.test, valid for a century: test data only.
const CERT = new URL("./__fixtures__/tls.crt", import.meta.url).pathname;
const KEY = new URL("./__fixtures__/tls.key", import.meta.url).pathname;

type Unary<Request, Reply> = (
  request: Request,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, reply: Reply) => void,
) => grpc.ClientUnaryCall;
type Client = grpc.Client & {
  Ping: Unary<{ payload: string }, { payload: string; server: string }>;
  Check: Unary<{ service: string }, { status: string } | undefined>;
  Ticks: (request: { count: number; intervalMs: number }) => grpc.ClientReadableStream<Tick>;
  Echo: (options: grpc.CallOptions) => grpc.ClientDuplexStream<EchoMessage, EchoMessage>;
};

const running: RunningServer[] = [];
const clients: grpc.Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(running.splice(0).map((server) => server.shutdown("test over")));
});

async function start(env: Environment = {}): Promise<{ server: RunningServer; events: LifecycleEvent[] }> {
  const events: LifecycleEvent[] = [];
  const server = await startServer(
    { GRPC_PORT: "0", HEALTH_PORT: "0", ...env },
    { log: (event) => events.push(event) },
  );
  running.push(server);
  return { server, events };
}

function credentials(tls: boolean): grpc.ChannelCredentials {
  return tls
    ? grpc.credentials.createSsl(null, null, null, {
        rejectUnauthorized: false,
        checkServerIdentity: () => undefined,
      })
    : grpc.credentials.createInsecure();
}

function realtime(port: number, tls = false): Client {
  const Realtime = realtimeClient();
  const client = new Realtime(`127.0.0.1:${port}`, credentials(tls), {
    "grpc.ssl_target_name_override": "reference-server.test",
  });
  clients.push(client);
  return client as unknown as Client;
}

function healthCheck(port: number, service: string): Promise<string> {
  const Health = healthClient();
  const client = new Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as Client;
  clients.push(client);
  return new Promise((resolve) => {
    client.Check(
      { service },
      { deadline: Date.now() + 3_000 },
      (error: grpc.ServiceError | null, reply?: { status: string }) =>
        resolve(error === null ? String(reply?.status) : (grpc.status[error.code] ?? String(error.code))),
    );
  });
}

function ping(client: Client): Promise<{ payload: string; server: string }> {
  return new Promise((resolve, reject) => {
    client.Ping(
      { payload: "hi" },
      { deadline: Date.now() + 3_000 },
      (error: grpc.ServiceError | null, reply: { payload: string; server: string }) =>
        error === null ? resolve(reply) : reject(error),
    );
  });
}

function collect<T>(call: grpc.ClientReadableStream<T>): Promise<{ messages: T[]; code: grpc.status }> {
  return new Promise((resolve) => {
    const messages: T[] = [];
    call.on("data", (message: T) => messages.push(message));
    call.on("error", () => undefined);
    call.on("status", (status: grpc.StatusObject) => resolve({ messages, code: status.code }));
  });
}

async function echo(
  client: Client,
  count: number,
  intervalMs = 0,
): Promise<{ messages: EchoMessage[]; code: grpc.status }> {
  const call = client.Echo({ deadline: Date.now() + 10_000 }) as grpc.ClientDuplexStream<
    EchoMessage,
    EchoMessage
  >;
  const result = collect(call);
  for (let seq = 1; seq <= count; seq++) {
    call.write({ seq, payload: `m${seq}`, server: "" });
    if (intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  call.end();
  return result;
}

function httpStatus(port: number, path: string, method = "GET"): Promise<number> {
  return fetch(`http://127.0.0.1:${port}${path}`, { method, signal: AbortSignal.timeout(3_000) }).then(
    (response) => response.status,
  );
}

describe("startServer", () => {
  it("serves unary, server stream and bidirectional stream over cleartext h2c", async () => {
    const { server, events } = await start();
    const client = realtime(server.grpcPort);
    await expect(ping(client)).resolves.toEqual({ payload: "hi", server: server.instance });
    const ticks = await collect(client.Ticks({ count: 5, intervalMs: 1 }) as grpc.ClientReadableStream<Tick>);
    expect(ticks).toEqual({
      messages: [1, 2, 3, 4, 5].map((seq) => ({ seq, server: server.instance })),
      code: grpc.status.OK,
    });
    const echoed = await echo(client, 300);
    expect(echoed.code).toBe(grpc.status.OK);
    expect(echoed.messages.map((message) => message.seq)).toEqual(
      Array.from({ length: 300 }, (_, index) => index + 1),
    );
    expect(events[0]).toMatchObject({
      event: "listening",
      tls: false,
      protocol: "h2c",
      healthPath: "/health",
      drainSeconds: 30,
    });
  });

  it("serves TLS with ALPN h2 from TLS_CERT_FILE / TLS_KEY_FILE", async () => {
    const { server } = await start({ TLS_CERT_FILE: CERT, TLS_KEY_FILE: KEY });
    const alpn = await new Promise<string | false | null>((resolve, reject) => {
      const socket = tlsConnect({
        host: "127.0.0.1",
        port: server.grpcPort,
        ALPNProtocols: ["h2"],
        rejectUnauthorized: false,
      });
      socket.once("secureConnect", () => {
        resolve(socket.alpnProtocol);
        socket.end();
      });
      socket.once("error", reject);
    });
    expect(alpn).toBe("h2");
    const client = realtime(server.grpcPort, true);
    await expect(ping(client)).resolves.toMatchObject({ payload: "hi" });
    expect((await echo(client, 50)).messages).toHaveLength(50);
  });

  it("refuses to start on a certificate that does not load, naming the variable", async () => {
    const attempt = start({ TLS_CERT_FILE: KEY, TLS_KEY_FILE: KEY });
    await expect(attempt).rejects.toBeInstanceOf(StartError);
    await expect(attempt).rejects.toMatchObject({ variable: "TLS_CERT_FILE" });
    await expect(start({ TLS_CERT_FILE: "/nonexistent/tls.crt", TLS_KEY_FILE: KEY })).rejects.toThrow(
      /cannot be read/,
    );
  });

  it("answers HTTP/1.1 health on HEALTH_PATH and every sub-path, 404 elsewhere", async () => {
    const { server } = await start({ HEALTH_PATH: "/healthz" });
    expect(await httpStatus(server.healthPort, "/healthz")).toBe(200);
    expect(await httpStatus(server.healthPort, "/healthz/ready")).toBe(200);
    expect(await httpStatus(server.healthPort, "/health")).toBe(404);
    expect(await httpStatus(server.healthPort, "/healthz", "POST")).toBe(405);
  });

  it("answers grpc.health.v1 on the grpc port and over h2c on the health port (kubelet gRPC probes)", async () => {
    const { server } = await start({ GRPC_HEALTH_SERVICES: "game.v1.Match" });
    for (const port of [server.grpcPort, server.healthPort]) {
      expect(await healthCheck(port, "")).toBe("SERVING");
      expect(await healthCheck(port, "gunstars.Realtime")).toBe("SERVING");
      expect(await healthCheck(port, "game.v1.Match")).toBe("SERVING");
      expect(await healthCheck(port, "game.v1.Unknown")).toBe("NOT_FOUND");
    }
  });

  it("passes GRPC_MAX_CONNECTION_AGE_MS to grpc-js: the connection gets a GOAWAY when it is that old", async () => {
    const { server } = await start({
      GRPC_MAX_CONNECTION_AGE_MS: "200",
      GRPC_MAX_CONNECTION_AGE_GRACE_MS: "1000",
    });
    const started = performance.now();
    const session = http2Connect(`http://127.0.0.1:${server.grpcPort}`);
    const goaway = await new Promise<number>((resolve, reject) => {
      session.once("goaway", () => resolve(performance.now() - started));
      session.once("error", reject);
      setTimeout(() => reject(new Error("no GOAWAY within 5 s")), 5_000);
    });
    session.destroy();
    expect(goaway).toBeGreaterThanOrEqual(150);
  });
});

describe("shutdown", () => {
  it("serves Prometheus text metrics on METRICS_PORT / METRICS_PATH, counting calls and the drain", async () => {
    const { server, events } = await start({ METRICS_PORT: "0", METRICS_PATH: "/stats" });
    const port = server.metricsPort;
    expect(port).toBeTypeOf("number");
    await ping(realtime(server.grpcPort));
    const scrape = await fetch(`http://127.0.0.1:${port}/stats`, { signal: AbortSignal.timeout(3_000) });
    expect(scrape.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const body = await scrape.text();
    expect(body).toContain('gunstars_calls_started_total{method="Ping"} 1');
    expect(body).toContain("gunstars_serving 1");
    expect(await httpStatus(port ?? 0, "/metrics")).toBe(404);
    expect(events.find((event) => event.event === "listening")).toMatchObject({ metricsPath: "/stats" });
  });

  it("serves no metrics port without METRICS_PORT", async () => {
    const { server } = await start();
    expect(server.metricsPort).toBeUndefined();
  });

  it("fails readiness at once, refuses new connections, lets the stream in flight finish, then stops", async () => {
    const { server, events } = await start({ SHUTDOWN_DRAIN_SECONDS: "5" });
    const client = realtime(server.grpcPort);
    await ping(client);
    // A connection open before the shutdown: it must get a GOAWAY.
    const session = http2Connect(`http://127.0.0.1:${server.grpcPort}`);
    const goaway = new Promise<boolean>((resolve) => {
      session.once("goaway", () => resolve(true));
      session.once("close", () => resolve(false));
    });
    await new Promise((resolve) => session.once("connect", resolve));
    const ticks = collect(client.Ticks({ count: 20, intervalMs: 25 }) as grpc.ClientReadableStream<Tick>);
    const echoed = echo(client, 20, 25);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const shutdown = server.shutdown("SIGTERM");
    expect(server.shuttingDown).toBe(true);
    expect(await httpStatus(server.healthPort, "/health")).toBe(503);
    expect(await healthCheck(server.healthPort, "")).toBe("NOT_SERVING");
    const fresh = realtime(server.grpcPort);
    await expect(ping(fresh)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });

    expect(await ticks).toMatchObject({ code: grpc.status.OK });
    expect((await ticks).messages).toHaveLength(20);
    expect((await echoed).messages).toHaveLength(20);
    await expect(shutdown).resolves.toMatchObject({ drained: true, cancelledCalls: 0 });
    expect(await goaway).toBe(true);
    session.destroy();
    expect(events.map((event) => event.event)).toEqual([
      "listening",
      "shutdown_started",
      "drained",
      "stopped",
    ]);
    await expect(fetch(`http://127.0.0.1:${server.healthPort}/health`)).rejects.toThrow();
  });

  it("cancels what is still running at SHUTDOWN_DRAIN_SECONDS", async () => {
    const { server, events } = await start({ SHUTDOWN_DRAIN_SECONDS: "0.3" });
    const client = realtime(server.grpcPort);
    const endless = collect(client.Ticks({ count: 0, intervalMs: 10 }) as grpc.ClientReadableStream<Tick>);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await expect(server.shutdown("SIGTERM")).resolves.toMatchObject({ drained: false, cancelledCalls: 1 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await endless).code).not.toBe(grpc.status.OK);
    expect(events.find((event) => event.event === "drain_deadline")).toMatchObject({ cancelledCalls: 1 });
  });
});
