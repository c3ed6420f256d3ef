/**
 * In-cluster clients: the Service addresses a workload's containers are configured to dial, read from their
 * environment (literal values and ConfigMap keys, see listeners.ts envOf), `command` and `args`. A gRPC target is
 * `host:port` or a gRPC name (`dns:///host:port`, `dns://resolver/host:port`, `kubernetes:///svc.ns:port`, ...,
 * https://github.com/grpc/grpc/blob/master/doc/naming.md); a host names a Service when it is `svc`, `svc.ns`,
 * `svc.ns.svc` or `svc.ns.svc.<cluster domain>`.
 */
import { joinPath } from "@grpc-gke/manifest";
import { envOf } from "./listeners.ts";
import type { ObjectSet } from "./object-set.ts";
import { asArray, asString } from "./read.ts";
import type { Workload } from "./workloads.ts";

/** One address a container dials, as written. */
export interface Dial {
  readonly workload: Workload;
  /** Where it is written: an env entry or a `command`/`args` item. */
  readonly path: string;
  /** Where it came from, for messages: `env GAME_ADDR` or `args[2]`. */
  readonly source: string;
  /** The target as written (`dns:///game.games.svc.cluster.local:5000`). */
  readonly text: string;
  /** The URI scheme, lower case (`dns`, `kubernetes`, `xds`, `http`), or undefined for a bare `host:port`. */
  readonly scheme: string | undefined;
  /** The Service name: the host's first label. */
  readonly serviceName: string;
  /** The namespace the host names, else the workload's own. */
  readonly namespace: string | undefined;
  /** The port, a number or (for resolvers that look ports up by name) a port name. */
  readonly port: number | string;
}

/** Separators around addresses in env values, flags and connection strings. */
const TOKEN_SEPARATORS = /[\s,;"'=()[\]{}<>|]+/;
/** `scheme://authority/endpoint` (gRPC names) or `scheme://host:port/path` (URLs). */
const URI = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(?:\/([^/?#]*))?/i;
/** Schemes whose authority is the address (URLs); for the others the address is the endpoint after the authority. */
const URL_SCHEMES = new Set(["http", "https", "grpc", "grpcs", "h2c", "tcp"]);
const LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const HOST_PORT = new RegExp(`^(${LABEL}(?:\\.${LABEL})*):([0-9]{1,5}|[a-z][-a-z0-9]*)$`);

/** The `host:port` a token targets, with its scheme; undefined when it is not an address. */
function parseTarget(
  token: string,
): { scheme: string | undefined; host: string; port: number | string } | undefined {
  let scheme: string | undefined;
  let target = token;
  const uri = URI.exec(token);
  if (uri !== null) {
    scheme = (uri[1] ?? "").toLowerCase();
    const authority = uri[2] ?? "";
    const endpoint = uri[3] ?? "";
    target = URL_SCHEMES.has(scheme) || endpoint === "" ? authority : endpoint;
  } else if (token.includes("/")) {
    target = token.slice(0, token.indexOf("/"));
  }
  const match = HOST_PORT.exec(target.toLowerCase());
  if (match === null) return undefined;
  const host = match[1] ?? "";
  const portText = match.at(-1) ?? "";
  return { scheme, host, port: /^\d+$/.test(portText) ? Number(portText) : portText };
}

/** The Service a host names: `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.<domain>`; undefined for other hosts. */
function serviceHost(host: string): { name: string; namespace: string | undefined } | undefined {
  const labels = host.split(".");
  const [name, namespace, svc] = labels;
  if (name === undefined || /^\d+$/.test(name)) return undefined;
  if (labels.length >= 3 && svc !== "svc") return undefined;
  return { name, namespace };
}

function dialsIn(workload: Workload, path: string, source: string, value: string): Dial[] {
  return value.split(TOKEN_SEPARATORS).flatMap((token) => {
    const target = token === "" ? undefined : parseTarget(token);
    const service = target === undefined ? undefined : serviceHost(target.host);
    if (target === undefined || service === undefined) return [];
    return [
      {
        workload,
        path,
        source,
        text: token,
        scheme: target.scheme,
        serviceName: service.name,
        namespace: service.namespace ?? workload.namespace,
        port: target.port,
      },
    ];
  });
}

/** Every Service-like address the long-running containers of a workload are configured to dial. */
export function dialsOf(set: ObjectSet, workload: Workload): Dial[] {
  const dials: Dial[] = [];
  for (const container of workload.containers) {
    for (const variable of envOf(set, workload, container)) {
      dials.push(...dialsIn(workload, variable.path, `env ${variable.name}`, variable.value));
    }
    for (const list of ["command", "args"] as const) {
      asArray(container.spec[list]).forEach((item, index) => {
        const text = asString(item);
        if (text === undefined) return;
        const path = joinPath(container.path, list, index);
        dials.push(...dialsIn(workload, path, `${list}[${index}]`, text));
      });
    }
  }
  return dials;
}
