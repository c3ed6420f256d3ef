/**
 * The end-to-end check of one rendered stack: start the pod as rendered, call it the way its frontend would, run
 * every health check the render describes, and shut it down the way the kubelet does with a stream in flight.
 * Any failure throws an E2eFailure listing what did not work.
 */
import { connect as netConnect } from "node:net";
import { DEFAULT_DRAIN_SECONDS } from "@grpc-gke/reference-server";
import {
  BackendConnectError,
  connectRealtime,
  type ExerciseFigures,
  echo,
  exercise,
  type Handshake,
  loadBalancerHandshake,
  loadBalancerPing,
  type StreamFigures,
  type Transport,
  ticks,
} from "./calls.ts";
import { POD_HOST, Pod, type TerminationReport } from "./pod.ts";
import { helmTestProbe, loadBalancerHealthCheck, type ProbeResult } from "./probes.ts";
import {
  at,
  containerPort,
  list,
  type MetricsScrape,
  publicHost,
  type Stack,
  servicePortTarget,
  str,
} from "./stack.ts";

/** The rendered stack does not work end to end; `problems` says what failed. */
export class E2eFailure extends Error {
  override readonly name = "E2eFailure";
  readonly problems: readonly string[];

  constructor(subject: string, problems: readonly string[]) {
    super(`${subject}:\n- ${problems.join("\n- ")}`);
    this.problems = problems;
  }
}

export interface StackReport {
  readonly name: string;
  /** How the frontend calls the grpc port, from the Service's appProtocol: TLS + h2 (`HTTP2`) or h2c. */
  readonly transport: Transport;
  readonly notes: readonly string[];
  readonly readyAfterMs: number;
  readonly handshake: Handshake | undefined;
  /** What was called and how, besides the traffic figures. */
  readonly checks: readonly string[];
  readonly traffic: ExerciseFigures;
  readonly health: readonly ProbeResult[];
  readonly shutdown: ShutdownReport;
}

export interface ShutdownReport {
  readonly termination: TerminationReport;
  readonly echo: StreamFigures;
  readonly ticks: StreamFigures;
  /** Checks made while the pod terminated (during preStop, after SIGTERM). */
  readonly checks: readonly string[];
}

/**
 * How the frontend speaks to the grpc port, as the render says it: the Service port's appProtocol (`HTTP2` is
 * HTTP/2 over TLS, `kubernetes.io/h2c` cleartext), and GKE's `cloud.google.com/app-protocols` annotation. Behind Istio
 * (`grpc`, HTTP/2 either way) the DestinationRule's TLS mode for the port decides: SIMPLE or MUTUAL originate TLS
 * (with ALPN h2, as Google's load balancer does), anything else is cleartext h2c to the app.
 */
export function frontendTransport(stack: Stack): Transport {
  const port = list(at(stack.service, "spec", "ports")).find((candidate) => candidate.name === "grpc");
  const appProtocol = str(port?.appProtocol);
  const annotation = stack.service?.metadata?.annotations?.["cloud.google.com/app-protocols"];
  const gke = annotation === undefined ? undefined : (JSON.parse(annotation) as Record<string, string>).grpc;
  if (gke === "HTTP2" || appProtocol === "HTTP2") return "tls";
  if (appProtocol === "kubernetes.io/h2c") return "h2c";
  if (appProtocol === "grpc") return istioTransport(stack, port?.port);
  throw new E2eFailure("the render", [
    `the grpc Service port has no appProtocol the e2e knows (${appProtocol})`,
  ]);
}

/** The TLS mode of the rendered Istio DestinationRule for a Service port (port level over the rule's own). */
function istioTransport(stack: Stack, servicePort: unknown): Transport {
  const rule = stack.documents
    .map((document) => document.object)
    .find((object) => object.apiVersion === "networking.istio.io/v1" && object.kind === "DestinationRule");
  const policy = at(rule, "spec", "trafficPolicy");
  const level = list(at(policy, "portLevelSettings")).find(
    (entry) => at(entry, "port", "number") === servicePort,
  );
  const mode = str(at(level, "tls", "mode")) ?? str(at(policy, "tls", "mode"));
  return mode === "SIMPLE" || mode === "MUTUAL" ? "tls" : "h2c";
}

/** SHUTDOWN_DRAIN_SECONDS as rendered, or the reference server's default. */
export function drainSeconds(stack: Stack): number {
  const value = stack.container.env.find((entry) => entry.name === "SHUTDOWN_DRAIN_SECONDS")?.value;
  return value === undefined ? DEFAULT_DRAIN_SECONDS : Number(value);
}

function preStopSeconds(stack: Stack): number {
  const hook = stack.container.preStop;
  return hook?.kind === "sleep" ? hook.seconds : 0;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function connectRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: POD_HOST, port, timeout: 1_000 }, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on("error", () => resolve(true));
    socket.on("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Polls `check` until it returns true or `ms` pass; resolves with the milliseconds it took, or undefined. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number | undefined> {
  const started = performance.now();
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await check()) return Math.round(performance.now() - started);
    if (performance.now() - started > ms) return undefined;
    await delay(50);
  }
  return undefined;
}

/**
 * The kubelet's termination with a stream in flight. The bidirectional stream and the server stream start just
 * before termination and last until a quarter of SHUTDOWN_DRAIN_SECONDS after SIGTERM: still in flight when it
 * comes, well inside the chart's drain budget, with three quarters as margin for a busy machine (CI's shared cores
 * stretch a stream's 20 ms message timers). Checks that the pod serves through preStop, fails readiness
 * and refuses new connections at once after SIGTERM, finishes both streams, and exits 0 before the grace period.
 */
export async function checkShutdown(
  pod: Pod,
  transport: Transport,
  problems: string[],
): Promise<ShutdownReport> {
  const stack = pod.stack;
  const readiness = stack.container.readinessProbe;
  const preStop = preStopSeconds(stack);
  const sessionMs = (preStop + 0.25 * drainSeconds(stack)) * 1000;
  const client = connectRealtime(`${POD_HOST}:${pod.grpcPort}`, transport);
  const checks: string[] = [];
  try {
    // Both streams are open on a connection before termination starts (bounded: they fail by their deadline).
    let opened = 0;
    let allOpen: () => void = () => undefined;
    const open = new Promise<void>((resolve) => {
      allOpen = resolve;
    });
    const onFirst = (): void => {
      if (++opened === 2) allOpen();
    };
    const streams = Promise.all([
      echo(client, Math.round(sessionMs / 20), 20, sessionMs + 10_000, onFirst),
      ticks(client, Math.round(sessionMs / 20), 20, sessionMs + 10_000, onFirst),
    ]);
    await Promise.race([open, streams, delay(5_000)]);
    if (opened < 2) problems.push("the streams did not open within 5 s");
    let afterSigterm: Promise<void> = Promise.resolve();
    const duringPreStop = (async () => {
      if (preStop === 0) return;
      await delay(Math.min(300, preStop * 500));
      const probe = readiness === undefined ? undefined : await pod.probe(readiness);
      if (probe !== undefined && !probe.ok)
        problems.push(`readiness failed during preStop (the pod must keep serving): ${probe.detail}`);
      const fresh = connectRealtime(`${POD_HOST}:${pod.grpcPort}`, transport);
      try {
        await exercise(fresh, 10);
        checks.push("during preStop: readiness passes and a new connection is served");
      } catch (error) {
        problems.push(`a new connection during preStop was not served: ${(error as Error).message}`);
      } finally {
        fresh.close();
      }
    })();
    const termination = await pod.terminate({
      onSigterm: () => {
        afterSigterm = (async () => {
          if (readiness !== undefined) {
            const took = await within(1_000, async () => !(await pod.probe(readiness)).ok);
            if (took === undefined) problems.push("readiness still passes 1 s after SIGTERM");
            else checks.push(`after SIGTERM: readiness fails within ${took} ms`);
          }
          if (stack.loadBalancerHealthCheck !== undefined) {
            const took = await within(
              1_000,
              async () => !(await loadBalancerHealthCheck(stack, POD_HOST)).ok,
            );
            if (took === undefined)
              problems.push(
                `the load balancer health check (${stack.loadBalancerHealthCheck.source}) still passes 1 s after SIGTERM`,
              );
            else
              checks.push(
                `after SIGTERM: the ${stack.loadBalancerHealthCheck.source} health check fails within ${took} ms`,
              );
          }
          const took = await within(1_000, () => connectRefused(pod.grpcPort));
          if (took === undefined) problems.push("the grpc port still accepts connections 1 s after SIGTERM");
          else checks.push(`after SIGTERM: new connections are refused within ${took} ms`);
        })();
      },
    });
    await duringPreStop;
    await afterSigterm;
    const [echoFigures, tickFigures] = await streams;
    for (const [name, figures] of [
      ["bidi stream", echoFigures],
      ["server stream", tickFigures],
    ] as const) {
      if (figures.status !== "OK" || figures.received !== figures.sent) {
        problems.push(
          `the ${name} in flight at termination lost ${figures.sent - figures.received} of ${figures.sent} messages (${figures.status}): ${
            termination.killed
              ? `SIGKILL at ${termination.exitedAtMs} ms, the end of the grace period`
              : `exit ${termination.exit.code}`
          }`,
        );
      }
    }
    if (termination.killed) {
      problems.push(
        `the server was still running when terminationGracePeriodSeconds (${termination.graceSeconds}) ran out: SIGKILL at ${termination.exitedAtMs} ms`,
      );
    } else if (termination.exit.code !== 0) {
      problems.push(
        `the server exited with ${termination.exit.code ?? termination.exit.signal} after SIGTERM`,
      );
    }
    const lifecycle = pod.events.map((event) => event.event);
    for (const event of ["shutdown_started", "stopped"]) {
      if (!lifecycle.includes(event)) problems.push(`the server logged no ${event} event`);
    }
    return { termination, echo: echoFigures, ticks: tickFigures, checks };
  } finally {
    client.close();
  }
}

/** Runs every end-to-end check on one rendered stack (see the file comment). */
export async function checkStack(
  stack: Stack,
  name: string,
  options: { readonly readyWithinMs?: number } = {},
): Promise<StackReport> {
  const problems: string[] = [];
  const transport = frontendTransport(stack);
  const pod = await Pod.start(stack, { name });
  const checks: string[] = [];
  try {
    const ready = await pod.waitReady(options.readyWithinMs).catch((error: unknown) => {
      throw new E2eFailure(name, [(error as Error).message]);
    });
    const target = `${POD_HOST}:${pod.grpcPort}`;

    let handshake: Handshake | undefined;
    if (transport === "tls") {
      handshake = await loadBalancerHandshake(POD_HOST, pod.grpcPort).catch((error: unknown) => {
        problems.push((error as Error).message);
        return undefined;
      });
    } else {
      // Cleartext: what a TLS frontend would get (the Gunstars 502), and why the chart allows h2c only without one.
      const tls = await loadBalancerHandshake(POD_HOST, pod.grpcPort).then(
        () => "handshake succeeded",
        (error: unknown) => (error instanceof BackendConnectError ? undefined : String(error)),
      );
      if (tls !== undefined) problems.push(`the h2c port answered TLS: ${tls}`);
    }

    const viaLoadBalancer = await loadBalancerPing(
      POD_HOST,
      pod.grpcPort,
      transport,
      publicHost(stack),
    ).catch((error: unknown) => {
      problems.push(
        `a Ping framed as the load balancer forwards it (:scheme https, ${transport}) failed: ${(error as Error).message}`,
      );
      return undefined;
    });
    if (viaLoadBalancer !== undefined)
      checks.push(
        `load balancer framing (${transport}, :scheme https, :authority ${publicHost(stack)}): Ping ok`,
      );

    const client = connectRealtime(target, transport);
    const traffic = await exercise(client).catch((error: unknown) => {
      problems.push(
        `${transport === "tls" ? "TLS (h2, certificate not verified)" : "h2c"} calls to ${target} failed: ${(error as Error).message}`,
      );
      return undefined;
    });
    client.close();

    const health: ProbeResult[] = [];
    const probes = [
      ["startupProbe", stack.container.startupProbe],
      ["readinessProbe", stack.container.readinessProbe],
      ["livenessProbe", stack.container.livenessProbe],
    ] as const;
    for (const [kind, spec] of probes) {
      if (spec === undefined) continue;
      const result = await pod.probe(spec);
      health.push({ ok: result.ok, detail: `${kind}: ${result.detail}` });
    }
    if (stack.loadBalancerHealthCheck !== undefined) {
      const result = await loadBalancerHealthCheck(stack, POD_HOST);
      health.push({ ok: result.ok, detail: `load balancer health check: ${result.detail}` });
    }
    if (stack.testPodArgs !== undefined) {
      const result = await helmTestProbe(stack, POD_HOST);
      health.push({ ok: result.ok, detail: `helm test: ${result.detail}` });
    }
    for (const scrape of stack.scrapes) {
      const result = await scrapeMetrics(stack, scrape);
      health.push({ ok: result.ok, detail: `${scrape.monitor} scrape: ${result.detail}` });
    }
    for (const result of health) if (!result.ok) problems.push(result.detail);

    if (problems.length > 0 || traffic === undefined) throw new E2eFailure(name, problems);
    const shutdown = await checkShutdown(pod, transport, problems);
    if (problems.length > 0) throw new E2eFailure(name, problems);
    return {
      name,
      transport,
      notes: pod.notes,
      readyAfterMs: ready.readyAfterMs,
      handshake,
      checks,
      traffic,
      health,
      shutdown,
    };
  } finally {
    await pod.dispose();
  }
}

/**
 * Scrapes the pod as the rendered monitor does: the port it names (a container port, or a Service port followed to
 * its target), the path, HTTP/1.1; a Prometheus text body with the server's metrics is a pass.
 */
async function scrapeMetrics(stack: Stack, scrape: MetricsScrape): Promise<ProbeResult> {
  let port: number;
  try {
    port = scrape.via === "pod" ? containerPort(stack, scrape.port) : servicePortTarget(stack, scrape.port);
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
  const url = `http://${POD_HOST}:${port}${scrape.path}`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    const body = await response.text();
    if (response.status !== 200) return { ok: false, detail: `GET ${url} answered ${response.status}` };
    if (!/^gunstars_serving 1$/m.test(body))
      return { ok: false, detail: `GET ${url} answered 200 without the server's metrics` };
    return { ok: true, detail: `GET ${url} 200, Prometheus text` };
  } catch (error) {
    return { ok: false, detail: `GET ${url} failed: ${(error as Error).message}` };
  }
}

/** A few lines about a passing stack, for the test output. */
export function describeReport(report: StackReport): string {
  const { handshake, traffic, shutdown } = report;
  return [
    `${report.name}: ${report.transport === "tls" ? `TLS ${handshake?.tlsVersion} ALPN ${handshake?.alpnProtocol}` : "h2c"}, ready after ${report.readyAfterMs} ms`,
    ...report.checks.map((check) => `  ${check}`),
    `  calls (grpc-js, ${report.transport}): Ping ok, Ticks ${traffic.ticks.received}/${traffic.ticks.sent}, Echo ${traffic.echo.received}/${traffic.echo.sent}`,
    ...report.health.map((result) => `  ${result.detail}`),
    `  shutdown: preStop ${shutdown.termination.preStop}, SIGTERM at ${shutdown.termination.sigtermAtMs} ms, exit ${shutdown.termination.exit.code} at ${shutdown.termination.exitedAtMs} ms (grace ${shutdown.termination.graceSeconds} s); streams in flight: Echo ${shutdown.echo.received}/${shutdown.echo.sent} ${shutdown.echo.status}, Ticks ${shutdown.ticks.received}/${shutdown.ticks.sent} ${shutdown.ticks.status}`,
    ...shutdown.checks.map((check) => `  ${check}`),
    ...report.notes.map((note) => `  note: ${note}`),
  ].join("\n");
}
