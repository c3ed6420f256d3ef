/**
 * The e2e checks fail when what the chart renders is broken: each case breaks one thing on purpose — in the
 * values (a real render) or in the rendered objects (a fixture edit, for what the chart's guards would refuse)
 * — and asserts that checkStack reports it.
 */
import { describe, expect, it } from "vitest";
import {
  checkStack,
  E2eFailure,
  editableContainer,
  editStack,
  freePorts,
  listVariants,
  type MutableObject,
  renderStack,
  type Stack,
  type Variant,
} from "../src/index.ts";

function variant(name: string): Variant {
  const found = listVariants().find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no variant ${name}`);
  return found;
}

function secretData(objects: MutableObject[]): Record<string, string> {
  const secret = objects.find((object) => object.kind === "Secret" && object.type === "kubernetes.io/tls");
  if (secret === undefined) throw new Error("no TLS Secret rendered");
  return secret.data as Record<string, string>;
}

function dropEnv(stack: Stack, ...names: string[]): Stack {
  return editStack(stack, (objects) => {
    const container = editableContainer(objects);
    container.env = (container.env as { name: string }[]).filter((entry) => !names.includes(entry.name));
  });
}

async function failure(attempt: Promise<unknown>): Promise<E2eFailure> {
  const error = await attempt.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(E2eFailure);
  console.log(String((error as Error).message));
  return error as E2eFailure;
}

describe.concurrent("the e2e checks detect a broken stack", () => {
  it("certificate: a corrupted tls.crt in the rendered Secret (the server cannot load it, the pod never gets ready)", async () => {
    const stack = editStack(await renderStack(), (objects) => {
      const data = secretData(objects);
      const pem = Buffer.from(data["tls.crt"] ?? "", "base64").toString();
      const corrupted = pem.replace(
        /(-----\n)(.{20})/,
        (_match, header: string, body: string) => header + body.split("").reverse().join(""),
      );
      data["tls.crt"] = Buffer.from(corrupted).toString("base64");
    });
    const error = await failure(checkStack(stack, "corrupt-tls-crt"));
    expect(error.message).toMatch(/TLS_CERT_FILE=.*do not load/);
  });

  it("certificate: a tls.crt that does not match tls.key (another render's certificate)", async () => {
    const [mine, other] = await Promise.all([renderStack(), renderStack()]);
    const foreign = secretData(
      structuredClone(other.documents).map((document) => document.object as MutableObject),
    )["tls.crt"];
    const stack = editStack(mine, (objects) => {
      secretData(objects)["tls.crt"] = foreign ?? "";
    });
    const error = await failure(checkStack(stack, "mismatched-tls-crt"));
    expect(error.message).toMatch(/do not load: .*(key values mismatch|KEY_VALUES_MISMATCH)/i);
  });

  it("port: env GRPC_PORT names a port other than the container's grpc port (health passes, traffic cannot)", async () => {
    const [elsewhere] = await freePorts(1);
    // The chart refuses it in values (guard ENV-PORTS), so the mismatch is made in the rendered objects.
    await expect(
      renderStack({
        variant: variant("ci/generic-preset"),
        values: { env: [{ name: "GRPC_PORT", value: String(elsewhere) }] },
      }),
    ).rejects.toThrow(/\[ENV-PORTS\]/);
    const stack = editStack(await renderStack({ variant: variant("ci/generic-preset") }), (objects) => {
      const container = editableContainer(objects);
      container.env = (container.env as { name: string; value?: string }[]).map((entry) =>
        entry.name === "GRPC_PORT" ? { name: "GRPC_PORT", value: String(elsewhere) } : entry,
      );
    });
    const error = await failure(checkStack(stack, "grpc-port-mismatch"));
    expect(error.message).toMatch(/failed_to_connect_to_backend: .*ECONNREFUSED/);
    expect(error.message).toMatch(/helm test: .*UNAVAILABLE/);
  });

  it("health path: probes and the load balancer ask for a path the server does not serve", async () => {
    const stack = await renderStack({ values: { probes: { readiness: { path: "/ready" } } } });
    const error = await failure(checkStack(stack, "health-path-elsewhere"));
    expect(error.message).toMatch(
      /readinessProbe failed 2 times in a row .*: GET http:\/\/127\.0\.0\.1:\d+\/ready -> 404/,
    );
  });

  it("health path: HEALTH_PATH dropped from the env while health.path is /healthz (the server serves /health)", async () => {
    const stack = dropEnv(await renderStack({ values: { health: { path: "/healthz" } } }), "HEALTH_PATH");
    const error = await failure(checkStack(stack, "health-path-env-dropped"));
    expect(error.message).toMatch(/\/healthz -> 404/);
  });

  it("env: TLS_CERT_FILE and TLS_KEY_FILE dropped (the server speaks h2c where the load balancer dials TLS)", async () => {
    const stack = dropEnv(await renderStack(), "TLS_CERT_FILE", "TLS_KEY_FILE");
    const error = await failure(checkStack(stack, "tls-env-dropped"));
    expect(error.message).toMatch(/failed_to_connect_to_backend: TLS \+ ALPN h2/);
  });

  it("metrics: METRICS_PATH dropped while metrics.path is /stats (the monitor scrapes a path the server does not serve)", async () => {
    const stack = dropEnv(
      await renderStack({
        variant: variant("ci/observability-podmonitoring"),
        values: { metrics: { path: "/stats" } },
      }),
      "METRICS_PATH",
    );
    const error = await failure(checkStack(stack, "metrics-path-env-dropped"));
    expect(error.message).toMatch(
      /PodMonitoring\/\S+ scrape: GET http:\/\/127\.0\.0\.1:\d+\/stats answered 404/,
    );
  });

  it("env: GRPC_PORT dropped (the server refuses to start)", async () => {
    const stack = dropEnv(await renderStack(), "GRPC_PORT");
    const error = await failure(checkStack(stack, "grpc-port-env-dropped"));
    expect(error.message).toMatch(/GRPC_PORT: is not set/);
  });

  it("shutdown timing: terminationGracePeriodSeconds below preStop + drain cuts the stream in flight (SIGKILL)", async () => {
    // A drain budget of 12 s: the stream in flight (until a quarter of it, 3 s, after SIGTERM) outlasts the
    // kubelet's 2 s minimum between SIGTERM and SIGKILL, so a grace period of 1 s does cut it.
    const longDrain = {
      gracefulShutdown: { appDrainSeconds: 12 },
      googleLoadBalancer: { connectionDraining: { drainingTimeoutSec: 12 } },
      terminationGracePeriodSeconds: 14,
    };
    const [sound, base] = await Promise.all([
      renderStack({ values: longDrain }),
      renderStack({ values: longDrain }),
    ]);
    const short = editStack(base, (objects) => {
      const deployment = objects.find((object) => object.kind === "Deployment") as {
        spec: { template: { spec: MutableObject } };
      };
      deployment.spec.template.spec.terminationGracePeriodSeconds = 1;
    });
    const [passing, error] = await Promise.all([
      checkStack(sound, "grace-period-as-rendered"),
      failure(checkStack(short, "grace-period-too-short")),
    ]);
    expect(passing.shutdown.termination.killed).toBe(false);
    expect(error.message).toMatch(/terminationGracePeriodSeconds \(1\) ran out: SIGKILL/);
    expect(error.message).toMatch(/lost \d+ of \d+ messages/);
  });
});
