/**
 * Which rendered stacks put a sidecar in front of the app: the Service's grpc port lands on a native sidecar (an
 * `initContainers` entry with `restartPolicy: Always`), not on the container the e2e runs. The reference server can
 * stand in for the app, never for the sidecar's image (Cloud Endpoints ESP with frontend=istio), so those stacks are
 * checked by istio-esp.test.ts: the wiring statically, the app behind the sidecar for real.
 */
import type { Stack } from "../src/index.ts";

type Json = Readonly<Record<string, unknown>>;
const record = (value: unknown): Json | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const list = (value: unknown): Json[] =>
  Array.isArray(value) ? value.map(record).filter((entry) => entry !== undefined) : [];

/** A native sidecar of the rendered pod, read loosely. */
export interface Sidecar {
  readonly name: string;
  readonly image: string;
  readonly args: readonly string[];
  readonly ports: readonly { readonly name: string | undefined; readonly containerPort: number }[];
  readonly spec: Json;
}

function sidecars(stack: Stack): Sidecar[] {
  const pod = record(record(record(stack.deployment.spec)?.template)?.spec);
  return list(pod?.initContainers)
    .filter((container) => container.restartPolicy === "Always")
    .map((container) => ({
      name: String(container.name),
      image: String(container.image),
      args: (Array.isArray(container.args) ? container.args : []).map(String),
      ports: list(container.ports).map((port) => ({
        name: typeof port.name === "string" ? port.name : undefined,
        containerPort: Number(port.containerPort),
      })),
      spec: container,
    }));
}

/** A Service port of the rendered Service, by name. */
export function servicePort(stack: Stack, name: string): Json | undefined {
  return list(record(stack.service?.spec)?.ports).find((port) => port.name === name);
}

/** The native sidecar the Service's `name` port lands on, or undefined when it lands on the app (or nowhere). */
export function sidecarBehind(stack: Stack, name = "grpc"): Sidecar | undefined {
  const target = servicePort(stack, name)?.targetPort;
  return sidecars(stack).find((sidecar) =>
    sidecar.ports.some((port) =>
      typeof target === "number" ? port.containerPort === target : port.name === target,
    ),
  );
}
