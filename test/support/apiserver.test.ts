/**
 * The API server stand-in (apiserver.ts) itself: it answers what helm asks the way the API server does, or the
 * upgrade tests would prove nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiServerStandIn,
  decodeProtobufSecret,
  mergePatch,
  startApiServer,
  strategicMergePatch,
} from "./apiserver.ts";

/** A protobuf field: tag, then a varint or the length-delimited bytes. */
function field(number: number, value: Uint8Array | string): number[] {
  const bytes = typeof value === "string" ? [...Buffer.from(value)] : [...value];
  const varint = (n: number) => {
    const out: number[] = [];
    let rest = n;
    while (rest > 0x7f) {
      out.push((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    out.push(rest);
    return out;
  };
  return [...varint((number << 3) | 2), ...varint(bytes.length), ...bytes];
}
const message = (...fields: number[][]) => Uint8Array.from(fields.flat());

describe("the API server stand-in", () => {
  let server: ApiServerStandIn;
  const call = async (method: string, path: string, body?: unknown, contentType = "application/json") => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { "content-type": contentType },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  beforeAll(async () => {
    server = await startApiServer({ kubernetesVersion: "v1.34.0", lifetimeMs: 30_000 });
  });
  afterAll(() => server.close());

  it("should listen on the loopback address only", () => {
    expect(new URL(server.url).hostname).toBe("127.0.0.1");
  });

  it("should serve the legacy discovery documents client-go falls back to, with every kind the chart renders", async () => {
    expect((await call("GET", "/version")).body).toMatchObject({
      major: "1",
      minor: "34",
      gitVersion: "v1.34.0",
    });
    expect((await call("GET", "/api")).body).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const groups = (await call("GET", "/apis")).body.groups as { name: string }[];
    expect(groups.map((group) => group.name)).toEqual(
      expect.arrayContaining(["apps", "networking.k8s.io", "cloud.google.com", "gateway.networking.k8s.io"]),
    );
    const apps = (await call("GET", "/apis/apps/v1")).body.resources as { name: string; kind: string }[];
    expect(apps).toContainEqual(expect.objectContaining({ name: "deployments", kind: "Deployment" }));
  });

  it("should create, read, list by label, merge-patch and delete an object, and refuse a second create", async () => {
    const path = "/api/v1/namespaces/games/configmaps";
    const object = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "a", labels: { owner: "helm" } },
      data: { k: "1" },
    };
    expect((await call("POST", path, object)).status).toBe(201);
    expect((await call("POST", path, object)).status).toBe(409);
    expect((await call("GET", `${path}/a`)).body).toMatchObject({
      data: { k: "1" },
      metadata: { namespace: "games" },
    });
    expect(((await call("GET", `${path}?labelSelector=owner%3Dhelm`)).body.items as unknown[]).length).toBe(
      1,
    );
    expect(
      ((await call("GET", `${path}?labelSelector=owner%3Dsomeone`)).body.items as unknown[]).length,
    ).toBe(0);
    await call("PATCH", `${path}/a`, { data: { k: null, j: "2" } }, "application/merge-patch+json");
    expect((await call("GET", `${path}/a`)).body.data).toEqual({ j: "2" });
    expect((await call("DELETE", `${path}/a`)).status).toBe(200);
    expect((await call("GET", `${path}/a`)).status).toBe(404);
  });

  it("should create an object through server-side apply, and persist nothing for dryRun=All", async () => {
    const path = "/api/v1/namespaces/games/serviceaccounts/sa";
    const applied = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "sa" } };
    await call("PATCH", `${path}?dryRun=All&fieldManager=helm`, applied, "application/apply-patch+yaml");
    expect((await call("GET", path)).status).toBe(404);
    expect(
      (await call("PATCH", `${path}?fieldManager=helm`, applied, "application/apply-patch+yaml")).status,
    ).toBe(201);
    expect(server.get("ServiceAccount", "games", "sa")?.metadata.uid).toBeTypeOf("string");
  });

  it("should answer 404 to what it does not serve, and record it", async () => {
    const before = server.unhandled.length;
    expect((await call("GET", "/apis/example.com/v1/things")).status).toBe(404);
    expect(server.unhandled.slice(before)).toEqual([
      expect.objectContaining({ method: "GET", path: "/apis/example.com/v1/things" }),
    ]);
  });
});

describe("patches and payloads", () => {
  it("should apply a JSON merge patch as RFC 7386 says (null deletes, maps merge, lists are replaced)", () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { a: null, b: { c: 4 }, l: [3] })).toEqual({
      b: { c: 4, d: 3 },
      l: [3],
    });
  });

  it("should merge name-keyed lists of a strategic merge patch and drop its directives", () => {
    const live = {
      spec: { containers: [{ name: "app", image: "a:1", ports: [{ name: "grpc", containerPort: 5000 }] }] },
    };
    const patch = {
      spec: {
        $setElementOrder: { containers: [{ name: "app" }] },
        containers: [{ name: "app", image: "a:2" }],
      },
    };
    expect(strategicMergePatch(live, patch)).toEqual({
      spec: { containers: [{ name: "app", image: "a:2", ports: [{ name: "grpc", containerPort: 5000 }] }] },
    });
  });

  it("should decode a protobuf Secret the way client-go encodes helm's release records", () => {
    const metadata = message(
      field(1, "sh.helm.release.v1.gunstars.v1"),
      field(3, "games"),
      field(11, message(field(1, "owner"), field(2, "helm"))),
    );
    const secret = message(
      field(1, metadata),
      field(2, message(field(1, "release"), field(2, "H4sI"))),
      field(3, "helm.sh/release.v1"),
    );
    const envelope = Uint8Array.from([
      0x6b,
      0x38,
      0x73,
      0x00,
      ...message(field(1, message(field(1, "v1"), field(2, "Secret"))), field(2, secret)),
    ]);
    expect(decodeProtobufSecret(envelope)).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "sh.helm.release.v1.gunstars.v1", namespace: "games", labels: { owner: "helm" } },
      data: { release: Buffer.from("H4sI").toString("base64") },
      type: "helm.sh/release.v1",
    });
  });
});
