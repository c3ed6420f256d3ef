/**
 * The metrics port (`METRICS_PORT`, the chart's `ports.metrics`): Prometheus text exposition format 0.0.4 on
 * `METRICS_PATH` over HTTP/1.1, which is what a GMP PodMonitoring or a Prometheus Operator ServiceMonitor scrapes
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format). It keeps answering while the
 * server drains, so the last scrape sees the drain.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CallTracker } from "./realtime.ts";

export interface MetricsSource {
  readonly calls: CallTracker;
  readonly serving: () => boolean;
}

/** The exposition text: calls started by method, calls in flight, and whether the server is serving. */
export function exposition({ calls, serving }: MetricsSource): string {
  const lines = [
    "# HELP gunstars_calls_started_total gunstars.Realtime calls started, by method.",
    "# TYPE gunstars_calls_started_total counter",
    ...["Ping", "Ticks", "Echo"].map(
      (method) => `gunstars_calls_started_total{method="${method}"} ${calls.started.get(method) ?? 0}`,
    ),
    "# HELP gunstars_calls_in_flight gunstars.Realtime calls running now.",
    "# TYPE gunstars_calls_in_flight gauge",
    `gunstars_calls_in_flight ${calls.active}`,
    "# HELP gunstars_serving 1 while the server takes new calls, 0 once it drains.",
    "# TYPE gunstars_serving gauge",
    `gunstars_serving ${serving() ? 1 : 0}`,
  ];
  return `${lines.join("\n")}\n`;
}

export interface MetricsPort {
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on the metrics port: the exposition on `path`, 404 elsewhere, 405 for methods other than GET/HEAD. */
export function listenMetricsPort(port: number, path: string, source: MetricsSource): Promise<MetricsPort> {
  const server: Server = createServer((request, response) => {
    const bare = (request.url ?? "/").split("?")[0];
    if (bare !== path) {
      response.writeHead(404).end();
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const body = exposition(source);
    response.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "0.0.0.0", () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
