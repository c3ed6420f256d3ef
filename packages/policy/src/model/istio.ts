/**
 * Istio (networking.istio.io) and the Cloud Endpoints ESP sidecar that often sits behind it: which Service ports a
 * VirtualService sends HTTP traffic to, the DestinationRule traffic policy each such port gets, the protocol Istio
 * reads from a Service port, and the ports an ESP v1 container listens on. The ISTIO-* rules read these. The index is
 * built once per ObjectSet (a WeakMap keyed by the set), from the set's own indexes (Services by name, workloads by
 * selector), so a rule costs about the number of routes, not a scan of the set per lookup.
 */
import { FACTS } from "@grpc-gke/facts";
import { joinPath, type RenderedDocument } from "@grpc-gke/manifest";
import type { IDestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import type { IVirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import { NamespacedIndex } from "./namespaced-index.ts";
import { namespaceOf } from "./object.ts";
import type { ObjectSet } from "./object-set.ts";
import { asArray, asNumber, asRecord, asString, at, entries, field, readAs } from "./read.ts";
import type { Service, ServicePort } from "./services.ts";
import type { Container, Workload } from "./workloads.ts";

type VirtualServiceSpec = NonNullable<IVirtualService["spec"]>;
type DestinationRuleSpec = NonNullable<IDestinationRule["spec"]>;

/**
 * The protocol Istio reads from a Service port, as istio/istio pkg/config/kube/conversion.go ConvertProtocol does:
 * `appProtocol` when set (it replaces the name; `kubernetes.io/h2c` is HTTP2, `kubernetes.io/ws` HTTP,
 * `kubernetes.io/wss` HTTPS), else the port name; a `grpc-web` prefix, else the part before the first `-`, parsed
 * without case (pkg/config/protocol/instance.go Parse); anything else is `UnsupportedProtocol`.
 */
export function istioProtocol(port: ServicePort): string {
  const fromAppProtocol = port.appProtocol !== undefined;
  let name = port.appProtocol ?? port.name ?? "";
  if (fromAppProtocol) {
    const standard: Readonly<Record<string, string>> = {
      "kubernetes.io/h2c": "HTTP2",
      "kubernetes.io/ws": "HTTP",
      "kubernetes.io/wss": "HTTPS",
    };
    const known = standard[name];
    if (known !== undefined) return known;
  }
  if (name.toLowerCase().startsWith("grpc-web")) return "GRPC-Web";
  const dash = name.indexOf("-");
  if (dash >= 0) name = name.slice(0, dash);
  const parsed: Readonly<Record<string, string>> = {
    tcp: "TCP",
    udp: "UDP",
    grpc: "GRPC",
    http: "HTTP",
    http_proxy: "HTTP_PROXY",
    http2: "HTTP2",
    https: "HTTPS",
    tls: "TLS",
    mongo: "Mongo",
    redis: "Redis",
    mysql: "MySQL",
  };
  return parsed[name.toLowerCase()] ?? "UnsupportedProtocol";
}

/** Whether Istio's proxies speak HTTP/2 to a port of that protocol (FACTS.istio.http2Protocols). */
export function isIstioHttp2(protocol: string): boolean {
  return (FACTS.istio.http2Protocols as readonly string[]).includes(protocol);
}

/** One destination of a VirtualService `http` route that resolves to a Service port of the set. */
export interface IstioRoute {
  readonly virtualService: RenderedDocument;
  /** Path of the route, e.g. `spec.http[0]`. */
  readonly routePath: string;
  /** Path of the destination, e.g. `spec.http[0].route[0].destination`. */
  readonly path: string;
  /** The route's `timeout` as written, undefined when it has none. */
  readonly timeout: string | undefined;
  /** The route's `match[].uri.prefix` values. */
  readonly prefixes: readonly string[];
  readonly service: Service;
  readonly port: ServicePort;
}

/** The traffic policy a DestinationRule gives one Service port (port-level settings over the rule's own). */
export interface IstioPortPolicy {
  readonly destinationRule: RenderedDocument;
  /** `tls.mode`, undefined when neither level sets TLS (Istio's auto mTLS then decides). */
  readonly tlsMode: string | undefined;
  /** Path of that `tls` block (or of the traffic policy when there is none). */
  readonly tlsPath: string;
  readonly h2UpgradePolicy: string | undefined;
  readonly useClientProtocol: boolean;
  /** Path of the `connectionPool.http` block that set the two above. */
  readonly httpPath: string;
}

interface RuleEntry {
  readonly namespace: string | undefined;
  readonly document: RenderedDocument;
}

interface IstioIndex {
  readonly routes: readonly IstioRoute[];
  readonly destinationRules: NamespacedIndex<RuleEntry>;
}

const cache = new WeakMap<ObjectSet, IstioIndex>();

/**
 * The Service a host of a VirtualService or DestinationRule names, as Istio resolves it: a short name (no dot) in the
 * object's namespace, or `<name>.<namespace>.svc.<cluster domain>` (istio/istio ResolveShortnameToFQDN: other dotted
 * names are taken as they are, and name no Service).
 */
export function hostService(
  host: string,
  objectNamespace: string | undefined,
): { readonly name: string; readonly namespace: string | undefined } | undefined {
  const parts = host.split(".");
  const [name, namespace, svc] = parts;
  if (name === undefined || name === "" || name === "*") return undefined;
  if (parts.length === 1) return { name, namespace: objectNamespace };
  if (parts.length >= 4 && svc === "svc" && namespace !== undefined) return { name, namespace };
  return undefined;
}

function buildIndex(set: ObjectSet): IstioIndex {
  const routes: IstioRoute[] = [];
  for (const document of set.ofKind("VirtualService", "networking.istio.io")) {
    const spec = field(readAs<IVirtualService>(document.object), "spec") as
      | ReturnType<typeof readAs<VirtualServiceSpec>>
      | undefined;
    entries(spec, "http").forEach((route, routeIndex) => {
      const routePath = joinPath("spec", "http", routeIndex);
      const prefixes = entries(route, "match").flatMap((match) => {
        const prefix = asString(at(match, "uri", "prefix"));
        return prefix === undefined ? [] : [prefix];
      });
      entries(route, "route").forEach((weighted, destinationIndex) => {
        const destination = field(weighted, "destination");
        const host = asString(destination?.host);
        const target = host === undefined ? undefined : hostService(host, namespaceOf(document));
        const service = target === undefined ? undefined : set.service(target.name, target.namespace);
        if (service === undefined) return;
        const number = asNumber(at(destination, "port", "number"));
        const port =
          number !== undefined
            ? service.ports.find((candidate) => candidate.port === number)
            : service.ports.length === 1
              ? service.ports[0]
              : undefined;
        if (port === undefined) return;
        routes.push({
          virtualService: document,
          routePath,
          path: joinPath(routePath, "route", destinationIndex, "destination"),
          timeout: asString(route?.timeout),
          prefixes,
          service,
          port,
        });
      });
    });
  }
  // DestinationRules by the Service their host names, in the namespace the host resolves to.
  const destinationRules = new NamespacedIndex<RuleEntry>((entry) => entry.namespace);
  for (const document of set.ofKind("DestinationRule", "networking.istio.io")) {
    const host = asString(at(document.object, "spec", "host"));
    const target = host === undefined ? undefined : hostService(host, namespaceOf(document));
    if (target !== undefined) destinationRules.add(target.name, { namespace: target.namespace, document });
  }
  return { routes, destinationRules };
}

function indexOf(set: ObjectSet): IstioIndex {
  let index = cache.get(set);
  if (index === undefined) {
    index = buildIndex(set);
    cache.set(set, index);
  }
  return index;
}

/** Every VirtualService http destination of the set that resolves to a Service port, in document order. */
export function istioRoutes(set: ObjectSet): readonly IstioRoute[] {
  return indexOf(set).routes;
}

/**
 * The traffic policy of the first DestinationRule (document order) whose host is the Service, for one of its ports:
 * the port's `portLevelSettings` entry replaces each of the rule's `connectionPool` and `tls` blocks it sets (istio/istio
 * pilot/pkg/networking/core selectTrafficPolicyComponents). Undefined when no rule names the Service.
 */
export function istioPortPolicy(
  set: ObjectSet,
  service: Service,
  port: ServicePort,
): IstioPortPolicy | undefined {
  const document = indexOf(set).destinationRules.find(service.name, service.namespace)?.document;
  if (document === undefined) return undefined;
  const spec = field(readAs<IDestinationRule>(document.object), "spec") as
    | ReturnType<typeof readAs<DestinationRuleSpec>>
    | undefined;
  const policy = field(spec, "trafficPolicy");
  const policyPath = joinPath("spec", "trafficPolicy");
  let portLevel: { readonly settings: Readonly<Record<string, unknown>>; readonly path: string } | undefined;
  asArray(policy?.portLevelSettings).forEach((entry, index) => {
    if (
      portLevel === undefined &&
      port.port !== undefined &&
      asNumber(at(entry, "port", "number")) === port.port
    )
      portLevel = { settings: asRecord(entry) ?? {}, path: joinPath(policyPath, "portLevelSettings", index) };
  });
  const pick = (key: "tls" | "connectionPool") => {
    const fromPort = asRecord(portLevel?.settings[key]);
    if (fromPort !== undefined && portLevel !== undefined)
      return { value: fromPort, path: joinPath(portLevel.path, key) };
    const fromRule = asRecord(policy?.[key]);
    return { value: fromRule, path: joinPath(policyPath, key) };
  };
  const tls = pick("tls");
  const pool = pick("connectionPool");
  const http = asRecord(pool.value?.http);
  return {
    destinationRule: document,
    tlsMode: asString(tls.value?.mode),
    tlsPath: tls.path,
    h2UpgradePolicy: asString(http?.h2UpgradePolicy),
    useClientProtocol: http?.useClientProtocol === true,
    httpPath: joinPath(pool.path, "http"),
  };
}

/** Seconds in an Istio duration (`30s`, `1h`, `1m30s`, `500ms`, `0s`); undefined when it cannot be read. */
export function durationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/.test(trimmed)) return undefined;
  const factor: Readonly<Record<string, number>> = {
    h: 3600,
    m: 60,
    s: 1,
    ms: 1e-3,
    us: 1e-6,
    µs: 1e-6,
    ns: 1e-9,
  };
  let seconds = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) {
    seconds += Number(match[1]) * (factor[match[2] ?? "s"] ?? 1);
  }
  return seconds;
}

/** Whether a pod template asks for Istio's sidecar (`sidecar.istio.io/inject: "true"`, as a label or annotation). */
export function injectsIstioSidecar(workload: Workload): boolean {
  const key = "sidecar.istio.io/inject";
  const template = at(workload.document.object, ...workload.podSpecPath.slice(0, -1));
  const labels = asRecord(at(template, "metadata", "labels"));
  const annotations = asRecord(at(template, "metadata", "annotations"));
  return asString(labels?.[key]) === "true" || asString(annotations?.[key]) === "true";
}

/** The ports an ESP v1 container listens on, read from its args (start_esp.py), with where each was set. */
export interface EspV1Ports {
  readonly container: Container;
  /** `http` (HTTP/1.x), `http2` (cleartext HTTP/2), `ssl`, `status`: the port and the path of the arg. */
  readonly ports: readonly {
    readonly kind: "http" | "http2" | "ssl" | "status";
    readonly port: number;
    readonly path: string;
  }[];
}

/** Whether an image is ESP v1: one of FACTS.esp.v1.images with a tag of major version 1 (`1`, `1.60`, `1.60.0`). */
export function isEspV1Image(image: string): boolean {
  const colon = image.lastIndexOf(":");
  const slash = image.lastIndexOf("/");
  if (colon <= slash) return false;
  const repository = image.slice(0, colon);
  const tag = image.slice(colon + 1);
  return (FACTS.esp.v1.images as readonly string[]).includes(repository) && /^1(\.|$)/.test(tag);
}

/**
 * ESP v1's ports from a container's args: `--http_port=N`, `--http_port N`, `-p N`, `-pN` (argparse), each kind of
 * FACTS.esp.v1.portFlags; with no HTTP, HTTP/2 or TLS port flag at all start_esp exposes the default HTTP/1.x port, and
 * the status port defaults to 8090 (start_esp.py make_ingress, DEFAULT_PORT, DEFAULT_STATUS_PORT).
 */
export function espV1Ports(container: Container): EspV1Ports | undefined {
  const image = asString(container.spec.image);
  if (image === undefined || !isEspV1Image(image)) return undefined;
  const args = asArray(container.spec.args).map((arg) => (typeof arg === "string" ? arg : String(arg)));
  const ports: { kind: "http" | "http2" | "ssl" | "status"; port: number; path: string }[] = [];
  const flags = FACTS.esp.v1.portFlags;
  const kinds = Object.keys(flags) as (keyof typeof flags)[];
  args.forEach((arg, index) => {
    for (const kind of kinds) {
      for (const flag of flags[kind] as readonly string[]) {
        let value: string | undefined;
        if (arg === flag) value = args[index + 1];
        else if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1);
        else if (flag.length === 2 && arg.startsWith(flag) && /^\d+$/.test(arg.slice(2)))
          value = arg.slice(2);
        const port = value === undefined ? undefined : asNumber(value);
        if (port !== undefined) ports.push({ kind, port, path: joinPath(container.path, "args", index) });
      }
    }
  });
  const path = joinPath(container.path, "image");
  if (!ports.some((entry) => entry.kind !== "status"))
    ports.push({ kind: "http", port: FACTS.esp.v1.defaultHttpPort, path });
  if (!ports.some((entry) => entry.kind === "status"))
    ports.push({ kind: "status", port: FACTS.esp.v1.defaultStatusPort, path });
  return { container, ports };
}
