import { describeObject } from "@grpc-gke/manifest";
import {
  asStringMap,
  at,
  type Dial,
  grpcPortEvidence,
  type ObjectSet,
  type Service,
  type ServicePort,
  type Workload,
} from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

/** The Service annotation that says its clients need no per-call balancing (a mesh balances, or one pod is enough). */
export const CLIENT_SIDE_BALANCING_ANNOTATION = "grpc-gke.dev/client-side-balancing";
/** Resolvers that watch the Service's endpoints themselves (kuberesolver; xDS from a control plane). */
const RESOLVING_SCHEMES = new Set(["kubernetes", "xds"]);
/** Sidecar injection that puts a per-request balancing proxy in the client pod. */
const MESH_INJECTION: readonly (readonly [string, string])[] = [
  ["sidecar.istio.io/inject", "true"],
  ["linkerd.io/inject", "enabled"],
];

/** The pod template's labels and annotations together. */
function podMetadata(workload: Workload): Readonly<Record<string, string>> {
  const metadataPath = [...workload.podSpecPath.slice(0, -1), "metadata"];
  const metadata = at(workload.document.object, ...metadataPath);
  return { ...asStringMap(at(metadata, "annotations")), ...workload.podLabels };
}

/** A `helm test` hook pod makes one call: how it balances does not matter. */
function isTestHook(workload: Workload): boolean {
  const hook = asStringMap(workload.document.object.metadata?.annotations)["helm.sh/hook"] ?? "";
  return hook.split(",").some((name) => ["test", "test-success", "test-failure"].includes(name.trim()));
}

function dialedPort(service: Service, dial: Dial): ServicePort | undefined {
  return service.ports.find((port) =>
    typeof dial.port === "number" ? port.port === dial.port : port.name === dial.port,
  );
}

/** A headless Service of the same pods that serves the same target port. */
function headlessTwin(set: ObjectSet, service: Service, port: ServicePort): Service | undefined {
  const selector = JSON.stringify(Object.entries(service.selector ?? {}).sort());
  return set.services.find(
    (candidate) =>
      candidate.headless &&
      candidate.namespace === service.namespace &&
      JSON.stringify(Object.entries(candidate.selector ?? {}).sort()) === selector &&
      candidate.ports.some((other) => other.targetPort === port.targetPort || other.port === port.port),
  );
}

export const inClusterClusterIpDial = defineRule(
  {
    id: "IN-CLUSTER-CLUSTERIP-DIAL",
    title: "In-cluster gRPC client that dials a Service's cluster IP, so all its calls go to one pod",
    why:
      "A ClusterIP Service balances connections: kube-proxy picks a pod when a connection opens. A gRPC client " +
      "keeps one HTTP/2 connection and sends every call over it, so all its calls go to one pod, pods added later " +
      "get none, and the client stays on a pod until the connection breaks. A headless Service (clusterIP: None) " +
      "makes DNS return every ready pod, so the client balances per call (round_robin); kuberesolver gets the same " +
      "pods from the API.",
    fix:
      "Dial a headless Service of the same pods (dns:///<name>.<namespace>.svc.cluster.local:<port> with the " +
      "round_robin policy) or resolve through the API (kubernetes:///<name>.<namespace>:<port name>); annotate the " +
      `Service ${CLIENT_SIDE_BALANCING_ANNOTATION}: "off" when a proxy balances per call (a service mesh) or one pod ` +
      "is enough.",
    link: "https://kubernetes.io/docs/concepts/services-networking/service/#headless-services",
    // Advisory: it works, one pod per client; whether that is enough depends on the clients' number and load.
    severity: "warning",
  },
  (set, reporter) => {
    for (const service of set.services) {
      if (service.headless || service.type === "ExternalName") continue;
      if (service.annotations[CLIENT_SIDE_BALANCING_ANNOTATION] === "off") continue;
      for (const dial of set.dialsTo(service)) {
        if (dial.scheme !== undefined && RESOLVING_SCHEMES.has(dial.scheme)) continue;
        if (isTestHook(dial.workload)) continue;
        const metadata = podMetadata(dial.workload);
        if (MESH_INJECTION.some(([key, value]) => metadata[key] === value)) continue;
        const port = dialedPort(service, dial);
        if (port === undefined) continue;
        const evidence = grpcPortEvidence(set, service, port);
        if (evidence === undefined) continue;
        const namespace = dial.namespace ?? service.namespace ?? "<namespace>";
        const twin = headlessTwin(set, service, port);
        const portName = port.name ?? String(port.port);
        const fix =
          twin === undefined
            ? `Add a headless Service (clusterIP: None, a named port) selecting the pods of ${describeObject(service.document.object)} and dial dns:///<it>.${namespace}.svc.cluster.local:${port.port} with the round_robin policy ({"loadBalancingConfig":[{"round_robin":{}}]}), or resolve with kuberesolver (kubernetes:///${service.name}.${namespace}:${portName}); or annotate ${service.name} with ${CLIENT_SIDE_BALANCING_ANNOTATION}: "off" if a proxy balances per call or one pod is enough.`
            : `Dial the headless Service ${twin.name} instead: dns:///${twin.name}.${namespace}.svc.cluster.local:${port.port} with the round_robin policy ({"loadBalancingConfig":[{"round_robin":{}}]}), or kubernetes:///${twin.name}.${namespace}:${portName} with kuberesolver.`;
        reporter.report(
          dial.workload.document,
          dial.path,
          `${describeObject(dial.workload.document.object)} dials ${describeObject(service.document.object)} port ${portName} (${port.port ?? "?"}; gRPC: ${evidence}) through its cluster IP (${dial.source}: ${dial.text}): kube-proxy picks a pod per connection and a gRPC client keeps one, so all of this client's calls go to one pod and pods added later get none.`,
          fix,
        );
      }
    }
  },
);
