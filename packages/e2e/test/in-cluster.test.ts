/**
 * frontend=inCluster on loopback: why a gRPC client behind a ClusterIP Service talks to one pod, and how client-side
 * balancing over the headless Service fixes it. Every server is the reference server started as the chart renders
 * the pod (`examples/in-cluster.values.yaml`, generic preset, cleartext h2c), one render per pod for its own ports
 * (pods on loopback cannot share a port the way pods on their own IPs do).
 *
 * - A ClusterIP Service is a virtual IP that kube-proxy balances per connection: `VirtualIp` below picks the next pod
 *   for each new TCP connection and then only copies bytes. A gRPC client keeps its one HTTP/2 connection, so all its
 *   calls go to one pod.
 * - The headless Service's DNS name returns every ready pod: a resolver fed with their addresses and the round_robin
 *   policy spreads the calls of one client over all of them.
 * - DNS clients learn about new pods only when they re-resolve, which gRPC does when a connection closes (grpc-js
 *   round_robin asks for re-resolution when a subchannel leaves READY; grpc-go's DNS resolver waits for that too, at
 *   most every 30 s). `DnsRecords` below is such a resolver: it answers only when the channel asks. With
 *   `app.maxConnectionAgeMs` rendered small, the servers close connections (GOAWAY) and a client started with two pods
 *   reaches a third after its reconnects; with the example's five minutes, it does not within the same time.
 */
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import * as grpc from "@grpc/grpc-js";
import { afterAll, describe, expect, it } from "vitest";
import {
  connectRealtime,
  EndpointView,
  frontendTransport,
  listVariants,
  POD_HOST,
  Pod,
  type RealtimeClient,
  RoundRobinChannel,
  renderStack,
  type Transport,
  type Values,
} from "../src/index.ts";

const PODS = 3;
const CALLS = 30;
const EXAMPLE = listVariants().find((variant) => variant.name === "examples/in-cluster");
/**
 * round_robin, and the retry policy a client of servers with a maximum connection age needs: a call that races
 * the GOAWAY is refused (RST_STREAM REFUSED_STREAM, status UNAVAILABLE). grpc-js retries a refused call once on
 * its own (retrying-call.ts, "transparent retry"); when every pod ages at once the retry can be refused too, so
 * UNAVAILABLE is retried as gRPC's retry design (A6) and the chart README advise.
 */
const ROUND_ROBIN = JSON.stringify({
  loadBalancingConfig: [{ round_robin: {} }],
  methodConfig: [
    {
      name: [{ service: "gunstars.Realtime" }],
      retryPolicy: {
        maxAttempts: 4,
        initialBackoff: "0.05s",
        maxBackoff: "0.2s",
        backoffMultiplier: 2,
        retryableStatusCodes: ["UNAVAILABLE"],
      },
    },
  ],
});

/** Starts `count` pods, each from its own render of the example with `values` over it, and waits until ready. */
async function startPods(count: number, name: string, values: Values = {}): Promise<Pod[]> {
  if (EXAMPLE === undefined) throw new Error("examples/in-cluster.values.yaml is missing");
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const stack = await renderStack({ variant: EXAMPLE, values });
      const pod = await Pod.start(stack, { name: `${name}-${index}` });
      try {
        await pod.waitReady();
      } catch (error) {
        await pod.dispose();
        throw error;
      }
      return pod;
    }),
  );
}

/** The server that answered each call (`<hostname>:<grpc port>`, as the reference server names itself), in order. */
async function servedBy(client: RealtimeClient, calls: number): Promise<string[]> {
  const servers: string[] = [];
  for (let call = 0; call < calls; call++) {
    servers.push(await pingServer(client));
  }
  return servers;
}

function pingServer(client: RealtimeClient): Promise<string> {
  return new Promise((resolve, reject) => {
    client.Ping({ payload: "in-cluster" }, { deadline: Date.now() + 3_000 }, (error, reply) => {
      if (error !== null || reply === undefined) reject(error ?? new Error("no reply"));
      else resolve(reply.server);
    });
  });
}

const count = (servers: readonly string[]): Record<string, number> =>
  servers.reduce<Record<string, number>>((counts, server) => {
    counts[server] = (counts[server] ?? 0) + 1;
    return counts;
  }, {});

const serverOf = (pod: Pod): string => `:${pod.grpcPort}`;

function firstOf(pods: readonly Pod[]): Pod {
  const [first] = pods;
  if (first === undefined) throw new Error("no pod started");
  return first;
}

/** kube-proxy's part for a ClusterIP Service: each new connection goes to the next pod; bytes are only copied. */
class VirtualIp {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #next = 0;
  port = 0;

  constructor(pods: readonly Pod[]) {
    this.#server = createServer((client) => {
      const pod = pods[this.#next++ % pods.length];
      if (pod === undefined) return void client.destroy();
      const backend = tcpConnect({ host: POD_HOST, port: pod.grpcPort });
      for (const socket of [client, backend]) {
        this.#sockets.add(socket);
        socket.on("error", () => undefined);
        socket.on("close", () => this.#sockets.delete(socket));
      }
      client.pipe(backend).pipe(client);
      client.on("close", () => backend.destroy());
      backend.on("close", () => client.destroy());
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve) =>
      this.#server.listen({ host: POD_HOST, port: 0 }, () => {
        const address = this.#server.address();
        this.port = typeof address === "object" && address !== null ? address.port : 0;
        resolve();
      }),
    );
  }

  close(): void {
    for (const socket of this.#sockets) socket.destroy();
    this.#server.close();
  }
}

/** DNS records of a headless Service: the pods' addresses, answered only when the channel asks (re-resolution). */
class DnsRecords {
  static readonly #byName = new Map<string, DnsRecords>();
  static #registered = false;
  static #next = 0;
  readonly name = `records-${DnsRecords.#next++}`;
  addresses: { host: string; port: number }[] = [];
  /** How many times a channel asked (its first resolution included). */
  resolutions = 0;

  constructor() {
    DnsRecords.#byName.set(this.name, this);
    if (!DnsRecords.#registered) {
      grpc.experimental.registerResolver("dns-records", DnsRecordsResolver);
      DnsRecords.#registered = true;
    }
  }

  static named(name: string): DnsRecords | undefined {
    return DnsRecords.#byName.get(name);
  }

  /** A round_robin client of these records, as a client dials dns:///<headless>...:<port>. */
  client(transport: Transport): RealtimeClient {
    return connectRealtime(`dns-records:///${this.name}`, transport, {
      "grpc.service_config": ROUND_ROBIN,
      "grpc.initial_reconnect_backoff_ms": 50,
      "grpc.max_reconnect_backoff_ms": 100,
    });
  }
}

class DnsRecordsResolver implements grpc.experimental.Resolver {
  readonly #listener: grpc.experimental.ResolverListener;
  readonly #records: DnsRecords | undefined;

  constructor(target: grpc.experimental.GrpcUri, listener: grpc.experimental.ResolverListener) {
    this.#listener = listener;
    this.#records = DnsRecords.named(target.path.replace(/^\//, ""));
  }

  /** The channel asks: at the start, and when a connection it used goes away. Never pushed otherwise. */
  updateResolution(): void {
    const records = this.#records;
    if (records === undefined) return;
    records.resolutions++;
    const endpoints = records.addresses.map((address) => ({ addresses: [{ ...address }] }));
    setImmediate(() => this.#listener(grpc.experimental.statusOrFromValue(endpoints), {}, null, ""));
  }

  destroy(): void {}

  static getDefaultAuthority(target: grpc.experimental.GrpcUri): string {
    return target.path.replace(/^\//, "") || "dns-records";
  }
}

/** Calls, one after another, for `durationMs` or until `until` says stop; the servers that answered. */
async function callFor(client: RealtimeClient, durationMs: number, until?: (server: string) => boolean) {
  const servers: string[] = [];
  const deadline = Date.now() + durationMs;
  while (Date.now() < deadline) {
    const server = await pingServer(client);
    servers.push(server);
    if (until?.(server) === true) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return servers;
}

const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The example's pods (maximum connection age five minutes), shared by the cases that do not change it. */
let examplePods: Promise<Pod[]> | undefined;
const slowAgePods = (): Promise<Pod[]> => {
  examplePods ??= startPods(PODS, "in-cluster").then((pods) => {
    cleanups.push(() => Promise.all(pods.map((pod) => pod.dispose())).then(() => undefined));
    return pods;
  });
  return examplePods;
};

describe.concurrent("frontend inCluster: client-side balancing on loopback", () => {
  it("should render the pods as the example says: headless Service, generic preset, h2c, a five-minute connection age", async () => {
    const pod = firstOf(await slowAgePods());
    const headless = pod.stack.documents.find(
      ({ object }) => object.kind === "Service" && object.metadata?.name === "e2e-grpc-gke-headless",
    )?.object as { spec?: { clusterIP?: string; publishNotReadyAddresses?: boolean } } | undefined;
    expect(headless?.spec?.clusterIP).toBe("None");
    expect(headless?.spec?.publishNotReadyAddresses).toBe(false);
    expect(frontendTransport(pod.stack)).toBe("h2c");
    expect(pod.env.GRPC_MAX_CONNECTION_AGE_MS).toBe("300000");
    expect(pod.env.GRPC_MAX_CONNECTION_AGE_GRACE_MS).toBeUndefined();
  });

  it("should send every call of one client to one pod through the ClusterIP Service, which balances connections", async ({
    expect,
  }) => {
    const pods = await slowAgePods();
    const vip = new VirtualIp(pods);
    await vip.listen();
    cleanups.push(() => vip.close());
    const transport = frontendTransport(firstOf(pods).stack);
    // Three client processes: each its own connection (grpc-js would otherwise share one subchannel among channels).
    const clients = Array.from({ length: PODS }, () =>
      connectRealtime(`${POD_HOST}:${vip.port}`, transport, { "grpc.use_local_subchannel_pool": 1 }),
    );
    cleanups.push(() => {
      for (const client of clients) client.close();
    });
    const perClient = [];
    for (const client of clients) perClient.push(count(await servedBy(client, CALLS)));
    console.log(`through the cluster IP, calls per pod of each client: ${JSON.stringify(perClient)}`);
    // Each client: all its calls on one pod. The clients together: kube-proxy spread their connections (each new
    // connection to the next pod; a reconnect on a loaded machine may shift the turn, hence at least two).
    for (const counts of perClient) expect(Object.values(counts)).toEqual([CALLS]);
    expect(new Set(perClient.map((counts) => Object.keys(counts)[0])).size).toBeGreaterThanOrEqual(2);
  });

  it("should spread one client's calls over every pod, round robin, through a resolver fed with the pods' addresses", async ({
    expect,
  }) => {
    const pods = await slowAgePods();
    const view = new EndpointView();
    for (const pod of pods)
      view.attach({ target: `${POD_HOST}:${pod.grpcPort}`, host: POD_HOST, port: pod.grpcPort });
    const channel = new RoundRobinChannel(view, frontendTransport(firstOf(pods).stack));
    cleanups.push(() => channel.close());
    const client = channel.pick();
    // round_robin picks among the pods it is connected to: once it has reached all of them, count.
    const seen = new Set<string>();
    await callFor(client, 5_000, (server) => seen.add(server).size === PODS);
    const counts = count(await servedBy(client, CALLS));
    console.log(
      `through the headless Service's addresses (round_robin), calls per pod: ${JSON.stringify(counts)}`,
    );
    for (const pod of pods)
      expect(Object.keys(counts).filter((server) => server.endsWith(serverOf(pod)))).toHaveLength(1);
    // Strict rotation once every subchannel is ready: each pod gets a third of the calls.
    expect(Object.values(counts)).toEqual([CALLS / PODS, CALLS / PODS, CALLS / PODS]);
  });

  it("should not reach a pod added after the client resolved, within 2 s, when connections live five minutes (the example)", async ({
    expect,
  }) => {
    const pods = await slowAgePods();
    const [a, b, c] = [firstOf(pods), pods[1], pods[2]];
    if (b === undefined || c === undefined) throw new Error("three pods expected");
    const records = new DnsRecords();
    records.addresses = [a, b].map((pod) => ({ host: POD_HOST, port: pod.grpcPort }));
    const client = records.client(frontendTransport(a.stack));
    cleanups.push(() => client.close());
    await callFor(client, 300);
    records.addresses = [a, b, c].map((pod) => ({ host: POD_HOST, port: pod.grpcPort }));
    const after = await callFor(client, 2_000);
    console.log(
      `age 300000 ms: ${after.length} calls after the third pod joined, per pod ${JSON.stringify(count(after))}, resolutions ${records.resolutions}`,
    );
    expect(after.some((server) => server.endsWith(serverOf(c)))).toBe(false);
    expect(records.resolutions).toBe(1);
  });

  it("should reach a pod added after the client resolved once the servers close connections at app.maxConnectionAgeMs=500", async ({
    expect,
  }) => {
    const pods = await startPods(PODS, "in-cluster-age", { app: { maxConnectionAgeMs: 500 } });
    cleanups.push(() => Promise.all(pods.map((pod) => pod.dispose())).then(() => undefined));
    const [a, b, c] = [firstOf(pods), pods[1], pods[2]];
    if (b === undefined || c === undefined) throw new Error("three pods expected");
    expect(a.env.GRPC_MAX_CONNECTION_AGE_MS).toBe("500");
    const records = new DnsRecords();
    records.addresses = [a, b].map((pod) => ({ host: POD_HOST, port: pod.grpcPort }));
    const client = records.client(frontendTransport(a.stack));
    cleanups.push(() => client.close());
    const before = await callFor(client, 300);
    expect(before.some((server) => server.endsWith(serverOf(c)))).toBe(false);
    const joined = performance.now();
    records.addresses = [a, b, c].map((pod) => ({ host: POD_HOST, port: pod.grpcPort }));
    const after = await callFor(client, 5_000, (server) => server.endsWith(serverOf(c)));
    const reachedAfterMs = Math.round(performance.now() - joined);
    console.log(
      `age 500 ms: the third pod answered ${reachedAfterMs} ms after it joined (${after.length} calls), resolutions ${records.resolutions}`,
    );
    expect(after.some((server) => server.endsWith(serverOf(c)))).toBe(true);
    // It took a reconnect: the channel asked the resolver again after a GOAWAY.
    expect(records.resolutions).toBeGreaterThanOrEqual(2);
    expect(reachedAfterMs).toBeLessThan(5_000);
  });
});
