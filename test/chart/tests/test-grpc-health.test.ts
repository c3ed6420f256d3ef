import { describe, expect, it } from "vitest";
import { container, FULLNAME, find, findAll, lazyDocuments, podSpec } from "../support.ts";

const POD = `${FULLNAME}-test-grpc-health`;

const defaults = lazyDocuments();
const podOf = async (documents: typeof defaults) => find(await documents(), "Pod", POD);
const probeOf = async (documents: typeof defaults) => {
  const [probe] = (await podOf(documents)).spec.containers;
  if (probe === undefined) throw new Error("the test pod has no container");
  return probe;
};

describe("templates/tests/test-grpc-health.yaml", () => {
  it("should render a helm test hook Pod from tests/test-grpc-health.yaml when values are the defaults", async () => {
    const documents = await defaults();
    expect(documents.find(({ object }) => object.kind === "Pod")?.source).toBe(
      "grpc-gke/templates/tests/test-grpc-health.yaml",
    );
    expect((await podOf(defaults)).metadata?.annotations?.["helm.sh/hook"]).toBe("test");
  });

  it("should keep the pod until the next helm test (delete policy exactly before-hook-creation, so helm 3's --logs can read it) when values are the defaults", async () => {
    expect((await podOf(defaults)).metadata?.annotations).toEqual({
      "helm.sh/hook": "test",
      "helm.sh/hook-delete-policy": "before-hook-creation",
    });
  });

  it("should check gRPC health through the Service's grpc port over unverified TLS when values are the defaults", async () => {
    expect((await probeOf(defaults)).args).toEqual([
      "-addr=gunstars-grpc-gke.games.svc:5000",
      "-tls",
      "-tls-no-verify",
      "-connect-timeout=10s",
      "-rpc-timeout=10s",
    ]);
  });

  it("should use the pinned grpc-health-probe v0.4.57 image when values are the defaults", async () => {
    expect((await probeOf(defaults)).image).toBe("ghcr.io/grpc-ecosystem/grpc-health-probe:v0.4.57");
  });

  it("should not be selected by the Service selector when values are the defaults", async () => {
    const documents = await defaults();
    const labels = (await podOf(defaults)).metadata?.labels ?? {};
    const selector = find(documents, "Service").spec.selector ?? {};
    expect(Object.keys(selector)).not.toHaveLength(0);
    expect(Object.entries(selector).every(([key, value]) => labels[key] === value)).toBe(false);
    expect(labels["app.kubernetes.io/component"]).toBe("test");
  });

  it("should run once, without the API token, with the release's restricted security contexts (fsGroup included) when values are the defaults", async () => {
    const pod = await podOf(defaults);
    expect(pod.spec.restartPolicy).toBe("Never");
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect((await probeOf(defaults)).securityContext).toEqual({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
  });

  const h2c = lazyDocuments({
    values: {
      backendTLS: { mode: "disabled" },
      ports: { grpc: 50051, health: 8080 },
      tests: { grpcService: "gunstars.Realtime" },
      global: { imageRegistry: "mirror.example.com" },
    },
  });

  it("should dial cleartext on the custom port and check the named service when TLS is disabled and grpcService is set", async () => {
    expect((await probeOf(h2c)).args).toEqual([
      "-addr=gunstars-grpc-gke.games.svc:50051",
      "-service=gunstars.Realtime",
      "-connect-timeout=10s",
      "-rpc-timeout=10s",
    ]);
  });

  it("should pull the test image from global.imageRegistry when it is set", async () => {
    expect((await probeOf(h2c)).image).toBe("mirror.example.com/grpc-ecosystem/grpc-health-probe:v0.4.57");
  });

  const hardened = lazyDocuments({
    values: {
      podSecurityContext: {
        runAsNonRoot: true,
        runAsUser: 10001,
        seccompProfile: { type: "RuntimeDefault" },
      },
      securityContext: {
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "Localhost", localhostProfile: "profiles/grpc.json" },
      },
    },
  });

  it("should take the Deployment's pod and container security contexts when podSecurityContext and securityContext are set", async () => {
    const documents = await hardened();
    const deployment = find(documents, "Deployment");
    const pod = find(documents, "Pod", POD);
    expect(pod.spec.securityContext).toEqual(podSpec(deployment).securityContext);
    expect(pod.spec.securityContext?.runAsUser).toBe(10001);
    expect((await probeOf(hardened)).securityContext).toEqual(container(deployment).securityContext);
    expect((await probeOf(hardened)).securityContext?.seccompProfile).toEqual({
      type: "Localhost",
      localhostProfile: "profiles/grpc.json",
    });
  });

  const off = lazyDocuments({ values: { tests: { enabled: false } } });

  it("should render no test Pod when tests.enabled=false", async () => {
    expect(findAll(await off(), "Pod")).toEqual([]);
  });
});
