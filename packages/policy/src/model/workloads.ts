import { jsonPath, type RenderedDocument } from "@grpc-gke/manifest";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IPodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import { nameOf, namespaceOf } from "./object.ts";
import { asNumber, asString, asStringMap, at, entries, field, readAs, type Unchecked } from "./read.ts";

export interface ContainerPort {
  readonly name: string | undefined;
  readonly containerPort: number;
}

export interface Container {
  readonly name: string;
  /** Path of the container inside its workload object, e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
  /** Declared ports that have a number. */
  readonly ports: readonly ContainerPort[];
  readonly spec: Unchecked<IContainer>;
}

/** Anything that owns a pod template: Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, or a Pod. */
export interface Workload {
  readonly document: RenderedDocument;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podSpec: Unchecked<IPodSpec>;
  /** Path segments of the pod spec, e.g. ["spec", "template", "spec"]. */
  readonly podSpecPath: readonly string[];
  /** Long-running containers: `containers` and native sidecars (`initContainers` with restartPolicy Always). */
  readonly containers: readonly Container[];
}

/** Where each workload kind keeps its pod template ([] for a Pod, which is its own template). */
const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  ReplicationController: ["spec", "template"],
  Job: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"],
  Pod: [],
};

/** The workload an object is, or undefined when it has no pod template. */
export function readWorkload(document: RenderedDocument): Workload | undefined {
  const templatePath = POD_TEMPLATE_PATHS[document.object.kind];
  if (templatePath === undefined) return undefined;
  const template = readAs<IPodTemplateSpec>(
    templatePath.length === 0 ? document.object : at(document.object, ...templatePath),
  );
  const podSpec = field(template, "spec");
  if (podSpec === undefined) return undefined;
  const podSpecPath = [...templatePath, "spec"];
  const containers: Container[] = [];
  for (const list of ["containers", "initContainers"] as const) {
    entries(podSpec, list).forEach((spec, index) => {
      if (spec === undefined) return;
      if (list === "initContainers" && spec.restartPolicy !== "Always") return;
      containers.push({
        name: asString(spec.name) ?? `#${index}`,
        path: jsonPath(...podSpecPath, list, index),
        spec,
        ports: entries(spec, "ports").flatMap((port) => {
          const containerPort = asNumber(port?.containerPort);
          return containerPort === undefined ? [] : [{ name: asString(port?.name), containerPort }];
        }),
      });
    });
  }
  return {
    document,
    name: nameOf(document),
    namespace: namespaceOf(document),
    podLabels: asStringMap(field(template, "metadata")?.labels),
    podSpec,
    podSpecPath,
    containers,
  };
}

/** The container and container port a Service targetPort lands on, in one workload. */
export function resolveTargetPort(
  workload: Workload,
  targetPort: string | number | undefined,
): { readonly container: Container; readonly port: ContainerPort } | undefined {
  if (targetPort === undefined) return undefined;
  for (const container of workload.containers) {
    const port = container.ports.find((candidate) =>
      typeof targetPort === "number" ? candidate.containerPort === targetPort : candidate.name === targetPort,
    );
    if (port !== undefined) return { container, port };
  }
  return undefined;
}

/** A probe's or health check's port (name or number) as a number, via the container's declared ports. */
export function portNumber(container: Container, port: unknown): number | undefined {
  const number = asNumber(port);
  if (number !== undefined) return number;
  const name = asString(port);
  return container.ports.find((candidate) => candidate.name === name)?.containerPort;
}
