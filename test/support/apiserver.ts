/**
 * A stand-in for the Kubernetes API server, small enough to read in one sitting, that lets the real helm 3 and helm 4
 * binaries run `helm install` and `helm upgrade` against it: what `helm template` cannot show, such as `lookup` finding
 * the Secret a previous release created. It holds objects in memory and serves only what helm calls:
 *
 * - discovery: `GET /version`, `/api`, `/apis`, `/api/v1`, `/apis/<group>/<version>` (the legacy documents: client-go
 *   asks for the aggregated ones first and falls back when the answer is plain `application/json`);
 * - the resources of {@link RESOURCES}: `GET` (one object, or a list filtered by `labelSelector`), `POST`, `PUT`,
 *   `PATCH` (JSON merge patch, strategic merge patch with name-keyed lists, server-side apply) and `DELETE`, honouring
 *   `dryRun=All`; release records are Secrets like any other (helm's default `secret` storage driver).
 *
 * Anything else answers 404 and is recorded in {@link ApiServerStandIn.unhandled}, so a test can say what a new helm
 * asked for. It listens on 127.0.0.1 only, on a port the OS picks, and closes itself after `lifetimeMs`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { parse } from "yaml";

/** A kind the stand-in serves: its group, version, plural resource name and whether it lives in a namespace. */
export interface ResourceKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly resource: string;
  readonly namespaced: boolean;
}

const kind = (group: string, version: string, name: string, resource: string, namespaced = true) => ({
  group,
  version,
  kind: name,
  resource,
  namespaced,
});

/** Every kind the chart renders (and the Namespace), enough for helm to map each rendered object to a URL. */
export const RESOURCES: readonly ResourceKind[] = [
  kind("", "v1", "Namespace", "namespaces", false),
  kind("", "v1", "Secret", "secrets"),
  kind("", "v1", "ConfigMap", "configmaps"),
  kind("", "v1", "Service", "services"),
  kind("", "v1", "ServiceAccount", "serviceaccounts"),
  kind("", "v1", "Pod", "pods"),
  kind("apps", "v1", "Deployment", "deployments"),
  kind("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets"),
  kind("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers"),
  kind("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies"),
  kind("networking.k8s.io", "v1", "Ingress", "ingresses"),
  kind("rbac.authorization.k8s.io", "v1", "Role", "roles"),
  kind("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings"),
  kind("cloud.google.com", "v1", "BackendConfig", "backendconfigs"),
  kind("networking.gke.io", "v1beta1", "FrontendConfig", "frontendconfigs"),
  kind("networking.gke.io", "v1", "ManagedCertificate", "managedcertificates"),
  kind("networking.gke.io", "v1", "GCPBackendPolicy", "gcpbackendpolicies"),
  kind("networking.gke.io", "v1", "HealthCheckPolicy", "healthcheckpolicies"),
  kind("networking.gke.io", "v1", "GCPGatewayPolicy", "gcpgatewaypolicies"),
  kind("gateway.networking.k8s.io", "v1", "Gateway", "gateways"),
  kind("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"),
  kind("cert-manager.io", "v1", "Issuer", "issuers"),
  kind("cert-manager.io", "v1", "ClusterIssuer", "clusterissuers", false),
  kind("cert-manager.io", "v1", "Certificate", "certificates"),
];

/** What the stand-in saw: every request, by method and path (query included). */
export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly status: number;
}

/** A stored object, as JSON. */
export type StoredObject = Record<string, unknown> & {
  metadata: Record<string, unknown> & { name: string; namespace?: string };
};

export interface ApiServerStandIn {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly requests: readonly RequestRecord[];
  /** Requests no handler served (answered 404). */
  readonly unhandled: readonly RequestRecord[];
  /** The stored object of that kind, namespace and name, or undefined. */
  get(kind: string, namespace: string | undefined, name: string): StoredObject | undefined;
  /** Every stored object of that kind, in creation order. */
  list(kind: string): StoredObject[];
  /** Deletes an object, as `kubectl delete` would; true when it existed. */
  remove(kind: string, namespace: string | undefined, name: string): boolean;
  /** Writes a kubeconfig for this server (current context, namespace `namespace`) into `dir` and returns its path. */
  writeKubeconfig(dir: string, namespace: string): string;
  close(): Promise<void>;
}

export interface ApiServerOptions {
  /** `gitVersion` served at `/version`, e.g. `v1.34.0`. */
  readonly kubernetesVersion: string;
  /** The server closes itself after this long (default one minute), whatever the test does. */
  readonly lifetimeMs?: number;
}

/** `api/v1` or `apis/<group>/<version>`: where a kind's URLs start. */
const apiPath = (r: ResourceKind) => (r.group === "" ? `api/${r.version}` : `apis/${r.group}/${r.version}`);

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const clone = <T>(value: T): T => structuredClone(value);

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return clone(patch);
  const result: Record<string, unknown> = isMap(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/**
 * Kubernetes' strategic merge patch, as far as helm's patches of the chart's kinds need it: directive keys
 * (`$setElementOrder/...`, `$retainKeys`, `$patch`) are dropped, and lists of maps with a `name` (containers, ports,
 * env, volumes) merge element by element on it; any other list is replaced.
 */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) {
    const keyed = patch.every((item) => isMap(item) && typeof item.name === "string");
    if (!keyed || !Array.isArray(target))
      return clone(patch.filter((item) => !(isMap(item) && "$patch" in item)));
    const result = target.map((item) => clone(item) as Record<string, unknown>);
    for (const item of patch as Record<string, unknown>[]) {
      const at = result.findIndex((existing) => existing.name === item.name);
      if (item.$patch === "delete") {
        if (at !== -1) result.splice(at, 1);
      } else if (at === -1) result.push(strategicMergePatch(undefined, item) as Record<string, unknown>);
      else result[at] = strategicMergePatch(result[at], item) as Record<string, unknown>;
    }
    return result;
  }
  if (!isMap(patch)) return clone(patch);
  if (patch.$patch === "replace") return strategicMergePatch(undefined, { ...patch, $patch: undefined });
  const result: Record<string, unknown> = isMap(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith("$")) continue;
    if (value === null) delete result[key];
    else result[key] = strategicMergePatch(result[key], value);
  }
  return result;
}

/** A protobuf reader: varints, and the length-delimited fields Kubernetes' protobuf messages are made of. */
function protobufFields(bytes: Uint8Array): { field: number; wire: number; value: bigint | Uint8Array }[] {
  const fields: { field: number; wire: number; value: bigint | Uint8Array }[] = [];
  let at = 0;
  const varint = () => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[at++];
      if (byte === undefined) throw new Error("truncated protobuf varint");
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (at < bytes.length) {
    const tag = varint();
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (wire === 0) fields.push({ field, wire, value: varint() });
    else if (wire === 2) {
      const length = Number(varint());
      fields.push({ field, wire, value: bytes.subarray(at, at + length) });
      at += length;
    } else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return fields;
}

const utf8 = (value: bigint | Uint8Array) =>
  typeof value === "bigint" ? String(value) : Buffer.from(value).toString("utf8");

/** A protobuf `map<string, string>` or `map<string, bytes>` entry: key 1, value 2. */
function mapEntry(value: bigint | Uint8Array): [string, Uint8Array] {
  const entry = protobufFields(value as Uint8Array);
  const key = entry.find((item) => item.field === 1)?.value ?? new Uint8Array();
  const content = entry.find((item) => item.field === 2)?.value ?? new Uint8Array();
  return [utf8(key), content as Uint8Array];
}

/**
 * A core/v1 Secret sent as `application/vnd.kubernetes.protobuf`, as helm's release storage sends it (client-go's
 * typed clients prefer protobuf for built-in kinds): the `k8s\0` envelope around a runtime.Unknown whose `raw` (field 2)
 * is the Secret (k8s.io/api core/v1 generated.proto: Secret metadata 1, data 2, type 3, stringData 4, immutable 5;
 * ObjectMeta name 1, generateName 2, namespace 3, labels 11, annotations 12). Fields the stand-in does not need are
 * skipped.
 */
export function decodeProtobufSecret(body: Uint8Array): StoredObject {
  const magic = [0x6b, 0x38, 0x73, 0x00];
  if (!magic.every((byte, index) => body[index] === byte))
    throw new Error("not a Kubernetes protobuf envelope");
  const raw = protobufFields(body.subarray(4)).find((item) => item.field === 2)?.value;
  if (!(raw instanceof Uint8Array)) throw new Error("protobuf envelope without raw");
  const metadata: StoredObject["metadata"] = { name: "" };
  const secret: StoredObject = { apiVersion: "v1", kind: "Secret", metadata };
  for (const { field, value } of protobufFields(raw)) {
    if (field === 1) {
      for (const meta of protobufFields(value as Uint8Array)) {
        if (meta.field === 1) metadata.name = utf8(meta.value);
        else if (meta.field === 2) metadata.generateName = utf8(meta.value);
        else if (meta.field === 3) metadata.namespace = utf8(meta.value);
        else if (meta.field === 11 || meta.field === 12) {
          const key = meta.field === 11 ? "labels" : "annotations";
          const map = (metadata[key] as Record<string, string> | undefined) ?? {};
          const [name, content] = mapEntry(meta.value);
          map[name] = utf8(content);
          metadata[key] = map;
        }
      }
    } else if (field === 2 || field === 4) {
      const key = field === 2 ? "data" : "stringData";
      const map = (secret[key] as Record<string, string> | undefined) ?? {};
      const [name, content] = mapEntry(value);
      map[name] = field === 2 ? Buffer.from(content).toString("base64") : utf8(content);
      secret[key] = map;
    } else if (field === 3) secret.type = utf8(value);
    else if (field === 5) secret.immutable = value === 1n;
  }
  return secret;
}

/** The parsed parts of a resource URL. */
interface Route {
  readonly kind: ResourceKind;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
}

function route(pathname: string): Route | undefined {
  const parts = pathname.split("/").filter((part) => part !== "");
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === "api") [group, version, rest] = ["", parts[1] ?? "", parts.slice(2)];
  else if (parts[0] === "apis") [group, version, rest] = [parts[1] ?? "", parts[2] ?? "", parts.slice(3)];
  else return undefined;
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, ...more] = rest;
  if (more.length > 0) return undefined;
  const found = RESOURCES.find(
    (candidate) =>
      candidate.group === group && candidate.version === version && candidate.resource === resource,
  );
  return found === undefined ? undefined : { kind: found, namespace, name };
}

/** `a=b,c!=d,e` (equality, inequality, existence): what helm's storage and `kubectl get -l` send. */
function matchesSelector(labels: Record<string, unknown>, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const notEqual = /^([^!=]+)!=(.*)$/.exec(term);
    if (notEqual) return labels[notEqual[1] ?? ""] !== notEqual[2];
    const equal = /^([^=]+)==?(.*)$/.exec(term);
    if (equal) return labels[equal[1] ?? ""] === equal[2];
    return term in labels;
  });
}

const status = (code: number, reason: string, message: string, details?: Record<string, unknown>) => ({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: code < 400 ? "Success" : "Failure",
  message,
  reason,
  code,
  ...(details === undefined ? {} : { details }),
});

export async function startApiServer(options: ApiServerOptions): Promise<ApiServerStandIn> {
  const store = new Map<string, StoredObject>();
  const requests: RequestRecord[] = [];
  const unhandled: RequestRecord[] = [];
  let resourceVersion = 1000;
  let uid = 0;
  const keyOf = (kind: ResourceKind, namespace: string | undefined, name: string) =>
    `${kind.group}/${kind.resource}/${kind.namespaced ? (namespace ?? "") : ""}/${name}`;
  const kindByName = (name: string) => {
    const found = RESOURCES.find((candidate) => candidate.kind === name);
    if (found === undefined) throw new Error(`the stand-in serves no kind ${name}`);
    return found;
  };
  const [major = "1", minor = "0"] = options.kubernetesVersion.replace(/^v/, "").split(".");

  const discovery = (pathname: string): unknown => {
    if (pathname === "/version")
      return { major, minor, gitVersion: options.kubernetesVersion, platform: "linux/amd64" };
    if (pathname === "/api")
      return {
        kind: "APIVersions",
        versions: ["v1"],
        serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }],
      };
    const groupVersions = [
      ...new Set(RESOURCES.filter((r) => r.group !== "").map((r) => `${r.group}/${r.version}`)),
    ];
    if (pathname === "/apis")
      return {
        kind: "APIGroupList",
        apiVersion: "v1",
        groups: [...new Set(groupVersions.map((gv) => gv.split("/")[0]))].map((group) => {
          const versions = groupVersions
            .filter((gv) => gv.startsWith(`${group}/`))
            .map((gv) => ({ groupVersion: gv, version: gv.split("/")[1] }));
          return { name: group, versions, preferredVersion: versions[0] };
        }),
      };
    // OpenAPI v3, only as far as kubectl's field-validation check reads it (k8s.io/cli-runtime pkg/resource
    // query_param_verifier_v3.go): each group-version's PATCH operations, tagged with their kind, take the
    // `fieldValidation` query parameter, so helm leaves validation to the server (which the stand-in skips) instead of
    // downloading the OpenAPI v2 schema.
    if (pathname === "/openapi/v3")
      return {
        paths: Object.fromEntries(
          [...new Set(RESOURCES.map(apiPath))].map((path) => [
            path,
            { serverRelativeURL: `/openapi/v3/${path}?hash=0` },
          ]),
        ),
      };
    const openapi = /^\/openapi\/v3\/(.+)$/.exec(pathname);
    if (openapi !== null) {
      const resources = RESOURCES.filter((r) => apiPath(r) === openapi[1]);
      if (resources.length === 0) return undefined;
      return {
        openapi: "3.0.0",
        info: { title: "stand-in", version: options.kubernetesVersion },
        paths: Object.fromEntries(
          resources.map((r) => [
            `/${apiPath(r)}${r.namespaced ? "/namespaces/{namespace}" : ""}/${r.resource}/{name}`,
            {
              patch: {
                "x-kubernetes-group-version-kind": { group: r.group, version: r.version, kind: r.kind },
                parameters: [{ name: "fieldValidation", in: "query", schema: { type: "string" } }],
                responses: {},
              },
            },
          ]),
        ),
      };
    }
    const match = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(pathname);
    if (match === null) return undefined;
    const [group, version] = match[1] ? ["", match[1]] : [match[2] ?? "", match[3] ?? ""];
    const resources = RESOURCES.filter((r) => r.group === group && r.version === version);
    if (resources.length === 0) return undefined;
    return {
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: group === "" ? version : `${group}/${version}`,
      resources: resources.map((r) => ({
        name: r.resource,
        singularName: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
      })),
    };
  };

  const stamp = (object: StoredObject, existing: StoredObject | undefined, route: Route): StoredObject => {
    const metadata = object.metadata;
    const namespace = route.kind.namespaced ? (route.namespace ?? metadata.namespace) : undefined;
    if (namespace === undefined) delete metadata.namespace;
    else metadata.namespace = namespace;
    metadata.uid = existing?.metadata.uid ?? `00000000-0000-0000-0000-${String(++uid).padStart(12, "0")}`;
    metadata.creationTimestamp =
      existing?.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, "Z");
    metadata.resourceVersion = String(++resourceVersion);
    object.apiVersion =
      route.kind.group === "" ? route.kind.version : `${route.kind.group}/${route.kind.version}`;
    object.kind = route.kind.kind;
    // The API server turns a Secret's stringData into data.
    if (route.kind.kind === "Secret" && isMap(object.stringData)) {
      const data = isMap(object.data) ? object.data : {};
      for (const [key, value] of Object.entries(object.stringData))
        data[key] = Buffer.from(String(value)).toString("base64");
      object.data = data;
      delete object.stringData;
    }
    return object;
  };

  /** The request's object: JSON, or a protobuf Secret (helm's release records). */
  const objectOf = (request: IncomingMessage, body: Buffer): StoredObject => {
    const type = (request.headers["content-type"] ?? "").split(";")[0];
    if (type === "application/vnd.kubernetes.protobuf") return decodeProtobufSecret(body);
    return JSON.parse(body.toString("utf8")) as StoredObject;
  };

  const handle = (request: IncomingMessage, raw: Buffer, response: ServerResponse): number => {
    const body = raw.toString("utf8");
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const send = (code: number, payload: unknown) => {
      response.writeHead(code, { "content-type": "application/json" });
      response.end(JSON.stringify(payload));
      return code;
    };
    const found = discovery(url.pathname);
    if (request.method === "GET" && found !== undefined) return send(200, found);
    const target = route(url.pathname);
    if (target === undefined) return -1;
    const dryRun = url.searchParams.getAll("dryRun").includes("All");
    const { kind, namespace, name } = target;
    const notFound = () =>
      send(
        404,
        status(404, "NotFound", `${kind.resource} "${name}" not found`, { name, kind: kind.resource }),
      );
    if (name === undefined) {
      if (request.method === "GET") {
        // A namespaced kind listed without a namespace: every namespace's objects.
        const prefix = `${kind.group}/${kind.resource}/${kind.namespaced && namespace !== undefined ? `${namespace}/` : ""}`;
        const selector = url.searchParams.get("labelSelector");
        const items = [...store.entries()]
          .filter(([key]) => key.startsWith(prefix))
          .map(([, object]) => object)
          .filter((object) =>
            matchesSelector((object.metadata.labels as Record<string, unknown>) ?? {}, selector),
          );
        return send(200, {
          kind: `${kind.kind}List`,
          apiVersion: kind.group === "" ? kind.version : `${kind.group}/${kind.version}`,
          metadata: { resourceVersion: String(resourceVersion) },
          items,
        });
      }
      if (request.method === "POST") {
        const object = objectOf(request, raw);
        const key = keyOf(kind, namespace, object.metadata.name);
        if (store.has(key))
          return send(
            409,
            status(409, "AlreadyExists", `${kind.resource} "${object.metadata.name}" already exists`),
          );
        const created = stamp(object, undefined, target);
        if (!dryRun) store.set(key, created);
        return send(201, created);
      }
      return -1;
    }
    const key = keyOf(kind, namespace, name);
    const existing = store.get(key);
    switch (request.method) {
      case "GET":
        return existing === undefined ? notFound() : send(200, existing);
      case "PUT": {
        if (existing === undefined) return notFound();
        const replaced = stamp(objectOf(request, raw), existing, target);
        if (!dryRun) store.set(key, replaced);
        return send(200, replaced);
      }
      case "PATCH": {
        const type = (request.headers["content-type"] ?? "").split(";")[0];
        let patched: unknown;
        if (type === "application/apply-patch+yaml") {
          // Server-side apply: the body is the whole object the manager wants; the stand-in keeps no managed fields.
          const applied = parse(body) as StoredObject;
          patched =
            existing === undefined
              ? applied
              : { ...existing, ...applied, metadata: { ...existing.metadata, ...applied.metadata } };
        } else if (existing === undefined) return notFound();
        else if (type === "application/merge-patch+json") patched = mergePatch(existing, JSON.parse(body));
        else if (type === "application/strategic-merge-patch+json")
          patched = strategicMergePatch(existing, JSON.parse(body));
        else return -1; // JSON patch (RFC 6902): helm does not send it.
        const stored = stamp(patched as StoredObject, existing, target);
        if (!dryRun) store.set(key, stored);
        return send(existing === undefined ? 201 : 200, stored);
      }
      case "DELETE": {
        if (existing === undefined) return notFound();
        if (!dryRun) store.delete(key);
        return send(200, status(200, "", "", { name, kind: kind.resource }));
      }
      default:
        return -1;
    }
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      let code: number;
      try {
        code = handle(request, Buffer.concat(chunks), response);
      } catch (error) {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify(status(500, "InternalError", String(error))));
        code = 500;
      }
      const record: RequestRecord = {
        method: request.method ?? "",
        path: request.url ?? "",
        contentType: request.headers["content-type"],
        status: code === -1 ? 404 : code,
      };
      if (code === -1) {
        unhandled.push(record);
        response.writeHead(404, { "content-type": "application/json" });
        response.end(
          JSON.stringify(
            status(404, "NotFound", `the stand-in does not serve ${record.method} ${record.path}`),
          ),
        );
      }
      requests.push(record);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const lifetime = setTimeout(() => server.close(), options.lifetimeMs ?? 60_000);
  lifetime.unref();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    unhandled,
    get: (name, namespace, objectName) => store.get(keyOf(kindByName(name), namespace, objectName)),
    remove: (name, namespace, objectName) => store.delete(keyOf(kindByName(name), namespace, objectName)),
    list: (name) => {
      const wanted = kindByName(name);
      return [...store.values()].filter((object) => object.kind === wanted.kind);
    },
    writeKubeconfig: (dir, namespace) => {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, "kubeconfig");
      const config = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "stand-in", cluster: { server: url } }],
        users: [{ name: "stand-in", user: { token: "stand-in" } }],
        contexts: [{ name: "stand-in", context: { cluster: "stand-in", user: "stand-in", namespace } }],
        "current-context": "stand-in",
      };
      writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
      return file;
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(lifetime);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
