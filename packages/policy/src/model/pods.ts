import { FACTS } from "@grpc-gke/facts";
import { joinPath } from "@grpc-gke/manifest";
import type { IProbe } from "kubernetes-models/v1/Probe";
import { asArray, asNumber, asRecord, asString, at, field, readAs } from "./read.ts";
import { type Container, portNumber, type Workload } from "./workloads.ts";

export const PROBES = ["readinessProbe", "livenessProbe", "startupProbe"] as const;
export type ProbeField = (typeof PROBES)[number];

export interface Probe {
  readonly field: ProbeField;
  readonly handler: "httpGet" | "tcpSocket" | "grpc" | "exec" | "unknown";
  readonly port: unknown;
  readonly httpPath: string | undefined;
  readonly scheme: string | undefined;
  /** Path of the handler inside the workload, e.g. `spec.template.spec.containers[0].readinessProbe.httpGet`. */
  readonly path: string;
}

const HANDLERS = ["httpGet", "tcpSocket", "grpc", "exec"] as const;

export function probesOf(container: Container): Probe[] {
  return PROBES.flatMap((probeField): Probe[] => {
    const probe = readAs<IProbe>(container.spec[probeField]);
    if (probe === undefined) return [];
    for (const handler of HANDLERS) {
      // Every handler but exec has a port; httpGet also a path and scheme.
      const body = asRecord(probe[handler]);
      if (body === undefined) continue;
      return [
        {
          field: probeField,
          handler,
          port: body.port,
          httpPath: handler === "httpGet" ? (asString(body.path) ?? "/") : undefined,
          scheme: handler === "httpGet" ? (asString(body.scheme) ?? "HTTP") : undefined,
          path: joinPath(container.path, probeField, handler),
        },
      ];
    }
    return [
      {
        field: probeField,
        handler: "unknown",
        port: undefined,
        httpPath: undefined,
        scheme: undefined,
        path: joinPath(container.path, probeField),
      },
    ];
  });
}

/** The readinessProbe httpGet of any container in the pod that targets `port` (by number). */
export function readinessHttpGetOn(
  workload: Workload,
  port: number,
): { readonly container: Container; readonly probe: Probe } | undefined {
  for (const container of workload.containers) {
    for (const probe of probesOf(container)) {
      if (
        probe.field === "readinessProbe" &&
        probe.handler === "httpGet" &&
        portNumber(container, probe.port) === port
      )
        return { container, probe };
    }
  }
  return undefined;
}

const SLEEP_COMMAND = /\bsleep\s+(\d+(?:\.\d+)?)s?\b/;

/**
 * Seconds a container's preStop hook takes: `sleep.seconds`, or `sleep N` in an exec command; 0 for hooks whose
 * length cannot be read (httpGet, scripts); undefined when there is no preStop hook.
 */
export function preStopSeconds(container: Container): number | undefined {
  const preStop = field(field(container.spec, "lifecycle"), "preStop");
  if (preStop === undefined) return undefined;
  const sleep = asNumber(field(preStop, "sleep")?.seconds);
  if (sleep !== undefined) return sleep;
  const command = asArray(at(preStop, "exec", "command"))
    .map(String)
    .join(" ");
  const match = SLEEP_COMMAND.exec(command);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

export function terminationGracePeriod(workload: Workload): {
  readonly seconds: number;
  readonly explicit: boolean;
} {
  const seconds = asNumber(workload.podSpec.terminationGracePeriodSeconds);
  return seconds === undefined
    ? { seconds: FACTS.shutdown.defaultTerminationGracePeriodSec, explicit: false }
    : { seconds, explicit: true };
}
