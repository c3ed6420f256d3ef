/**
 * The Gunstars failure (ricardopieper.github.io, "Deploying an ASP.NET gRPC service on GKE with GCE Ingress"): a
 * pod serving cleartext HTTP/2 behind GKE Ingress with `app-protocols: HTTP2`. Google's load balancer dials such a
 * backend with TLS and ALPN h2, the handshake fails, and clients get 502 `failed_to_connect_to_backend`.
 */
import type { RenderedDocument } from "@grpc-gke/manifest";
import { checkPolicy } from "@grpc-gke/policy";
import { HelmTemplateError } from "@grpc-gke/render";
import { afterAll, describe, expect, it } from "vitest";
import {
  BackendConnectError,
  frontendTransport,
  listVariants,
  loadBalancerHandshake,
  loadBalancerPing,
  POD_HOST,
  Pod,
  renderStack,
  type Stack,
} from "../src/index.ts";

const PLAINTEXT = { backendTLS: { mode: "disabled" }, gkeIngress: { ingress: { enabled: false } } };

/** What a user builds by hand around the plaintext stack: the HTTP2 annotation and an Ingress to the grpc port. */
function handBuiltIngressStack(stack: Stack): RenderedDocument[] {
  const service = stack.documents.find((document) => document.object.kind === "Service");
  if (service === undefined) throw new Error("no Service rendered");
  const protocols = JSON.parse(
    service.object.metadata?.annotations?.["cloud.google.com/app-protocols"] ?? "{}",
  ) as object;
  const annotations = {
    ...service.object.metadata?.annotations,
    "cloud.google.com/app-protocols": JSON.stringify({ ...protocols, grpc: "HTTP2" }),
  };
  const name = service.object.metadata?.name ?? "";
  const ingress: RenderedDocument = {
    source: "hand-written/ingress.yaml",
    index: 0,
    object: {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name, namespace: stack.namespace, annotations: { "kubernetes.io/ingress.class": "gce" } },
      spec: { defaultBackend: { service: { name, port: { name: "grpc" } } } },
    },
  };
  return [
    ...stack.documents.map((document) =>
      document === service
        ? {
            ...document,
            object: { ...document.object, metadata: { ...document.object.metadata, annotations } },
          }
        : document,
    ),
    ingress,
  ];
}

describe("the Gunstars failure: a plaintext backend behind an HTTP2 load balancer", () => {
  const pods: Pod[] = [];
  afterAll(async () => {
    await Promise.all(pods.map((pod) => pod.dispose()));
  });

  it("fails to connect when called as the load balancer calls an HTTP2 backend (502 failed_to_connect_to_backend)", async () => {
    const stack = await renderStack({ values: PLAINTEXT });
    expect(frontendTransport(stack)).toBe("h2c");
    const pod = await Pod.start(stack, { name: "gunstars-plaintext" });
    pods.push(pod);
    await pod.waitReady();

    const handshake = loadBalancerHandshake(POD_HOST, pod.grpcPort);
    await expect(handshake).rejects.toBeInstanceOf(BackendConnectError);
    await expect(handshake).rejects.toThrow(/failed_to_connect_to_backend/);
    await expect(loadBalancerPing(POD_HOST, pod.grpcPort, "tls", "api.gunstars.example.com")).rejects.toThrow(
      /failed_to_connect_to_backend/,
    );
    // The server is fine: the same call framed the same way in cleartext (what GKE Gateway's h2c does) succeeds.
    await expect(
      loadBalancerPing(POD_HOST, pod.grpcPort, "h2c", "api.gunstars.example.com"),
    ).resolves.toMatchObject({
      payload: "from the load balancer",
    });
    console.log(
      `plaintext pod ${POD_HOST}:${pod.grpcPort}: ${String(await handshake.catch((error: unknown) => error))}`,
    );
  });

  it("is refused by the chart, which renders no Ingress without backend TLS", async () => {
    await expect(
      renderStack({
        values: {
          ...PLAINTEXT,
          gkeIngress: { ingress: { enabled: true }, managedCertificate: { domains: ["api.example.com"] } },
        },
      }),
    ).rejects.toBeInstanceOf(HelmTemplateError);
  });

  it("is flagged by checkPolicy (GKE-HTTP2-TLS) when built by hand: app-protocols HTTP2 added and an Ingress to it", async () => {
    const stack = await renderStack({ values: PLAINTEXT });
    const problems = checkPolicy(handBuiltIngressStack(stack));
    const flagged = problems.filter((problem) => problem.check === "GKE-HTTP2-TLS");
    expect(flagged.length).toBeGreaterThan(0);
    console.log(
      flagged.map((problem) => `${problem.check} ${problem.object}: ${problem.message}`).join("\n"),
    );
  });

  it("is not what the chart's own Ingress stacks render: they serve TLS and checkPolicy finds no GKE-HTTP2-TLS", async () => {
    const variant = listVariants().find((candidate) => candidate.name === "examples/gunstars");
    if (variant === undefined) throw new Error("examples/gunstars.values.yaml is missing");
    const stack = await renderStack({ variant });
    expect(frontendTransport(stack)).toBe("tls");
    expect(checkPolicy(stack.documents).filter((problem) => problem.check === "GKE-HTTP2-TLS")).toEqual([]);
  });
});
