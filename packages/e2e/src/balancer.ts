/**
 * The clients of a rollout, on loopback. Both read one EndpointView, the stand-in for the NEG: a pod joins it once
 * ready, and leaves it `detachLagMs` after its termination starts (on GKE the endpoint leaves the NEG and the load
 * balancer's programming catches up seconds later: that lag is what the chart's preStop sleep covers).
 *
 * - LoadBalancer sends each call or stream to the next endpoint of the view, round robin, over its own
 *   connection to that endpoint, and never retries elsewhere: like Google's load balancer, which picks a backend
 *   from the NEG and answers 502 `failed_to_connect_to_backend` when the connection to it fails.
 * - RoundRobinChannel is a grpc-js channel with the `round_robin` policy over a custom resolver
 *   (`grpc.experimental.registerResolver`) that publishes the view: an in-cluster gRPC client. grpc-js only
 *   picks connected (READY) endpoints, so it routes around a server that stopped listening — which the load
 *   balancer does not.
 */
import * as grpc from "@grpc/grpc-js";
import { connectRealtime, type RealtimeClient, type Transport } from "./calls.ts";

export interface Endpoint {
  /** `127.0.0.1:<grpc port>`. */
  readonly target: string;
  readonly host: string;
  readonly port: number;
}

type Listener = (endpoints: readonly Endpoint[]) => void;

/** The set of endpoints the clients may send to (the NEG). */
export class EndpointView {
  #endpoints: Endpoint[] = [];
  #listeners = new Set<Listener>();
  readonly log: string[] = [];
  readonly #started = performance.now();

  get endpoints(): readonly Endpoint[] {
    return this.#endpoints;
  }

  attach(endpoint: Endpoint): void {
    if (this.#endpoints.some((candidate) => candidate.target === endpoint.target)) return;
    this.#endpoints = [...this.#endpoints, endpoint];
    this.#publish(`+${endpoint.target}`);
  }

  detach(endpoint: Endpoint): void {
    this.#endpoints = this.#endpoints.filter((candidate) => candidate.target !== endpoint.target);
    this.#publish(`-${endpoint.target}`);
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #publish(change: string): void {
    this.log.push(`${Math.round(performance.now() - this.#started)}ms ${change}`);
    for (const listener of this.#listeners) listener(this.#endpoints);
  }
}

/** Something that hands out a client for the next call or stream. */
export interface Balancer {
  readonly name: string;
  /** The client for one call or stream, or undefined when the view is empty. */
  pick(): RealtimeClient | undefined;
  close(): void;
}

/** Google's load balancer, as far as a rollout is concerned (see the file comment). */
export class LoadBalancer implements Balancer {
  readonly name = "load balancer (NEG, no retry)";
  readonly #view: EndpointView;
  readonly #transport: Transport;
  readonly #clients = new Map<string, RealtimeClient>();
  #next = 0;

  constructor(view: EndpointView, transport: Transport) {
    this.#view = view;
    this.#transport = transport;
  }

  pick(): RealtimeClient | undefined {
    const endpoints = this.#view.endpoints;
    if (endpoints.length === 0) return undefined;
    const endpoint = endpoints[this.#next++ % endpoints.length];
    if (endpoint === undefined) return undefined;
    let client = this.#clients.get(endpoint.target);
    if (client === undefined) {
      // One connection per backend, reconnecting at once: a refused connection fails the call (the 502).
      client = connectRealtime(endpoint.target, this.#transport, {
        "grpc.initial_reconnect_backoff_ms": 50,
        "grpc.max_reconnect_backoff_ms": 100,
      });
      this.#clients.set(endpoint.target, client);
    }
    return client;
  }

  close(): void {
    for (const client of this.#clients.values()) client.close();
  }
}

let resolverRegistered = false;
const views = new Map<string, EndpointView>();
let nextViewId = 0;

class ViewResolver implements grpc.experimental.Resolver {
  readonly #listener: grpc.experimental.ResolverListener;
  readonly #view: EndpointView | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(target: grpc.experimental.GrpcUri, listener: grpc.experimental.ResolverListener) {
    this.#listener = listener;
    this.#view = views.get(target.path.replace(/^\//, ""));
  }

  #push(endpoints: readonly Endpoint[]): void {
    this.#listener(
      grpc.experimental.statusOrFromValue(
        endpoints.map((endpoint) => ({ addresses: [{ host: endpoint.host, port: endpoint.port }] })),
      ),
      {},
      null,
      "",
    );
  }

  updateResolution(): void {
    const view = this.#view;
    if (view === undefined) return;
    this.#unsubscribe ??= view.subscribe((endpoints) => this.#push(endpoints));
    setImmediate(() => this.#push(view.endpoints));
  }

  destroy(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  static getDefaultAuthority(target: grpc.experimental.GrpcUri): string {
    return target.path.replace(/^\//, "") || "endpoint-view";
  }
}

/** grpc-js `round_robin` over the view (see the file comment). */
export class RoundRobinChannel implements Balancer {
  readonly name = "grpc-js round_robin (custom resolver)";
  readonly #client: RealtimeClient;
  readonly #id: string;

  constructor(view: EndpointView, transport: Transport) {
    if (!resolverRegistered) {
      grpc.experimental.registerResolver("endpoint-view", ViewResolver);
      resolverRegistered = true;
    }
    this.#id = `view-${nextViewId++}`;
    views.set(this.#id, view);
    this.#client = connectRealtime(`endpoint-view:///${this.#id}`, transport, {
      "grpc.service_config": JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
      "grpc.initial_reconnect_backoff_ms": 50,
      "grpc.max_reconnect_backoff_ms": 100,
    });
  }

  pick(): RealtimeClient {
    return this.#client;
  }

  close(): void {
    this.#client.close();
    views.delete(this.#id);
  }
}
