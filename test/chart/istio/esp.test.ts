/**
 * The ESP sidecar of frontend=istio (templates/istio/_esp.tpl) and how the pod and the Service are wired to it: ESP v1
 * (cloudendpoints/esp start_esp/start_esp.py) and ESPv2 (GoogleCloudPlatform/esp-v2 docker/generic/start_proxy.py),
 * a native sidecar (initContainers, restartPolicy Always), the Service's grpc and health ports on ESP's ports, the app
 * behind it on 127.0.0.1.
 */
import type { IContainer } from "kubernetes-models/v1/Container";
import { describe, expect, it } from "vitest";
import { container, containerPort, FULLNAME, find, lazyDocuments, podSpec, servicePort } from "../support.ts";
import { esp } from "./istio.ts";

const v2 = lazyDocuments(esp());
const v1 = lazyDocuments(esp({ version: 1 }));
const sidecar = async (documents: typeof v2): Promise<IContainer> => {
  const init = podSpec(find(await documents(), "Deployment")).initContainers ?? [];
  const found = init.find((entry) => entry.name === "esp");
  if (found === undefined) throw new Error("no esp init container");
  return found;
};

describe("the ESP sidecar (istio.esp)", () => {
  it("should run ESP as a native sidecar (initContainers, restartPolicy Always), after the chart's initContainers, so it starts before the app and stops after it", async () => {
    const documents = await lazyDocuments(
      esp({}, { initContainers: [{ name: "migrate", image: "example/migrate:1" }] }),
    )();
    const init = podSpec(find(documents, "Deployment")).initContainers ?? [];
    expect(init.map((entry) => entry.name)).toEqual(["migrate", "esp"]);
    expect(init[1]?.restartPolicy).toBe("Always");
    expect(podSpec(find(documents, "Deployment")).containers.map((entry) => entry.name)).toEqual(["app"]);
  });

  it("should run ESPv2 with --listener_port, the grpc:// backend on 127.0.0.1 and --healthz when version is 2 (the default)", async () => {
    const esp2 = await sidecar(v2);
    expect(esp2.image).toBe("gcr.io/endpoints-release/endpoints-runtime:2.55.7");
    expect(esp2.args).toEqual([
      "--service=grpc-api.endpoints.example.cloud.goog",
      "--rollout_strategy=managed",
      "--listener_port=9000",
      "--backend=grpc://127.0.0.1:5000",
      "--healthz=health",
    ]);
    expect(esp2.ports).toEqual([{ name: "esp-listener", containerPort: 9000, protocol: "TCP" }]);
  });

  it("should run ESP v1 with gRPC on --http2_port, the HTTP/1.1 health check on a separate --http_port, the status port and a stream-safe --client_body_timeout when version is 1", async () => {
    const esp1 = await sidecar(v1);
    expect(esp1.image).toBe("gcr.io/endpoints-release/endpoints-runtime-secure:1.60.0");
    expect(esp1.args).toEqual([
      "--service=grpc-api.endpoints.example.cloud.goog",
      "--rollout_strategy=managed",
      "--http_port=9001",
      "--http2_port=9000",
      "--status_port=8090",
      "--backend=grpc://127.0.0.1:5000",
      "--healthz=health",
      "--client_body_timeout=3600s",
    ]);
    expect(esp1.args).not.toContainEqual(expect.stringMatching(/^--ssl_port/));
    expect(esp1.ports?.map((port) => [port.name, port.containerPort])).toEqual([
      ["esp-http2", 9000],
      ["esp-http", 9001],
      ["esp-status", 8090],
    ]);
  });

  it("should land the Service's grpc port on ESP's gRPC port and health on its HTTP/1.1 port (v1), keeping the Service port numbers", async () => {
    const service = find(await v1(), "Service", FULLNAME);
    expect(servicePort(service, "grpc")).toMatchObject({ port: 5000, targetPort: 9000, appProtocol: "grpc" });
    expect(servicePort(service, "health")).toMatchObject({
      port: 5001,
      targetPort: 9001,
      appProtocol: "HTTP",
    });
  });

  it("should land both Service ports on ESPv2's one listener port (it serves HTTP/1.1 and HTTP/2) when version is 2", async () => {
    const service = find(await v2(), "Service", FULLNAME);
    expect(servicePort(service, "grpc").targetPort).toBe(9000);
    expect(servicePort(service, "health").targetPort).toBe(9000);
  });

  it("should probe ESP's own health path over HTTP/1.1 on its health port (never v1's HTTP/2-only port) when ESP is on", async () => {
    for (const [documents, port] of [
      [v1, 9001],
      [v2, 9000],
    ] as const) {
      const container = await sidecar(documents);
      for (const probe of [container.startupProbe, container.readinessProbe]) {
        expect(probe?.httpGet).toEqual({ path: "/health", port, scheme: "HTTP" });
      }
    }
  });

  it("should keep the app's own ports and probes (the pod is ready when both are) and point ESP's backend at the app's grpc port when ports change", async () => {
    const documents = await lazyDocuments(esp({}, { ports: { grpc: 50051, health: 8080 } }))();
    const app = container(find(documents, "Deployment"));
    expect(containerPort(app, "grpc").containerPort).toBe(50051);
    expect(app.readinessProbe?.httpGet?.port).toBe("health");
    expect((await sidecar(async () => documents)).args).toContain("--backend=grpc://127.0.0.1:50051");
  });

  it("should answer ESP's health check at health.path when it is set", async () => {
    const documents = lazyDocuments(esp({}, { health: { path: "/healthz" } }));
    const esp2 = await sidecar(documents);
    expect(esp2.args).toContain("--healthz=healthz");
    expect(esp2.readinessProbe?.httpGet?.path).toBe("/healthz");
  });

  it("should meet Pod Security 'restricted' (non-root through the pod, no escalation, no capabilities, RuntimeDefault seccomp) with a read-only root filesystem when ESP is on", async () => {
    for (const documents of [v1, v2]) {
      const pod = podSpec(find(await documents(), "Deployment"));
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
      expect((await sidecar(documents)).securityContext).toEqual({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      });
    }
  });

  it("should mount an emptyDir where each version writes (v1 /home/nginx, /var/log, /var/cache; v2 /tmp) when ESP is on", async () => {
    for (const [documents, paths] of [
      [v1, ["/home/nginx", "/var/log", "/var/cache"]],
      [v2, ["/tmp"]],
    ] as const) {
      const mounts = (await sidecar(documents)).volumeMounts ?? [];
      expect(mounts.map((mount) => mount.mountPath)).toEqual(paths);
      const volumes = podSpec(find(await documents(), "Deployment")).volumes ?? [];
      for (const mount of mounts) {
        expect(volumes.find((volume) => volume.name === mount.name)?.emptyDir).toEqual({
          medium: "Memory",
          sizeLimit: "64Mi",
        });
      }
    }
  });

  it("should pin the config with --version and --rollout_strategy=fixed and append istio.esp.extraArgs when they are set", async () => {
    const esp2 = await sidecar(
      lazyDocuments(
        esp({ rolloutStrategy: "fixed", configId: "2026-08-01r0", extraArgs: ["--cors_preset=basic"] }),
      ),
    );
    expect(esp2.args).toContain("--version=2026-08-01r0");
    expect(esp2.args).toContain("--rollout_strategy=fixed");
    expect(esp2.args?.at(-1)).toBe("--cors_preset=basic");
  });

  it("should take the image like the chart's others: global.imageRegistry replaces the registry and a digest wins over the tag", async () => {
    const digest = `sha256:${"a".repeat(64)}`;
    const esp2 = await sidecar(
      lazyDocuments(esp({ images: { v2: { digest } } }, { global: { imageRegistry: "mirror.example.com" } })),
    );
    expect(esp2.image).toBe(`mirror.example.com/endpoints-release/endpoints-runtime@${digest}`);
  });

  it("should render no ESP and keep the Service on the app when istio.esp.enabled is false (the default)", async () => {
    const documents = await lazyDocuments(esp({ enabled: false }))();
    expect(podSpec(find(documents, "Deployment")).initContainers).toBeUndefined();
    expect(servicePort(find(documents, "Service", FULLNAME), "grpc").targetPort).toBe("grpc");
  });
});
