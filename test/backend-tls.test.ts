import { once } from "node:events";
import { type ClientHttp2Session, connect, constants, createSecureServer } from "node:http2";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { renderChart } from "./support/chart.ts";

/**
 * The chart's generated backend certificate, used for real: an HTTP/2-over-TLS server on loopback serves it,
 * and clients connect the two ways that matter on GKE: like the load balancer (TLS, ALPN h2, certificate not
 * verified) and like an in-cluster client that trusts the certificate and checks the Service name.
 */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function tlsSecret(
  keyAlgorithm: "ecdsa" | "rsa",
): Promise<{ cert: string; key: string; service: string }> {
  const { documents } = await renderChart({ values: { backendTLS: { selfSigned: { keyAlgorithm } } } });
  const secret = documents.find(({ object }) => object.kind === "Secret")?.object as
    | { data: Record<string, string> }
    | undefined;
  const service = documents.find(({ object }) => object.kind === "Service")?.object.metadata?.name;
  if (secret === undefined || service === undefined)
    throw new Error("the default render has no Secret/Service");
  const decode = (key: string) => Buffer.from(secret.data[key] ?? "", "base64").toString("utf8");
  return { cert: decode("tls.crt"), key: decode("tls.key"), service };
}

/** Starts an h2-only TLS server (like Kestrel with Protocols=Http2) and returns its port. */
async function serve(cert: string, key: string): Promise<number> {
  const server = createSecureServer({ cert, key, allowHTTP1: false }, (request, response) => {
    response.writeHead(200, { "content-type": "application/grpc" });
    response.end(request.url);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

async function call(session: ClientHttp2Session, path: string): Promise<{ status: number; body: string }> {
  const stream = session.request({
    [constants.HTTP2_HEADER_PATH]: path,
    [constants.HTTP2_HEADER_METHOD]: "POST",
  });
  stream.end();
  const [headers] = (await once(stream, "response")) as [Record<string, string | number>];
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { status: Number(headers[constants.HTTP2_HEADER_STATUS]), body: Buffer.concat(chunks).toString() };
}

function open(port: string | number, options: Parameters<typeof connect>[1]): Promise<ClientHttp2Session> {
  const session = connect(`https://127.0.0.1:${port}`, options);
  closers.push(() =>
    session.destroyed ? Promise.resolve() : new Promise((resolve) => session.close(() => resolve())),
  );
  return new Promise((resolve, reject) => {
    session.once("connect", () => resolve(session));
    session.once("error", reject);
  });
}

// Sequential: afterEach closes the servers and sessions of the case that just ran.
describe("real TLS handshakes", { concurrent: false }, () => {
  describe.each(["ecdsa", "rsa"] as const)("the generated %s backend certificate", (keyAlgorithm) => {
    it("serves HTTP/2 over TLS to a client that does not verify it, as Google's load balancer does", async () => {
      const { cert, key } = await tlsSecret(keyAlgorithm);
      const session = await open(await serve(cert, key), { rejectUnauthorized: false });
      expect(session.alpnProtocol).toBe("h2");
      expect(await call(session, "/grpc.health.v1.Health/Check")).toEqual({
        status: 200,
        body: "/grpc.health.v1.Health/Check",
      });
    });

    it("is trusted by an in-cluster client that pins it and checks the Service DNS name", async () => {
      const { cert, key, service } = await tlsSecret(keyAlgorithm);
      const port = await serve(cert, key);
      for (const name of [service, `${service}.games.svc`, `${service}.games.svc.cluster.local`]) {
        const session = await open(port, { ca: cert, servername: name });
        expect((session.socket as TLSSocket).authorized).toBe(true);
      }
      await expect(open(port, { ca: cert, servername: "someone-else.games.svc" })).rejects.toThrow(
        /does not match|altnames/i,
      );
    });
  });
});
