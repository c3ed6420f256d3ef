/**
 * What a pod's own configuration says it listens on: environment variables (set directly, from ConfigMap keys,
 * from whole ConfigMaps), mounted ConfigMaps (an appsettings.json), probes and mounted certificates. The
 * GKE-HTTP2-TLS rule weighs this evidence.
 */
import { joinPath } from "@grpc-gke/manifest";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { ObjectSet } from "./object-set.ts";
import { probesOf } from "./pods.ts";
import {
  asArray,
  asNumber,
  asString,
  asStringMap,
  at,
  entries,
  field,
  readAs,
  type Unchecked,
} from "./read.ts";
import { type Container, portNumber, type Workload } from "./workloads.ts";

/** An environment variable as the container sees it, with where it was set. */
export interface EnvVar {
  readonly name: string;
  readonly value: string;
  readonly path: string;
}

/** `env` values, `configMapKeyRef`s and `envFrom` ConfigMaps, resolved against the set where possible. */
export function envOf(set: ObjectSet, workload: Workload, container: Container): EnvVar[] {
  const vars: EnvVar[] = [];
  entries(container.spec, "envFrom").forEach((entry, index) => {
    const name = asString(field(entry, "configMapRef")?.name);
    if (name === undefined) return;
    const prefix = asString(entry?.prefix) ?? "";
    const data = configMapData(set, name, workload.namespace);
    for (const [key, value] of Object.entries(data)) {
      vars.push({ name: `${prefix}${key}`, value, path: joinPath(container.path, "envFrom", index) });
    }
  });
  entries(container.spec, "env").forEach((entry, index) => {
    const name = asString(entry?.name);
    if (name === undefined) return;
    const path = joinPath(container.path, "env", index);
    const value = asString(entry?.value);
    if (value !== undefined) {
      vars.push({ name, value, path });
      return;
    }
    const ref = field(field(entry, "valueFrom"), "configMapKeyRef");
    const mapName = asString(ref?.name);
    const key = asString(ref?.key);
    if (mapName === undefined || key === undefined) return;
    const fromMap = configMapData(set, mapName, workload.namespace)[key];
    if (fromMap !== undefined) vars.push({ name, value: fromMap, path });
  });
  return vars;
}

function configMapData(
  set: ObjectSet,
  name: string,
  namespace: string | undefined,
): Readonly<Record<string, string>> {
  const document = set.find("ConfigMap", name, namespace, "");
  return document === undefined ? {} : asStringMap(readAs<IConfigMap>(document.object)?.data);
}

/** Volumes of the pod that the container mounts. */
function mountedVolumes(
  workload: Workload,
  container: Container,
): { readonly name: string; readonly volume: Unchecked<IVolume> }[] {
  const volumes = entries(workload.podSpec, "volumes");
  return entries(container.spec, "volumeMounts").flatMap((mount) => {
    const name = asString(mount?.name);
    const volume = volumes.find((candidate) => asString(candidate?.name) === name);
    return name === undefined || volume === undefined ? [] : [{ name, volume }];
  });
}

/** Names of Secrets (or CSI secret volumes) the container mounts: where a certificate would come from. */
export function mountedSecrets(workload: Workload, container: Container): string[] {
  return mountedVolumes(workload, container).flatMap(({ name, volume }) => {
    const direct = asString(field(volume, "secret")?.secretName);
    if (direct !== undefined) return [direct];
    const projected = asArray(at(volume, "projected", "sources"))
      .map((source) => asString(at(source, "secret", "name")))
      .filter((secret): secret is string => secret !== undefined);
    if (projected.length > 0) return projected;
    return field(volume, "csi") === undefined ? [] : [`csi volume ${name}`];
  });
}

/** Text of ConfigMaps mounted into the container (an appsettings.json, a server config). */
function mountedConfigText(
  set: ObjectSet,
  workload: Workload,
  container: Container,
): { readonly source: string; readonly text: string }[] {
  return mountedVolumes(workload, container).flatMap(({ volume }) => {
    const mapName = asString(field(volume, "configMap")?.name);
    if (mapName === undefined) return [];
    return Object.entries(configMapData(set, mapName, workload.namespace)).map(([key, text]) => ({
      source: `ConfigMap ${mapName} key ${key}`,
      text,
    }));
  });
}

const BIND_HOST = String.raw`(?:\+|\*|0\.0\.0\.0|\[::\]|localhost|127\.0\.0\.1)?`;
/** A listen URL with a wildcard or local host and an explicit port: `http://+:5000`, `https://0.0.0.0:443`. */
const BIND_URL = new RegExp(String.raw`\b(https?)://${BIND_HOST}:(\d+)\b`, "gi");
/** Any URL with an explicit port, for variables whose name says they configure listening. */
const ANY_URL = /\b(https?):\/\/(?:\[[^\]\s]*\]|[^\s;,/:]*):(\d+)\b/gi;
const LISTEN_VARIABLE = /(URLS?|LISTEN\w*|BIND\w*|ADDR\w*)$/i;
const PORTS_VARIABLE = /^(?:ASPNETCORE_|DOTNET_)?(HTTPS?)_PORTS$/i;

interface Listener {
  readonly scheme: "http" | "https";
  readonly port: number;
}

function listenersIn(text: string, anyHost: boolean): Listener[] {
  const pattern = anyHost ? ANY_URL : BIND_URL;
  return [...text.matchAll(pattern)].flatMap((match) => {
    const scheme = match[1]?.toLowerCase();
    const port = asNumber(match[2]);
    return (scheme === "http" || scheme === "https") && port !== undefined ? [{ scheme, port }] : [];
  });
}

/** What the pod's own configuration says about TLS on one container port. */
export interface TlsEvidence {
  /** Signs the port serves plaintext (first found), e.g. `env ASPNETCORE_URLS=http://+:5000`. */
  readonly plaintext: readonly { readonly reason: string; readonly path: string }[];
  /** Signs it serves TLS: an https:// listener, an HTTPS probe, a mounted Secret. */
  readonly tls: readonly string[];
  /**
   * The signs in `tls` that name this port itself (an https:// listener on it, an HTTPS probe of it), with where they
   * were set; a mounted Secret alone says nothing about which port serves TLS.
   */
  readonly portTls: readonly { readonly reason: string; readonly path: string }[];
}

export function tlsEvidence(
  set: ObjectSet,
  workload: Workload,
  containers: readonly Container[],
  port: number | undefined,
): TlsEvidence {
  const plaintext: { reason: string; path: string }[] = [];
  const tls: string[] = [];
  const portTls: { reason: string; path: string }[] = [];
  for (const container of containers) {
    if (port !== undefined) {
      for (const variable of envOf(set, workload, container)) {
        const portsVariable = PORTS_VARIABLE.exec(variable.name);
        const listeners: Listener[] = portsVariable
          ? variable.value.split(/[;,\s]+/).flatMap((entry) => {
              const number = asNumber(entry);
              return number === undefined
                ? []
                : [
                    {
                      scheme: portsVariable[1]?.toLowerCase() === "https" ? "https" : "http",
                      port: number,
                    } as const,
                  ];
            })
          : listenersIn(variable.value, LISTEN_VARIABLE.test(variable.name) || /__Url$/i.test(variable.name));
        for (const listener of listeners.filter((candidate) => candidate.port === port)) {
          const reason = `env ${variable.name}=${variable.value}`;
          if (listener.scheme === "http") plaintext.push({ reason, path: variable.path });
          else {
            tls.push(reason);
            portTls.push({ reason, path: variable.path });
          }
        }
      }
      for (const { source, text } of mountedConfigText(set, workload, container)) {
        for (const listener of listenersIn(text, false).filter((candidate) => candidate.port === port)) {
          const reason = `${source} listens on ${listener.scheme}://…:${port}`;
          if (listener.scheme === "http") plaintext.push({ reason, path: container.path });
          else {
            tls.push(reason);
            portTls.push({ reason, path: container.path });
          }
        }
      }
      for (const probe of probesOf(container)) {
        if (portNumber(container, probe.port) !== port) continue;
        if (probe.handler === "grpc")
          plaintext.push({
            reason: `its ${probe.field} is a kubelet gRPC probe, which has no TLS`,
            path: probe.path,
          });
        if (probe.handler === "httpGet") {
          if (probe.scheme === "HTTPS") {
            tls.push(`${probe.field} uses scheme HTTPS`);
            portTls.push({ reason: `its ${probe.field} httpGet uses scheme HTTPS`, path: probe.path });
          } else plaintext.push({ reason: `its ${probe.field} httpGet uses scheme HTTP`, path: probe.path });
        }
      }
    }
    for (const secret of mountedSecrets(workload, container)) tls.push(`mounts Secret ${secret}`);
  }
  return { plaintext, tls, portTls };
}
