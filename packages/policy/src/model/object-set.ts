import type { RenderedDocument } from "@grpc-gke/manifest";
import type { IGCPBackendPolicy } from "@kubernetes-models/gke/networking.gke.io/v1/GCPBackendPolicy";
import { backendConfigAnnotation } from "./annotations.ts";
import { type Dial, dialsOf } from "./clients.ts";
import { type Gateway, isGkeGatewayClass, type Route, readGateway, readRoute } from "./gateway.ts";
import { type Ingress, readIngress } from "./ingress.ts";
import { NamespacedIndex } from "./namespaced-index.ts";
import { type NetworkPolicy, readNetworkPolicy, selectsWorkload } from "./network-policy.ts";
import { ingressClassControllers, isIngressNginx, type NginxBackend } from "./nginx.ts";
import { apiGroup, isKind, nameOf, namespaceOf, sameNamespace } from "./object.ts";
import { type PolicyRule, readPolicyRules } from "./rbac.ts";
import { asString, field, readAs } from "./read.ts";
import type { AttachedConfig, Frontend, RoutedPort } from "./routing.ts";
import { type BackendRef, findServicePort, readService, type Service, type ServicePort } from "./services.ts";
import { readWorkload, type Workload } from "./workloads.ts";

/** Groups values by a key (a string, or an object by identity), keeping their order. */
function groupBy<T, K>(values: readonly T[], keyOf: (value: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [value]);
    else group.push(value);
  }
  return groups;
}

const labelKey = (key: string, value: string): string => `${key}=${value}`;

/**
 * The whole rendered set, indexed once, with the references GKE follows between objects resolved. Lookups by
 * kind, name and selector go through maps built in the constructor (or on first use), so a rule that looks up
 * every Service's pods costs about the number of objects, not its square.
 */
export class ObjectSet {
  readonly documents: readonly RenderedDocument[];
  readonly services: readonly Service[];
  readonly workloads: readonly Workload[];
  readonly ingresses: readonly Ingress[];
  readonly gateways: readonly Gateway[];
  readonly routes: readonly Route[];
  readonly routedPorts: readonly RoutedPort[];
  /** The Ingresses ingress-nginx serves (see `isIngressNginx`). */
  readonly nginxIngresses: readonly Ingress[];
  /** The Service ports those Ingresses route to, one entry per Ingress backend that resolves. */
  readonly nginxBackends: readonly NginxBackend[];

  readonly #byKind: Map<string, RenderedDocument[]>;
  /** Objects by `<kind>\0<name>`, per namespace. */
  readonly #byKindAndName = new NamespacedIndex<RenderedDocument>(namespaceOf);
  /** Services by name, per namespace. */
  readonly #servicesByName = new NamespacedIndex<Service>((service) => service.namespace);
  /** Workloads by each `key=value` label of their pod template. */
  readonly #workloadsByLabel = new NamespacedIndex<Workload>((workload) => workload.namespace);
  readonly #selected = new Map<Service, readonly Workload[]>();
  #selecting: Map<Workload, Service[]> | undefined;
  readonly #routedByService: Map<Service, RoutedPort[]>;
  /** GKE Gateway policies by `<kind>\0<targetRef.name>` of the Services they target. */
  #policiesByTarget: NamespacedIndex<RenderedDocument> | undefined;
  /** The addresses workloads dial, by the Service name they name. */
  #dialsByServiceName: Map<string, Dial[]> | undefined;
  #policyRules: readonly PolicyRule[] | undefined;
  /** NetworkPolicies that isolate pods for ingress, read once on first use. */
  #ingressPolicies: readonly NetworkPolicy[] | undefined;

  constructor(documents: readonly RenderedDocument[]) {
    this.documents = documents;
    this.#byKind = groupBy(documents, (document) => document.object.kind);
    for (const document of documents) {
      this.#byKindAndName.add(`${document.object.kind}\0${nameOf(document)}`, document);
    }
    this.services = this.ofKind("Service", "").map(readService);
    for (const service of this.services) this.#servicesByName.add(service.name, service);
    this.workloads = documents.flatMap((document) => {
      const workload = readWorkload(document);
      return workload === undefined ? [] : [workload];
    });
    for (const workload of this.workloads) {
      for (const [key, value] of Object.entries(workload.podLabels)) {
        this.#workloadsByLabel.add(labelKey(key, value), workload);
      }
    }
    this.ingresses = this.ofKind("Ingress", "networking.k8s.io", "extensions").map(readIngress);
    const gkeClasses = new Set(
      this.ofKind("GatewayClass", "gateway.networking.k8s.io").filter(isGkeGatewayClass).map(nameOf),
    );
    this.gateways = this.ofKind("Gateway", "gateway.networking.k8s.io").map((document) =>
      readGateway(document, gkeClasses),
    );
    const gatewaysByName = groupBy(this.gateways, (gateway) => gateway.name);
    const gatewaysNamed = (name: string | undefined): readonly Gateway[] =>
      name === undefined ? [] : (gatewaysByName.get(name) ?? []);
    this.routes = documents
      .filter(
        (document) =>
          isKind(document, "HTTPRoute", "gateway.networking.k8s.io") ||
          isKind(document, "GRPCRoute", "gateway.networking.k8s.io"),
      )
      .map((document) => readRoute(document, gatewaysNamed));
    this.routedPorts = this.#resolveRoutedPorts();
    const controllers = ingressClassControllers(this.ofKind("IngressClass", "networking.k8s.io"));
    this.nginxIngresses = this.ingresses.filter((ingress) => isIngressNginx(ingress, controllers));
    this.nginxBackends = this.nginxIngresses.flatMap((ingress) =>
      ingress.backends.flatMap((ref) => {
        const service = this.service(ref.serviceName, ref.namespace ?? ingress.namespace);
        const port = service === undefined ? undefined : findServicePort(service, ref);
        return service === undefined || port === undefined ? [] : [{ ingress, ref, service, port }];
      }),
    );
    this.#routedByService = groupBy(this.routedPorts, (routed) => routed.service);
  }

  /** Objects of a kind, optionally limited to API groups (`""` is the core group), in document order. */
  ofKind(kind: string, ...groups: readonly string[]): readonly RenderedDocument[] {
    const all = this.#byKind.get(kind) ?? [];
    return groups.length === 0 ? all : all.filter((document) => groups.includes(apiGroup(document)));
  }

  /** The first object of a kind with a name, in a namespace (a missing namespace matches any). */
  find(
    kind: string,
    name: string,
    namespace: string | undefined,
    ...groups: readonly string[]
  ): RenderedDocument | undefined {
    return this.#byKindAndName.find(
      `${kind}\0${name}`,
      namespace,
      (document) => groups.length === 0 || groups.includes(apiGroup(document)),
    );
  }

  service(name: string, namespace: string | undefined): Service | undefined {
    return this.#servicesByName.find(name, namespace);
  }

  /** Workloads whose pod template carries every label of the Service selector. */
  selectedWorkloads(service: Service): readonly Workload[] {
    let selected = this.#selected.get(service);
    if (selected === undefined) {
      selected = this.#select(service);
      this.#selected.set(service, selected);
    }
    return selected;
  }

  #select(service: Service): readonly Workload[] {
    const selector = Object.entries(service.selector ?? {});
    if (selector.length === 0) return [];
    // Start from the smallest set of workloads in the Service's namespace carrying one of the selector's labels.
    let candidates: readonly Workload[] | undefined;
    for (const [key, value] of selector) {
      const carrying = this.#workloadsByLabel.get(labelKey(key, value), service.namespace);
      if (candidates === undefined || carrying.length < candidates.length) candidates = carrying;
    }
    return (candidates ?? []).filter(
      (workload) =>
        sameNamespace(workload.namespace, service.namespace) &&
        selector.every(([key, value]) => workload.podLabels[key] === value),
    );
  }

  /** Services whose selector matches the workload's pod template, in document order. */
  servicesSelecting(workload: Workload): readonly Service[] {
    if (this.#selecting === undefined) {
      this.#selecting = new Map();
      for (const service of this.services) {
        for (const selected of this.selectedWorkloads(service)) {
          const services = this.#selecting.get(selected);
          if (services === undefined) this.#selecting.set(selected, [service]);
          else services.push(service);
        }
      }
    }
    return this.#selecting.get(workload) ?? [];
  }

  routedPortsOf(service: Service): readonly RoutedPort[] {
    return this.#routedByService.get(service) ?? [];
  }

  /** The BackendConfig a Service port gets, by the `cloud.google.com/backend-config` annotation. */
  backendConfigFor(service: Service, port: ServicePort): AttachedConfig | undefined {
    const annotation = backendConfigAnnotation(service);
    if (annotation === undefined || !annotation.ok) return undefined;
    const byName = port.name === undefined ? undefined : annotation.ports[port.name];
    const byNumber = port.port === undefined ? undefined : annotation.ports[String(port.port)];
    const name = byName ?? byNumber ?? annotation.default;
    if (name === undefined) return undefined;
    return {
      annotation: annotation.key,
      name,
      document: this.find("BackendConfig", name, service.namespace, "cloud.google.com"),
    };
  }

  /** A GKE Gateway policy (`GCPBackendPolicy`, `HealthCheckPolicy`) whose targetRef is the Service. */
  policyFor(kind: "GCPBackendPolicy" | "HealthCheckPolicy", service: Service): RenderedDocument | undefined {
    if (this.#policiesByTarget === undefined) {
      const targeting = (["GCPBackendPolicy", "HealthCheckPolicy"] as const).flatMap((policyKind) =>
        this.ofKind(policyKind, "networking.gke.io").flatMap((document) => {
          // HealthCheckPolicy's targetRef has the same shape.
          const target = field(field(readAs<IGCPBackendPolicy>(document.object), "spec"), "targetRef");
          const name = asString(target?.name);
          return target === undefined ||
            (asString(target.kind) ?? "Service") !== "Service" ||
            name === undefined
            ? []
            : [{ key: `${policyKind}\0${name}`, document }];
        }),
      );
      this.#policiesByTarget = new NamespacedIndex<RenderedDocument>(namespaceOf);
      for (const { key, document } of targeting) this.#policiesByTarget.add(key, document);
    }
    return this.#policiesByTarget.find(`${kind}\0${service.name}`, service.namespace);
  }

  /**
   * The addresses the set's workloads are configured to dial that name this Service (by name, and namespace when
   * the address has one), on any of its ports; see clients.ts.
   */
  dialsTo(service: Service): readonly Dial[] {
    if (this.#dialsByServiceName === undefined) {
      const all = this.workloads.flatMap((workload) => dialsOf(this, workload));
      this.#dialsByServiceName = groupBy(all, (dial) => dial.serviceName);
    }
    return (this.#dialsByServiceName.get(service.name) ?? []).filter((dial) =>
      sameNamespace(dial.namespace, service.namespace),
    );
  }

  /**
   * The NetworkPolicies that isolate the workload's pods for ingress (policyTypes with Ingress, or none): once one
   * selects a pod, only what some selecting policy admits reaches it (networking/v1 NetworkPolicySpec).
   */
  ingressPoliciesOf(workload: Workload): readonly NetworkPolicy[] {
    this.#ingressPolicies ??= this.ofKind("NetworkPolicy", "networking.k8s.io")
      .map(readNetworkPolicy)
      .filter((policy) => policy.ingressIsolation);
    return this.#ingressPolicies.filter((policy) => selectsWorkload(policy, workload));
  }

  /** The rules of every Role and ClusterRole (rbac.authorization.k8s.io), in document order. */
  get policyRules(): readonly PolicyRule[] {
    this.#policyRules ??= this.documents
      .filter(
        (document) =>
          isKind(document, "Role", "rbac.authorization.k8s.io") ||
          isKind(document, "ClusterRole", "rbac.authorization.k8s.io"),
      )
      .flatMap(readPolicyRules);
    return this.#policyRules;
  }

  #resolveRoutedPorts(): RoutedPort[] {
    const routed: RoutedPort[] = [];
    /** Frontends already found for each Service port (port objects are unique to their Service). */
    const seen = new Map<ServicePort, Set<Frontend>>();
    const add = (frontend: Frontend, via: RenderedDocument, ref: BackendRef): void => {
      const service = this.service(ref.serviceName, ref.namespace ?? namespaceOf(via));
      if (service === undefined) return;
      const port = findServicePort(service, ref);
      if (port === undefined) return;
      const frontends = seen.get(port) ?? new Set<Frontend>();
      if (frontends.has(frontend)) return;
      seen.set(port, frontends.add(frontend));
      routed.push({ frontend, via, service, port });
    };
    for (const ingress of this.ingresses) {
      if (!ingress.gce) continue;
      for (const ref of ingress.backends) add("ingress", ingress.document, ref);
    }
    for (const route of this.routes) {
      if (route.kind !== "HTTPRoute" || !route.gateways.some((gateway) => gateway.gke)) continue;
      for (const ref of route.backends) add("gateway", route.document, ref);
    }
    return routed;
  }
}
