/**
 * Rolling updates without loss, and what the chart's shutdown timing protects against: three pods replaced one by
 * one in the rendered sequence while two clients (the load balancer, and an in-cluster grpc-js round_robin
 * client) send unary calls and hold streams open.
 */
import { describe, expect, it } from "vitest";
import {
  describeFigures,
  fastTimings,
  lossless,
  mergeValues,
  type RolloutReport,
  renderStack,
  rollout,
  type TrafficOptions,
} from "../src/index.ts";

const REPLICAS = 3;
/** The NEG detach + load balancer programming lag, scaled like the rendered timings (seconds on GKE). */
const DETACH_LAG_MS = 500;
/**
 * The app's drain budget for the lossless rollout: twice the scaled default (fastTimings: 2 s), so a 1.5 s session
 * picked just before the detach still ends inside it when the machine is busy (CI's 2 shared cores once stretched
 * such a session past a 2 s budget, and the server cancelled it at the bound, as it should). A drain that ends
 * early costs nothing: the server exits once its streams are done. The grace period covers preStop, drain, buffer.
 */
const DRAIN = { gracefulShutdown: { appDrainSeconds: 4 }, terminationGracePeriodSeconds: 1 + 4 + 1 };
const TRAFFIC: TrafficOptions = {
  unaryLoops: 2,
  echoLoops: 2,
  tickLoops: 1,
  sessionMs: 1_500,
  unaryPauseMs: 10,
};

function print(title: string, report: RolloutReport): void {
  console.log(
    [
      `${title} (${report.durationMs} ms; ${report.timing})`,
      ...report.figures.map((figures) => `  ${describeFigures(figures)}`),
      `  terminations: ${report.terminations
        .map(
          (termination) =>
            `preStop ${termination.preStop}, SIGTERM at ${termination.sigtermAtMs} ms, exit ${termination.exit.code ?? termination.exit.signal} at ${termination.exitedAtMs} ms${termination.killed ? " (SIGKILL)" : ""}`,
        )
        .join("; ")}`,
      `  endpoint view: ${report.view.join(", ")}`,
    ].join("\n"),
  );
}

describe.concurrent("rolling update of 3 pods under traffic", () => {
  it("following the rendered sequence (NEG detach, preStop, SIGTERM, drain within the grace period) loses nothing", async () => {
    const report = await rollout({
      renderPod: () => renderStack({ values: { replicaCount: REPLICAS, ...DRAIN } }),
      replicas: REPLICAS,
      detachLagMs: DETACH_LAG_MS,
      traffic: TRAFFIC,
    });
    print("rendered sequence", report);
    for (const figures of report.figures) {
      expect(lossless(figures), describeFigures(figures)).toBe(true);
      expect(figures.unary.ok).toBeGreaterThan(100);
      expect(figures.echo.sessions).toBeGreaterThan(3);
      // Every old and new pod answered: the rollout really moved the traffic.
      expect(Object.keys(figures.servers).length).toBe(REPLICAS * 2);
    }
    for (const termination of report.terminations) {
      expect(termination).toMatchObject({ killed: false, exit: { code: 0 } });
      // The rendered sequence: SIGTERM only after the load balancer has let go of the pod.
      expect(termination.sigtermAtMs).toBeGreaterThan(DETACH_LAG_MS);
    }
  });

  it("without the preStop delay (SIGTERM while the load balancer still sends) fails calls: failed_to_connect_to_backend", async () => {
    const report = await rollout({
      renderPod: () => renderStack({ values: mergeValues(fastTimings(false), { replicaCount: REPLICAS }) }),
      replicas: REPLICAS,
      detachLagMs: DETACH_LAG_MS,
      traffic: TRAFFIC,
    });
    print("preStop removed", report);
    const [loadBalancer, roundRobin] = report.figures;
    expect(loadBalancer?.client).toMatch(/load balancer/);
    expect(loadBalancer?.unary.failed).toBeGreaterThan(0);
    expect(Object.keys(loadBalancer?.errors ?? {}).join("\n")).toMatch(/ECONNREFUSED/);
    // grpc-js round_robin only picks connected endpoints, so it routes around the pod: the loss above is the load
    // balancer's (it picks from the NEG), which is why the chart sleeps in preStop.
    expect(roundRobin?.unary.ok).toBeGreaterThan(0);
  });
});
