/**
 * A rolling update on loopback, in the rendered sequence: the Deployment's strategy (maxSurge, maxUnavailable 0,
 * minReadySeconds), the kubelet's probes and termination (preStop, SIGTERM, SIGKILL at the end of
 * terminationGracePeriodSeconds) and the NEG (a pod joins the view once ready, leaves it `detachLagMs` after its
 * termination starts), while clients send unary calls and hold streams open the whole time.
 */
import { type Balancer, type Endpoint, EndpointView, LoadBalancer, RoundRobinChannel } from "./balancer.ts";
import { frontendTransport } from "./check.ts";
import { POD_HOST, Pod, type TerminationReport } from "./pod.ts";
import type { Stack } from "./stack.ts";
import { startTraffic, type TrafficFigures, type TrafficOptions } from "./traffic.ts";

export interface RolloutOptions {
  /** Renders one pod's stack (each pod needs its own ports on loopback, so each is rendered with free ones). */
  readonly renderPod: () => Promise<Stack>;
  /** Pods before and after (the rendered replicas). */
  readonly replicas: number;
  /** How long after termination starts the clients stop sending to the pod (NEG detach + programming). */
  readonly detachLagMs: number;
  readonly traffic: TrafficOptions;
  /** Clients to run; both by default. */
  readonly clients?: readonly ("loadBalancer" | "roundRobin")[];
}

export interface RolloutReport {
  readonly figures: readonly TrafficFigures[];
  readonly terminations: readonly TerminationReport[];
  readonly view: readonly string[];
  readonly durationMs: number;
  /** The timing the pods were rendered with. */
  readonly timing: string;
}

function endpointOf(pod: Pod): Endpoint {
  return { host: POD_HOST, port: pod.grpcPort, target: `${POD_HOST}:${pod.grpcPort}` };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function rollout(options: RolloutOptions): Promise<RolloutReport> {
  const started = performance.now();
  const stacks = await Promise.all(Array.from({ length: options.replicas * 2 }, options.renderPod));
  const first = stacks[0];
  if (first === undefined) throw new Error("no pods rendered");
  const surge = typeof first.maxSurge === "number" ? first.maxSurge : 1;
  const transport = frontendTransport(first);
  const view = new EndpointView();
  const pods: Pod[] = [];
  const balancers: Balancer[] = [];
  try {
    const start = async (stack: Stack, name: string): Promise<Pod> => {
      const pod = await Pod.start(stack, { name });
      pods.push(pod);
      await pod.waitReady();
      // The NEG readiness gate: the pod takes traffic once ready and the load balancer's check passes.
      view.attach(endpointOf(pod));
      return pod;
    };
    const old = await Promise.all(
      stacks.slice(0, options.replicas).map((stack, index) => start(stack, `old-${index}`)),
    );

    for (const client of options.clients ?? ["loadBalancer", "roundRobin"]) {
      balancers.push(
        client === "loadBalancer"
          ? new LoadBalancer(view, transport)
          : new RoundRobinChannel(view, transport),
      );
    }
    const traffic = balancers.map((balancer) => startTraffic(balancer, options.traffic));
    await delay(300);

    // The Deployment controller: up to maxSurge new pods at a time; an old pod goes once its replacement has been
    // ready for minReadySeconds (maxUnavailable 0). Terminating pods do not count, so the next surge starts then.
    const terminations: Promise<TerminationReport>[] = [];
    const fresh = stacks.slice(options.replicas);
    for (let index = 0; index < old.length; index += surge) {
      const batch = fresh.slice(index, index + surge);
      await Promise.all(batch.map((stack, offset) => start(stack, `new-${index + offset}`)));
      await delay(first.minReadySeconds * 1000);
      for (const pod of old.slice(index, index + batch.length)) {
        const endpoint = endpointOf(pod);
        setTimeout(() => view.detach(endpoint), options.detachLagMs);
        terminations.push(pod.terminate());
      }
    }
    const reports = await Promise.all(terminations);
    await delay(300);
    const figures = await Promise.all(traffic.map((running) => running.stop()));
    const preStop = first.container.preStop;
    return {
      figures,
      terminations: reports,
      view: view.log,
      durationMs: Math.round(performance.now() - started),
      timing: `preStop ${preStop?.kind === "sleep" ? `${preStop.seconds}s` : preStop === undefined ? "none" : preStop.kind}, terminationGracePeriodSeconds ${first.terminationGracePeriodSeconds}, SHUTDOWN_DRAIN_SECONDS ${
        first.container.env.find((entry) => entry.name === "SHUTDOWN_DRAIN_SECONDS")?.value ?? "(unset)"
      }, maxSurge ${first.maxSurge}, minReadySeconds ${first.minReadySeconds}, detach lag ${options.detachLagMs} ms`,
    };
  } finally {
    for (const balancer of balancers) balancer.close();
    await Promise.all(pods.map((pod) => pod.dispose()));
  }
}
