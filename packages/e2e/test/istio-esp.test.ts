import { readFileSync } from "node:fs";
/**
 * The variants whose Service lands on a Cloud Endpoints ESP sidecar (frontend=istio, istio.esp.enabled). The e2e runs the
 * reference server as the app, but cannot run ESP's image (gcr.io/endpoints-release, not available here), so for these:
 *
 * - statically, the wiring ESP depends on, from the rendered objects: a native sidecar; the Service's grpc and health
 *   ports on ESP's gRPC and HTTP/1.1 ports as its flags open them (ESP v1 --http2_port / --http_port, never --ssl_port
 *   behind a gateway that ends TLS; ESPv2 --listener_port); ESP's probes on its HTTP/1.1 port at its --healthz path;
 *   --backend=grpc://127.0.0.1:<the app's grpc port>; cleartext from the gateway (no TLS origination to ESP);
 * - for real, the app behind ESP, called the way ESP's --backend calls it (cleartext HTTP/2 on 127.0.0.1 at that port):
 *   its probes, unary and streaming calls, and its shutdown with streams in flight.
 *
 * test/variants.test.ts skips these stacks with a note pointing here.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  checkShutdown,
  connectRealtime,
  exercise,
  listVariants,
  POD_HOST,
  Pod,
  renderStack,
  type Stack,
} from "../src/index.ts";
import { type Sidecar, servicePort, sidecarBehind } from "./sidecar.ts";

/** A flag's value (`--flag=value`), or undefined. */
function flag(sidecar: Sidecar, name: string): string | undefined {
  const arg = sidecar.args.find((candidate) => candidate.startsWith(`${name}=`));
  return arg?.slice(name.length + 1);
}

const ESP_V1 = /^gcr\.io\/endpoints-release\/endpoints-runtime(-secure)?:1(\.|$)/;
const ESP_V2 = /^gcr\.io\/endpoints-release\/endpoints-runtime:2(\.|$)/;

/** The variants (rendered the e2e's way) whose grpc Service port lands on a sidecar. */
const fronted = (
  await Promise.all(
    listVariants().map(async (variant) => {
      const stack = await renderStack({ variant });
      const sidecar = sidecarBehind(stack);
      return sidecar === undefined ? [] : [{ name: variant.name, stack, sidecar }];
    }),
  )
).flat();

/** The checks of the wiring; each failure is a line. */
function wiringProblems(stack: Stack, sidecar: Sidecar): string[] {
  const problems: string[] = [];
  const v1 = ESP_V1.test(sidecar.image);
  if (!v1 && !ESP_V2.test(sidecar.image))
    problems.push(`the sidecar's image ${sidecar.image} is not an ESP release`);
  const grpcFlag = v1 ? "--http2_port" : "--listener_port";
  const healthFlag = v1 ? "--http_port" : "--listener_port";
  const grpcPort = Number(flag(sidecar, grpcFlag));
  const healthPort = Number(flag(sidecar, healthFlag));
  const declared = sidecar.ports.map((port) => port.containerPort);
  if (servicePort(stack, "grpc")?.targetPort !== grpcPort)
    problems.push(
      `the grpc Service port targets ${String(servicePort(stack, "grpc")?.targetPort)}, ESP's ${grpcFlag} is ${grpcPort}`,
    );
  if (servicePort(stack, "health")?.targetPort !== healthPort)
    problems.push(
      `the health Service port targets ${String(servicePort(stack, "health")?.targetPort)}, ESP's ${healthFlag} is ${healthPort}`,
    );
  for (const port of [grpcPort, healthPort])
    if (!declared.includes(port)) problems.push(`ESP does not declare port ${port}`);
  if (sidecar.args.some((arg) => arg.startsWith("--ssl_port") || arg === "-S"))
    problems.push("ESP serves TLS (--ssl_port) behind a gateway that ends TLS");
  if (v1) {
    const status = Number(flag(sidecar, "--status_port") ?? 8090);
    if (new Set([grpcPort, healthPort, status]).size !== 3)
      problems.push(
        `ESP v1's ports ${grpcPort}, ${healthPort}, ${status} are not distinct (start_esp exits)`,
      );
    const timeout = Number.parseInt(flag(sidecar, "--client_body_timeout") ?? "60", 10);
    if (!(timeout > 60)) problems.push(`--client_body_timeout ${timeout} s closes quiet client streams`);
  }
  const healthz = flag(sidecar, "--healthz");
  for (const probe of ["startupProbe", "readinessProbe"]) {
    const httpGet = (sidecar.spec[probe] as { httpGet?: { path?: string; port?: unknown } } | undefined)
      ?.httpGet;
    if (httpGet?.path !== `/${healthz}` || httpGet.port !== healthPort)
      problems.push(
        `ESP's ${probe} asks ${httpGet?.path}:${String(httpGet?.port)}, not /${healthz} on its HTTP/1.1 port ${healthPort}`,
      );
  }
  const app = stack.container.ports.find((port) => port.name === "grpc")?.containerPort;
  if (flag(sidecar, "--backend") !== `grpc://127.0.0.1:${app}`)
    problems.push(`ESP's --backend is ${flag(sidecar, "--backend")}, the app's grpc port is ${app}`);
  const rule = stack.documents.find(
    ({ object }) => object.apiVersion === "networking.istio.io/v1" && object.kind === "DestinationRule",
  );
  if (JSON.stringify(rule?.object.spec ?? {}).includes('"SIMPLE"'))
    problems.push("the DestinationRule originates TLS to ESP's cleartext port");
  return problems;
}

describe("variants with an ESP sidecar in front of the app (the ESP image is not run here)", () => {
  it("are exactly the variants whose values turn ESP on (istio.esp.enabled), the article's and the example among them", () => {
    const withEsp = listVariants()
      .filter((variant) => {
        const values = parse(readFileSync(variant.file, "utf8")) as {
          istio?: { esp?: { enabled?: unknown } };
        };
        return values?.istio?.esp?.enabled === true;
      })
      .map((variant) => variant.name)
      .sort();
    expect(fronted.map(({ name }) => name).sort()).toEqual(withEsp);
    expect(withEsp).toEqual(
      expect.arrayContaining(["ci/istio-esp-v1", "ci/istio-esp-v2", "examples/istio-esp"]),
    );
  });

  describe.concurrent.each(fronted)("$name", ({ name, stack, sidecar }) => {
    it("wires the Service, ESP's flags and probes, and the app's port together as ESP needs (static)", () => {
      expect(sidecar.spec.restartPolicy).toBe("Always");
      expect(wiringProblems(stack, sidecar)).toEqual([]);
    });

    it("serves the app behind ESP as ESP's --backend calls it: h2c on 127.0.0.1, probes, calls, streams, and a draining shutdown", async () => {
      const pod = await Pod.start(stack, { name });
      try {
        await pod.waitReady();
        const client = connectRealtime(`${POD_HOST}:${pod.grpcPort}`, "h2c");
        const traffic = await exercise(client).finally(() => client.close());
        expect(traffic.echo.received).toBe(traffic.echo.sent);
        for (const spec of [stack.container.readinessProbe, stack.container.livenessProbe]) {
          if (spec !== undefined) expect((await pod.probe(spec)).ok).toBe(true);
        }
        const problems: string[] = [];
        const shutdown = await checkShutdown(pod, "h2c", problems);
        expect(problems).toEqual([]);
        expect(shutdown.termination).toMatchObject({ killed: false, exit: { code: 0 } });
        console.log(
          `${name}: ESP (${sidecar.image}) not run; the app behind it on h2c ${POD_HOST}:${pod.grpcPort}: Echo ${traffic.echo.received}/${traffic.echo.sent}, streams through shutdown: Echo ${shutdown.echo.received}/${shutdown.echo.sent}, exit ${shutdown.termination.exit.code}`,
        );
      } finally {
        await pod.dispose();
      }
    });
  });
});
