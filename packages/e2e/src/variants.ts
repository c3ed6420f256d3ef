/**
 * The chart's variants (`ci/*-values.yaml`) and examples (`examples/*.values.yaml`), and how the e2e renders
 * them: with helm 4, the variant's values, then the e2e overlay — `app.preset: generic` (the reference server
 * stands in for the app), free ports, and timings of a second or two — then whatever a case adds.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CHART_DIR, KUBERNETES_VERSION } from "@grpc-gke/manifest";
import { BUILTIN_HEALTH_SERVICES } from "@grpc-gke/reference-server";
import { isValuesMap, render, type Values } from "@grpc-gke/render";
import { parse } from "yaml";
import { podPorts } from "./ports.ts";
import { askedHealthServices, readStack, type Stack } from "./stack.ts";

export interface Variant {
  /** `ci/defaults`, `examples/gunstars`. */
  readonly name: string;
  readonly file: string;
}

/** Every variant and example of the chart, in a stable order. */
export function listVariants(chart = CHART_DIR): Variant[] {
  const from = (folder: string, suffix: string): Variant[] =>
    readdirSync(join(chart, folder))
      .filter((file) => file.endsWith(suffix))
      .sort()
      .map((file) => ({
        name: `${folder}/${file.slice(0, -suffix.length)}`,
        file: join(chart, folder, file),
      }));
  return [...from("ci", "-values.yaml"), ...from("examples", ".values.yaml")];
}

export const RELEASE_NAME = "e2e";
export const NAMESPACE = "games";

export type { Values } from "@grpc-gke/render";

/**
 * Values files layered the way helm layers several `-f` files before coalescing them over the chart's values:
 * maps merge deeply, anything else (null included, so the chart's key is still deleted) replaces.
 */
export function mergeValues(...layers: readonly Values[]): Values {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      const current = merged[key];
      merged[key] = isValuesMap(current) && isValuesMap(value) ? mergeValues(current, value) : value;
    }
  }
  return merged;
}

/**
 * Timings of a second or two, so a whole shutdown takes seconds: the same sequence and arithmetic as the
 * chart's defaults (grace = preStop + max(appDrainSeconds, drainingTimeoutSec) + buffer), scaled down.
 * A variant that turns the preStop hook off (seconds 0) keeps it off.
 */
export function fastTimings(preStop: boolean): Values {
  const preStopSeconds = preStop ? 1 : 0;
  return {
    minReadySeconds: 0,
    terminationGracePeriodSeconds: preStopSeconds + 2 + 1,
    gracefulShutdown: { preStop: { seconds: preStopSeconds }, appDrainSeconds: 2, bufferSeconds: 1 },
    googleLoadBalancer: {
      connectionDraining: { drainingTimeoutSec: 2 },
      healthCheck: { checkIntervalSec: 1, timeoutSec: 1 },
    },
    probes: {
      startup: { periodSeconds: 1, timeoutSeconds: 1 },
      readiness: { periodSeconds: 1, timeoutSeconds: 1 },
      liveness: { periodSeconds: 1, timeoutSeconds: 1 },
    },
  };
}

/** The overlay that makes the reference server the app. */
export const GENERIC_PRESET: Values = { app: { preset: "generic" } };

function variantValues(variant: Variant): Values {
  const values: unknown = parse(readFileSync(variant.file, "utf8"));
  return typeof values === "object" && values !== null && !Array.isArray(values) ? (values as Values) : {};
}

/** True when the variant's own values turn the preStop hook off. */
export function variantDisablesPreStop(variant: Variant): boolean {
  const shutdown = variantValues(variant).gracefulShutdown as { preStop?: { seconds?: unknown } } | undefined;
  return shutdown?.preStop?.seconds === 0;
}

type EnvValue = { readonly name?: unknown; readonly value?: unknown; readonly [key: string]: unknown };

export interface RenderStackOptions {
  /** The variant's values file (none: the chart's defaults). */
  readonly variant?: Variant;
  /** Ports to render (default: two free ones). */
  readonly ports?: { readonly grpc: number; readonly health: number; readonly metrics?: number };
  /** Apply fastTimings (default true). */
  readonly fast?: boolean;
  /** Applied last. */
  readonly values?: Values;
}

async function renderOnce(variant: Variant | undefined, values: Values): Promise<Stack> {
  const { documents } = await render({
    chart: CHART_DIR,
    releaseName: RELEASE_NAME,
    namespace: NAMESPACE,
    valuesFiles: variant === undefined ? [] : [variant.file],
    values,
    helm: 4,
    kubeVersion: KUBERNETES_VERSION,
  });
  return readStack(documents);
}

/**
 * Renders a stack with helm 4 and reads it. Two values-level adjustments make a variant runnable here, each
 * noted in `renderNotes`: a variant that pins GRPC_PORT or HEALTH_PORT in `env` (replacing the preset's) gets
 * the chosen free port there too, as it had the port it chose; and when the rendered checks ask grpc.health.v1
 * for service names of the variant's own app, `env` gets GRPC_HEALTH_SERVICES with them, as a user of the
 * reference server would set it. Values the caller gives win over both.
 */
export async function renderStack(options: RenderStackOptions = {}): Promise<Stack> {
  const ports = options.ports ?? (await podPorts());
  const variant = options.variant;
  const preStop = variant === undefined ? true : !variantDisablesPreStop(variant);
  // A variant with a metrics port gets a free one too (its number is the variant's choice, like the others).
  const metricsPort =
    variant !== undefined &&
    (variantValues(variant).ports as { metrics?: unknown } | undefined)?.metrics != null &&
    ports.metrics !== undefined
      ? { metrics: ports.metrics }
      : {};
  const base = mergeValues(
    GENERIC_PRESET,
    { ports: { grpc: ports.grpc, health: ports.health, ...metricsPort } },
    options.fast === false ? {} : fastTimings(preStop),
  );
  const notes: string[] = [];
  const variantEnv = (
    variant === undefined ? [] : ((variantValues(variant).env as EnvValue[] | undefined) ?? [])
  ).map((entry) => {
    const pinned =
      entry.name === "GRPC_PORT" ? ports.grpc : entry.name === "HEALTH_PORT" ? ports.health : undefined;
    if (pinned === undefined || typeof entry.value !== "string") return entry;
    notes.push(
      `the variant pins env ${String(entry.name)}=${entry.value}; rendered with the port chosen for this test`,
    );
    return { ...entry, value: String(pinned) };
  });
  const callerSetsEnv = options.values !== undefined && "env" in options.values;
  const envOverlay = (extra: EnvValue[]): Values =>
    callerSetsEnv || (notes.length === 0 && extra.length === 0) ? {} : { env: [...variantEnv, ...extra] };

  let stack = await renderOnce(variant, mergeValues(base, envOverlay([]), options.values ?? {}));
  // Names the server already answers: its own, and any GRPC_HEALTH_SERVICES the chart rendered.
  const rendered = stack.container.env.find((entry) => entry.name === "GRPC_HEALTH_SERVICES")?.value ?? "";
  const answered = [...BUILTIN_HEALTH_SERVICES, ...rendered.split(",").map((name) => name.trim())];
  const unknown = askedHealthServices(stack).filter((name) => !answered.includes(name));
  if (unknown.length > 0 && !callerSetsEnv) {
    notes.push(
      `the rendered health checks ask grpc.health.v1 for ${unknown.join(", ")} (the app's services): env GRPC_HEALTH_SERVICES added so the reference server answers for them`,
    );
    stack = await renderOnce(
      variant,
      mergeValues(
        base,
        envOverlay([{ name: "GRPC_HEALTH_SERVICES", value: unknown.join(",") }]),
        options.values ?? {},
      ),
    );
  }
  return { ...stack, renderNotes: notes };
}
