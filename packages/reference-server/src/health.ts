/**
 * The health port: HTTP/1.1 `GET <HEALTH_PATH>[/...]` for load balancer health checks and httpGet probes, and
 * grpc.health.v1 over cleartext HTTP/2 (prior knowledge, as kubelet's gRPC probe speaks it) on the same port.
 * Each connection is routed by its first bytes: the HTTP/2 connection preface goes to a grpc-js server that
 * serves only the health service, anything else to node:http.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import * as grpc from "@grpc/grpc-js";
import type { HealthImplementation } from "grpc-health-check";
import { isHealthPath } from "./config.ts";

/** The HTTP/2 client connection preface (RFC 9113 section 3.4). */
const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");
/** A connection that sends nothing for this long is closed before it is routed. */
const FIRST_BYTES_TIMEOUT_MS = 10_000;

export interface HealthPort {
  readonly port: number;
  /** Stops listening and closes every connection (the last step of the shutdown). */
  close(): Promise<void>;
}

export interface HealthPortOptions {
  readonly port: number;
  readonly healthPath: string;
  /** False once shutting down: HTTP answers 503 (the gRPC statuses are flipped by the caller). */
  readonly serving: () => boolean;
  readonly health: HealthImplementation;
}

function answer(healthPath: string, serving: () => boolean) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const path = request.url ?? "/";
    if (request.method !== "GET" && request.method !== "HEAD") {
      response
        .writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" })
        .end("method not allowed\n");
      return;
    }
    if (!isHealthPath(healthPath, path)) {
      response
        .writeHead(404, { "content-type": "text/plain" })
        .end(`not found: health is at ${healthPath}\n`);
      return;
    }
    if (serving()) response.writeHead(200, { "content-type": "text/plain" }).end("SERVING\n");
    else response.writeHead(503, { "content-type": "text/plain", connection: "close" }).end("NOT_SERVING\n");
  };
}

export async function listenHealthPort(options: HealthPortOptions): Promise<HealthPort> {
  const http1 = createHttpServer(answer(options.healthPath, options.serving));
  http1.keepAliveTimeout = 5_000;
  const grpcHealth = new grpc.Server();
  options.health.addToServer(grpcHealth);
  const h2c = grpcHealth.createConnectionInjector(grpc.ServerCredentials.createInsecure());

  const sockets = new Set<Socket>();
  const route = (socket: Socket): void => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), FIRST_BYTES_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const seen = Math.min(buffered.length, PREFACE.length);
      const http2 = buffered.subarray(0, seen).equals(PREFACE.subarray(0, seen));
      if (http2 && buffered.length < PREFACE.length) return;
      clearTimeout(timer);
      socket.off("data", onData);
      socket.pause();
      socket.unshift(buffered);
      if (http2) h2c.injectConnection(socket);
      else {
        http1.emit("connection", socket);
        // node:http reads through 'data' events; the socket was paused to put the bytes back.
        socket.resume();
      }
    };
    socket.on("data", onData);
    socket.once("close", () => clearTimeout(timer));
    socket.on("error", () => socket.destroy());
  };

  const listener: NetServer = createNetServer(route);
  const port = await new Promise<number>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen({ port: options.port, host: "0.0.0.0" }, () => {
      listener.off("error", reject);
      const address = listener.address();
      resolve(typeof address === "object" && address !== null ? address.port : options.port);
    });
  });

  return {
    port,
    close: async () => {
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
      http1.closeAllConnections();
      h2c.destroy();
      grpcHealth.forceShutdown();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
