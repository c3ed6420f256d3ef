/**
 * `gunstars.Realtime`: unary Ping, server-streamed Ticks, bidirectional Echo. Every call is tracked so the
 * shutdown can wait for the in-flight ones and report what it had to cancel.
 */
import type * as grpc from "@grpc/grpc-js";
import type { EchoMessage, PingReply, PingRequest, Tick, TicksRequest } from "./proto.ts";

/** Upper bounds of a Ticks request: every stream ends by itself unless the client asks for an endless one. */
export const MAX_TICKS = 100_000;
export const MAX_TICK_INTERVAL_MS = 60_000;

/** The calls in flight, so the drain knows when it is done. */
export class CallTracker {
  #active = 0;
  #idle: (() => void)[] = [];
  readonly #started = new Map<string, number>();

  get active(): number {
    return this.#active;
  }

  /** Calls started so far, by method. */
  get started(): ReadonlyMap<string, number> {
    return this.#started;
  }

  /** Counts a call of `method` until `done` runs (once, whatever ends the call). */
  track(method: string): () => void {
    this.#started.set(method, (this.#started.get(method) ?? 0) + 1);
    this.#active++;
    let finished = false;
    return () => {
      if (finished) return;
      finished = true;
      this.#active--;
      if (this.#active === 0) for (const resolve of this.#idle.splice(0)) resolve();
    };
  }

  /** Resolves when no call is in flight. */
  idle(): Promise<void> {
    return this.#active === 0 ? Promise.resolve() : new Promise((resolve) => this.#idle.push(resolve));
  }
}

/** The implementation, answering as `server` (`<hostname>:<port>`). */
export function realtimeImplementation(
  server: string,
  calls: CallTracker,
): grpc.UntypedServiceImplementation {
  const ping: grpc.handleUnaryCall<PingRequest, PingReply> = (call, callback) => {
    const done = calls.track("Ping");
    callback(null, { payload: call.request.payload, server });
    done();
  };

  const ticks: grpc.handleServerStreamingCall<TicksRequest, Tick> = (call) => {
    const done = calls.track("Ticks");
    const count = Math.min(call.request.count, MAX_TICKS);
    const interval = Math.min(call.request.intervalMs, MAX_TICK_INTERVAL_MS);
    let seq = 0;
    let timer: NodeJS.Timeout | undefined;
    // Tick n is due at start + (n - 1) x interval: a late timer does not push the later ticks back.
    const start = performance.now();
    const finish = (): void => {
      clearTimeout(timer);
      done();
    };
    const next = (): void => {
      if (call.cancelled || call.destroyed) {
        finish();
        return;
      }
      seq++;
      call.write({ seq, server } satisfies Tick);
      if (count !== 0 && seq >= count) {
        call.end();
        finish();
        return;
      }
      timer = setTimeout(next, Math.max(0, start + seq * interval - performance.now()));
    };
    call.on("cancelled", finish);
    call.on("error", finish);
    call.on("close", finish);
    next();
  };

  const echo: grpc.handleBidiStreamingCall<EchoMessage, EchoMessage> = (call) => {
    const done = calls.track("Echo");
    call.on("data", (message: EchoMessage) => {
      if (!call.cancelled && !call.destroyed)
        call.write({ seq: message.seq, payload: message.payload, server });
    });
    call.on("end", () => {
      call.end();
      done();
    });
    call.on("cancelled", done);
    call.on("error", done);
    call.on("close", done);
  };

  return { Ping: ping, Ticks: ticks, Echo: echo } as grpc.UntypedServiceImplementation;
}
