/**
 * Continuous realtime traffic through a Balancer, counted: unary calls back to back, bidirectional stream
 * sessions (a message every 20 ms for a fixed time, then a half-close), and server-stream sessions. Every loop
 * is bounded in time by its deadline and stops when told.
 */
import type * as grpc from "@grpc/grpc-js";
import type { Balancer } from "./balancer.ts";
import { echo, type StreamFigures, ticks } from "./calls.ts";

export interface TrafficOptions {
  /** Concurrent unary loops. */
  readonly unaryLoops: number;
  /** Concurrent bidirectional stream sessions. */
  readonly echoLoops: number;
  /** Concurrent server-stream sessions. */
  readonly tickLoops: number;
  /** Length of one stream session (a match): it must end within the drain budget. */
  readonly sessionMs: number;
  /** Pause between two unary calls of one loop. */
  readonly unaryPauseMs: number;
}

export interface StreamTotals {
  readonly sessions: number;
  readonly failedSessions: number;
  readonly sent: number;
  readonly received: number;
  readonly lost: number;
}

export interface TrafficFigures {
  readonly client: string;
  readonly unary: { readonly ok: number; readonly failed: number };
  readonly echo: StreamTotals;
  readonly ticks: StreamTotals;
  /** Failure messages by count, e.g. `UNAVAILABLE: ... ECONNREFUSED` x 12. */
  readonly errors: Readonly<Record<string, number>>;
  /** Calls and sessions answered per server instance. */
  readonly servers: Readonly<Record<string, number>>;
}

const MESSAGE_INTERVAL_MS = 20;
const UNARY_TIMEOUT_MS = 2_000;

function shorten(message: string): string {
  return message
    .replace(/\d+\.\d+\.\d+\.\d+:\d+/g, "<pod>")
    .replace(/\s+/g, " ")
    .slice(0, 160);
}

/** Starts the traffic; `stop()` stops starting calls, waits for those in flight and returns the figures. */
export function startTraffic(
  balancer: Balancer,
  options: TrafficOptions,
): { stop(): Promise<TrafficFigures> } {
  let running = true;
  const unary = { ok: 0, failed: 0 };
  const totals = {
    echo: { sessions: 0, failedSessions: 0, sent: 0, received: 0, lost: 0 },
    ticks: { sessions: 0, failedSessions: 0, sent: 0, received: 0, lost: 0 },
  };
  const errors: Record<string, number> = {};
  const servers: Record<string, number> = {};
  const fail = (message: string): void => {
    const key = shorten(message);
    errors[key] = (errors[key] ?? 0) + 1;
  };
  const count = (figures: StreamFigures, into: { -readonly [K in keyof StreamTotals]: number }): void => {
    into.sessions++;
    into.sent += figures.sent;
    into.received += figures.received;
    into.lost += Math.max(0, figures.sent - figures.received);
    for (const server of figures.servers) servers[server] = (servers[server] ?? 0) + 1;
    if (figures.status !== "OK") {
      into.failedSessions++;
      fail(figures.status);
    }
  };
  const idle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  const unaryLoop = async (): Promise<void> => {
    while (running) {
      const client = balancer.pick();
      if (client === undefined) {
        unary.failed++;
        fail("no endpoint in the view");
        await idle(options.unaryPauseMs);
        continue;
      }
      await new Promise<void>((resolve) => {
        client.Ping(
          { payload: "p" },
          { deadline: Date.now() + UNARY_TIMEOUT_MS },
          (error: grpc.ServiceError | null, reply) => {
            if (error !== null || reply === undefined) {
              unary.failed++;
              fail(error?.message ?? "no reply");
            } else {
              unary.ok++;
              servers[reply.server] = (servers[reply.server] ?? 0) + 1;
            }
            resolve();
          },
        );
      });
      await idle(options.unaryPauseMs);
    }
  };

  const messages = Math.max(1, Math.round(options.sessionMs / MESSAGE_INTERVAL_MS));
  const sessionTimeoutMs = options.sessionMs + 5_000;
  const echoLoop = async (): Promise<void> => {
    while (running) {
      const client = balancer.pick();
      if (client === undefined) {
        await idle(MESSAGE_INTERVAL_MS);
        continue;
      }
      count(await echo(client, messages, MESSAGE_INTERVAL_MS, sessionTimeoutMs), totals.echo);
    }
  };
  const tickLoop = async (): Promise<void> => {
    while (running) {
      const client = balancer.pick();
      if (client === undefined) {
        await idle(MESSAGE_INTERVAL_MS);
        continue;
      }
      count(await ticks(client, messages, MESSAGE_INTERVAL_MS, sessionTimeoutMs), totals.ticks);
    }
  };

  const loops = [
    ...Array.from({ length: options.unaryLoops }, unaryLoop),
    ...Array.from({ length: options.echoLoops }, echoLoop),
    ...Array.from({ length: options.tickLoops }, tickLoop),
  ];
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return {
        client: balancer.name,
        unary: { ...unary },
        echo: { ...totals.echo },
        ticks: { ...totals.ticks },
        errors,
        servers,
      };
    },
  };
}

/** True when nothing failed and nothing was lost. */
export function lossless(figures: TrafficFigures): boolean {
  return (
    figures.unary.failed === 0 &&
    figures.echo.failedSessions === 0 &&
    figures.echo.lost === 0 &&
    figures.ticks.failedSessions === 0 &&
    figures.ticks.lost === 0
  );
}

/** One line of figures, for the test output. */
export function describeFigures(figures: TrafficFigures): string {
  const stream = (name: string, totals: StreamTotals): string =>
    `${name}: ${totals.sessions} sessions (${totals.failedSessions} failed), ${totals.sent} messages, ${totals.received} delivered, ${totals.lost} lost`;
  const errors = Object.entries(figures.errors)
    .map(([message, times]) => `${times} x ${message}`)
    .join("; ");
  return [
    `${figures.client}: unary ${figures.unary.ok} ok / ${figures.unary.failed} failed`,
    stream("bidi Echo", figures.echo),
    stream("server-stream Ticks", figures.ticks),
    `${Object.keys(figures.servers).length} servers answered`,
    ...(errors === "" ? [] : [`errors: ${errors}`]),
  ].join("; ");
}
