/**
 * Real HTTP/2 traffic to a pod: the load balancer's TLS handshake (ALPN h2, certificate not verified), and the
 * realtime calls — unary, a server stream, a bidirectional stream of many messages — over TLS or cleartext h2c.
 */
import { connect as http2Connect } from "node:http2";
import { connect as tlsConnect } from "node:tls";
import * as grpc from "@grpc/grpc-js";
import {
  type EchoMessage,
  type PingReply,
  REALTIME_SERVICE,
  realtimeClient,
  realtimeDefinition,
  type Tick,
} from "@grpc-gke/reference-server";
import { tlsNoVerify } from "./probes.ts";

/**
 * The load balancer could not open a connection to the backend: what Google's load balancer logs as
 * `failed_to_connect_to_backend` and answers with a 502.
 */
export class BackendConnectError extends Error {
  override readonly name = "BackendConnectError";
  readonly statusDetails = "failed_to_connect_to_backend";
}

/** A call or stream did not deliver what it should have. */
export class TrafficError extends Error {
  override readonly name = "TrafficError";
}

export interface Handshake {
  readonly alpnProtocol: string | false | null;
  readonly tlsVersion: string | null;
  readonly subject: string;
  readonly subjectAltNames: string;
}

/**
 * Opens a TLS connection the way Google's load balancer opens one to an `HTTP2` backend: TLS, ALPN `h2`, the
 * certificate not verified. Throws a BackendConnectError when the handshake fails or h2 is not negotiated.
 */
export function loadBalancerHandshake(host: string, port: number, timeoutMs = 2_000): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host,
      port,
      ALPNProtocols: ["h2"],
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const fail = (reason: string): void => {
      socket.destroy();
      reject(
        new BackendConnectError(`failed_to_connect_to_backend: TLS + ALPN h2 to ${host}:${port}: ${reason}`),
      );
    };
    socket.once("secureConnect", () => {
      const certificate = socket.getPeerCertificate();
      const handshake = {
        alpnProtocol: socket.alpnProtocol,
        tlsVersion: socket.getProtocol(),
        subject: Object.entries(certificate.subject ?? {})
          .map(([key, value]) => `${key}=${String(value)}`)
          .join(","),
        subjectAltNames: certificate.subjectaltname ?? "",
      };
      socket.end();
      if (handshake.alpnProtocol !== "h2") fail(`ALPN selected ${String(handshake.alpnProtocol)}, not h2`);
      else resolve(handshake);
    });
    socket.once("timeout", () => fail(`no TLS handshake within ${timeoutMs} ms`));
    socket.once("error", (error) => fail(error.message));
  });
}

export type Transport = "tls" | "h2c";

/**
 * One unary call framed as Google's load balancer forwards a client's gRPC request: HTTP/2 with
 * `:scheme https` and the public host as `:authority` whatever the hop to the pod is — TLS with ALPN h2 and no
 * verification (`HTTP2` backends), or cleartext prior-knowledge HTTP/2 (`kubernetes.io/h2c` through GKE
 * Gateway, where Kestrel needs AllowAlternateSchemes for exactly this). Throws a BackendConnectError when the
 * connection fails, a TrafficError when the call does.
 */
export function loadBalancerPing(
  host: string,
  port: number,
  transport: Transport,
  authority: string,
  timeoutMs = 3_000,
): Promise<PingReply> {
  const method = realtimeDefinition()[REALTIME_SERVICE];
  const ping = method !== undefined && "Ping" in method ? method.Ping : undefined;
  if (ping === undefined || !("requestSerialize" in ping)) throw new Error("no Ping method definition");
  const body = ping.requestSerialize({ payload: "from the load balancer" });
  const frame = Buffer.alloc(5 + body.length);
  frame.writeUInt32BE(body.length, 1);
  body.copy(frame, 5);
  return new Promise((resolve, reject) => {
    const session = http2Connect(
      `${transport === "tls" ? "https" : "http"}://${host}:${port}`,
      transport === "tls" ? { ALPNProtocols: ["h2"], rejectUnauthorized: false } : {},
    );
    const timer = setTimeout(() => {
      session.destroy();
      reject(new TrafficError(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      session.destroy();
      reject(error);
    };
    let connected = false;
    session.once("connect", () => {
      connected = true;
    });
    const connectFailed = (error: Error): void =>
      fail(
        new BackendConnectError(
          `failed_to_connect_to_backend: ${transport} HTTP/2 to ${host}:${port}: ${error.message}`,
        ),
      );
    session.on("error", connectFailed);
    const stream = session.request({
      ":method": "POST",
      ":scheme": "https",
      ":authority": authority,
      ":path": `/${REALTIME_SERVICE}/Ping`,
      "content-type": "application/grpc",
      te: "trailers",
      via: "1.1 google",
    });
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("error", (error) => {
      // A stream cancelled before the connection was up is the connection's failure (the session error follows).
      if (!connected) connectFailed(error);
      else fail(new TrafficError(`the Ping stream failed: ${error.message}`));
    });
    stream.on("trailers", (trailers) => {
      clearTimeout(timer);
      session.close();
      const status = Number(trailers["grpc-status"]);
      const response = Buffer.concat(chunks);
      if (status !== 0 || response.length < 5) {
        reject(
          new TrafficError(
            `Ping through the load balancer: grpc-status ${status} ${trailers["grpc-message"] ?? ""}`,
          ),
        );
        return;
      }
      resolve(ping.responseDeserialize(response.subarray(5)) as PingReply);
    });
    stream.end(frame);
  });
}

export type RealtimeClient = grpc.Client & {
  Ping: (
    request: { payload: string },
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, reply?: PingReply) => void,
  ) => grpc.ClientUnaryCall;
  Ticks: (
    request: { count: number; intervalMs: number },
    options?: grpc.CallOptions,
  ) => grpc.ClientReadableStream<Tick>;
  Echo: (options?: grpc.CallOptions) => grpc.ClientDuplexStream<EchoMessage, EchoMessage>;
};

/** A `gunstars.Realtime` client: TLS not verified (the load balancer) or cleartext h2c. */
export function connectRealtime(
  target: string,
  transport: Transport,
  options: grpc.ChannelOptions = {},
): RealtimeClient {
  const Client = realtimeClient();
  const credentials = transport === "tls" ? tlsNoVerify() : grpc.credentials.createInsecure();
  // No SNI for a loopback IP (RFC 6066); the load balancer sends none to pod IPs either.
  const tlsOptions = transport === "tls" ? { "grpc.ssl_target_name_override": "backend.local" } : {};
  return new Client(target, credentials, { ...tlsOptions, ...options }) as unknown as RealtimeClient;
}

export function ping(client: RealtimeClient, payload: string, timeoutMs: number): Promise<PingReply> {
  return new Promise((resolve, reject) => {
    client.Ping({ payload }, { deadline: Date.now() + timeoutMs }, (error, reply) => {
      if (error !== null) reject(error);
      else if (reply === undefined || reply.payload !== payload)
        reject(new TrafficError(`Ping answered ${JSON.stringify(reply)}`));
      else resolve(reply);
    });
  });
}

export interface StreamFigures {
  readonly sent: number;
  readonly received: number;
  /** OK, or the gRPC status name and details the stream ended with. */
  readonly status: string;
  readonly servers: readonly string[];
}

/** Called once, when the first message of a stream arrives (the stream is then open on a connection). */
export type OnFirstMessage = () => void;

/**
 * Follows a stream's messages (each carries `seq`, 1-based, and the answering `server`) until its status:
 * `onStatus` gets the figures, the status named `OK`, `OK but out of order` or `<CODE>: <details>`.
 */
function follow(
  call: grpc.ClientReadableStream<Tick> | grpc.ClientDuplexStream<EchoMessage, EchoMessage>,
  onFirst: OnFirstMessage | undefined,
  onStatus: (figures: { received: number; status: string; servers: string[] }) => void,
): void {
  let received = 0;
  let inOrder = true;
  const servers = new Set<string>();
  call.on("data", (message: Tick | EchoMessage) => {
    received++;
    if (received === 1) onFirst?.();
    if (message.seq !== received) inOrder = false;
    servers.add(message.server);
  });
  call.on("error", () => undefined);
  call.on("status", (status: grpc.StatusObject) => {
    const name =
      status.code === grpc.status.OK
        ? inOrder
          ? "OK"
          : "OK but out of order"
        : `${grpc.status[status.code]}: ${status.details}`;
    onStatus({ received, status: name, servers: [...servers] });
  });
}

/** A server stream of `count` ticks; resolves with what arrived and how it ended (never rejects). */
export function ticks(
  client: RealtimeClient,
  count: number,
  intervalMs: number,
  timeoutMs: number,
  onFirst?: OnFirstMessage,
): Promise<StreamFigures> {
  return new Promise((resolve) => {
    const call = client.Ticks({ count, intervalMs }, { deadline: Date.now() + timeoutMs });
    follow(call, onFirst, (figures) => resolve({ sent: count, ...figures }));
  });
}

/**
 * A bidirectional stream: `count` messages, one every `intervalMs` (0: as fast as flow control allows), then a
 * half-close; every message must come back with its seq. Resolves with the figures (never rejects).
 */
export function echo(
  client: RealtimeClient,
  count: number,
  intervalMs: number,
  timeoutMs: number,
  onFirst?: OnFirstMessage,
): Promise<StreamFigures> {
  return new Promise((resolve) => {
    const call = client.Echo({ deadline: Date.now() + timeoutMs });
    let sent = 0;
    let ended = false;
    follow(call, onFirst, (figures) => {
      ended = true;
      resolve({ sent, ...figures });
    });
    // Message n is due at start + (n - 1) x interval, so a late timer does not stretch the session.
    const start = performance.now();
    const send = (): void => {
      if (ended) return;
      if (sent >= count) {
        call.end();
        return;
      }
      sent++;
      call.write({ seq: sent, payload: `message ${sent}`, server: "" });
      if (intervalMs > 0) setTimeout(send, Math.max(0, start + sent * intervalMs - performance.now()));
      else setImmediate(send);
    };
    send();
  });
}

export interface ExerciseFigures {
  readonly ping: PingReply;
  readonly ticks: StreamFigures;
  readonly echo: StreamFigures;
}

/** Unary, a server stream of 20 ticks and a bidirectional stream of `echoes` messages; throws unless all arrive. */
export async function exercise(client: RealtimeClient, echoes = 200): Promise<ExerciseFigures> {
  const reply = await ping(client, "hello", 10_000);
  const [tickFigures, echoFigures] = await Promise.all([
    ticks(client, 20, 5, 15_000),
    echo(client, echoes, 0, 15_000),
  ]);
  for (const [name, figures] of [
    ["Ticks", tickFigures],
    ["Echo", echoFigures],
  ] as const) {
    if (figures.status !== "OK" || figures.received !== figures.sent) {
      throw new TrafficError(`${name}: ${figures.received}/${figures.sent} messages, ${figures.status}`);
    }
  }
  return { ping: reply, ticks: tickFigures, echo: echoFigures };
}
