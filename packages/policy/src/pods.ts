import { asArray, asNumber, asRecord, asString, asStringMap, at } from "./json.ts";
import { type Container, type ObjectSet, portNumber, type Workload } from "./objects.ts";

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

export function probesOf(container: Container): Probe[] {
  return PROBES.flatMap((field): Probe[] => {
    const probe = asRecord(container.spec[field]);
    if (probe === undefined) return [];
    for (const handler of ["httpGet", "tcpSocket", "grpc", "exec"] as const) {
      const body = asRecord(probe[handler]);
      if (body === undefined) continue;
      return [
        {
          field,
          handler,
          port: body.port,
          httpPath: handler === "httpGet" ? (asString(body.path) ?? "/") : undefined,
          scheme: handler === "httpGet" ? (asString(body.scheme) ?? "HTTP") : undefined,
          path: `${container.path}.${field}.${handler}`,
        },
      ];
    }
    return [
      {
        field,
        handler: "unknown",
        port: undefined,
        httpPath: undefined,
        scheme: undefined,
        path: `${container.path}.${field}`,
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
  const preStop = asRecord(at(container.spec, "lifecycle", "preStop"));
  if (preStop === undefined) return undefined;
  const sleep = asNumber(at(preStop, "sleep", "seconds"));
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
  return seconds === undefined ? { seconds: 30, explicit: false } : { seconds, explicit: true };
}

/** An environment variable as the container sees it, with where it was set. */
export interface EnvVar {
  readonly name: string;
  readonly value: string;
  readonly path: string;
}

/** `env` values, `configMapKeyRef`s and `envFrom` ConfigMaps, resolved against the set where possible. */
export function envOf(set: ObjectSet, workload: Workload, container: Container): EnvVar[] {
  const vars: EnvVar[] = [];
  asArray(container.spec.envFrom).forEach((entry, index) => {
    const name = asString(at(entry, "configMapRef", "name"));
    if (name === undefined) return;
    const prefix = asString(at(entry, "prefix")) ?? "";
    const data = configMapData(set, name, workload.namespace);
    for (const [key, value] of Object.entries(data)) {
      vars.push({ name: `${prefix}${key}`, value, path: `${container.path}.envFrom[${index}]` });
    }
  });
  asArray(container.spec.env).forEach((entry, index) => {
    const name = asString(at(entry, "name"));
    if (name === undefined) return;
    const path = `${container.path}.env[${index}]`;
    const value = asString(at(entry, "value"));
    if (value !== undefined) {
      vars.push({ name, value, path });
      return;
    }
    const mapName = asString(at(entry, "valueFrom", "configMapKeyRef", "name"));
    const key = asString(at(entry, "valueFrom", "configMapKeyRef", "key"));
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
  return document === undefined ? {} : asStringMap(document.object.data);
}

/** Volumes of the pod that the container mounts. */
function mountedVolumes(
  workload: Workload,
  container: Container,
): { readonly name: string; readonly volume: unknown }[] {
  const volumes = asArray(workload.podSpec.volumes);
  return asArray(container.spec.volumeMounts).flatMap((mount) => {
    const name = asString(at(mount, "name"));
    const volume = volumes.find((candidate) => asString(at(candidate, "name")) === name);
    return name === undefined || volume === undefined ? [] : [{ name, volume }];
  });
}

/** Names of Secrets (or CSI secret volumes) the container mounts: where a certificate would come from. */
export function mountedSecrets(workload: Workload, container: Container): string[] {
  return mountedVolumes(workload, container).flatMap(({ name, volume }) => {
    const direct = asString(at(volume, "secret", "secretName"));
    if (direct !== undefined) return [direct];
    const projected = asArray(at(volume, "projected", "sources"))
      .map((source) => asString(at(source, "secret", "name")))
      .filter((secret): secret is string => secret !== undefined);
    if (projected.length > 0) return projected;
    return asRecord(at(volume, "csi")) === undefined ? [] : [`csi volume ${name}`];
  });
}

/** Text of ConfigMaps mounted into the container (an appsettings.json, a server config). */
function mountedConfigText(
  set: ObjectSet,
  workload: Workload,
  container: Container,
): { readonly source: string; readonly text: string }[] {
  return mountedVolumes(workload, container).flatMap(({ volume }) => {
    const mapName = asString(at(volume, "configMap", "name"));
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
}

export function tlsEvidence(
  set: ObjectSet,
  workload: Workload,
  containers: readonly Container[],
  port: number | undefined,
): TlsEvidence {
  const plaintext: { reason: string; path: string }[] = [];
  const tls: string[] = [];
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
          else tls.push(reason);
        }
      }
      for (const { source, text } of mountedConfigText(set, workload, container)) {
        for (const listener of listenersIn(text, false).filter((candidate) => candidate.port === port)) {
          const reason = `${source} listens on ${listener.scheme}://…:${port}`;
          if (listener.scheme === "http") plaintext.push({ reason, path: container.path });
          else tls.push(reason);
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
          if (probe.scheme === "HTTPS") tls.push(`${probe.field} uses scheme HTTPS`);
          else plaintext.push({ reason: `its ${probe.field} httpGet uses scheme HTTP`, path: probe.path });
        }
      }
    }
    for (const secret of mountedSecrets(workload, container)) tls.push(`mounts Secret ${secret}`);
  }
  return { plaintext, tls };
}
