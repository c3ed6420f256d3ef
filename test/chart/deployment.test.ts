import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RenderedDocument } from "@grpc-gke/render";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CHART } from "../support/chart.ts";
import {
  container,
  containerPort,
  envOf,
  FULLNAME,
  find,
  lazyDocuments,
  type Probe,
  sourceOf,
  volume,
} from "./support.ts";

const chartYaml: unknown = parse(readFileSync(join(CHART, "Chart.yaml"), "utf8"));
const appVersion = (chartYaml as { appVersion: string }).appVersion;

const defaults = lazyDocuments();
const deploymentOf = async (documents: () => Promise<RenderedDocument[]>) =>
  find(await documents(), "Deployment", FULLNAME);

describe("templates/deployment.yaml", () => {
  it("should render the Deployment from deployment.yaml when values are the defaults", async () => {
    expect(sourceOf(await defaults(), "Deployment")).toBe("grpc-gke/templates/deployment.yaml");
  });

  describe("ports", () => {
    it("should name container ports grpc 5000 and health 5001 (TCP) when ports are the defaults", async () => {
      const app = container(await deploymentOf(defaults));
      expect(app.ports).toEqual([
        { name: "grpc", containerPort: 5000, protocol: "TCP" },
        { name: "health", containerPort: 5001, protocol: "TCP" },
      ]);
    });

    const customPorts = lazyDocuments({ values: { ports: { grpc: 50051, health: 8080 } } });

    it("should use the custom numbers under the same names when ports.grpc/ports.health change", async () => {
      const app = container(await deploymentOf(customPorts));
      expect(containerPort(app, "grpc").containerPort).toBe(50051);
      expect(containerPort(app, "health").containerPort).toBe(8080);
    });

    it("should move the Kestrel endpoints to the custom ports when ports.grpc/ports.health change", async () => {
      const env = envOf(container(await deploymentOf(customPorts)));
      expect(env.get("Kestrel__Endpoints__Grpc__Url")).toBe("https://0.0.0.0:50051");
      expect(env.get("Kestrel__Endpoints__Health__Url")).toBe("http://0.0.0.0:8080");
    });
  });

  describe("probes", () => {
    const httpGetHealth = { path: "/health", port: "health", scheme: "HTTP" };

    it("should probe readiness with httpGet on the health port and /health when probes are the defaults", async () => {
      const app = container(await deploymentOf(defaults));
      expect(app.readinessProbe).toEqual({
        httpGet: httpGetHealth,
        initialDelaySeconds: 0,
        periodSeconds: 5,
        timeoutSeconds: 2,
        successThreshold: 1,
        failureThreshold: 2,
      });
    });

    it("should probe liveness and startup with httpGet on the health port and /health when probes are the defaults", async () => {
      const app = container(await deploymentOf(defaults));
      expect(app.livenessProbe?.httpGet).toEqual(httpGetHealth);
      expect(app.startupProbe?.httpGet).toEqual(httpGetHealth);
      expect(app.startupProbe?.failureThreshold).toBe(60);
      expect(app.startupProbe?.periodSeconds).toBe(2);
    });

    it("should never probe the TLS grpc port when probes are the defaults", async () => {
      const app = container(await deploymentOf(defaults));
      for (const probe of [app.readinessProbe, app.livenessProbe, app.startupProbe]) {
        expect(probe?.httpGet?.port).not.toBe("grpc");
        expect(probe?.httpGet?.port).not.toBe(5000);
      }
    });

    const customPaths = lazyDocuments({
      values: { health: { path: "/healthz" }, probes: { readiness: { path: "/health/ready" } } },
    });

    it("should probe health.path, and a probe's own path over it, when both are set", async () => {
      const app = container(await deploymentOf(customPaths));
      expect(app.readinessProbe?.httpGet?.path).toBe("/health/ready");
      expect(app.livenessProbe?.httpGet?.path).toBe("/healthz");
      expect(app.startupProbe?.httpGet?.path).toBe("/healthz");
    });

    const grpcProbes = lazyDocuments({
      values: { app: { preset: "generic" }, probes: { type: "grpc", grpcService: "gunstars.Realtime" } },
    });

    it("should use native grpc probes on the health port number when probes.type=grpc", async () => {
      const app = container(await deploymentOf(grpcProbes));
      const probes: (Probe | undefined)[] = [app.readinessProbe, app.livenessProbe, app.startupProbe];
      for (const probe of probes) {
        expect(probe?.grpc).toEqual({ port: 5001, service: "gunstars.Realtime" });
        expect(probe?.httpGet).toBeUndefined();
      }
    });

    const probesOff = lazyDocuments({
      values: { probes: { startup: { enabled: false }, liveness: { enabled: false } } },
    });

    it("should omit the startup and liveness probes but keep readiness when they are disabled", async () => {
      const app = container(await deploymentOf(probesOff));
      expect(app.startupProbe).toBeUndefined();
      expect(app.livenessProbe).toBeUndefined();
      expect(app.readinessProbe?.httpGet?.port).toBe("health");
    });
  });

  describe("rollout", () => {
    it("should roll with maxUnavailable 0 and maxSurge 1 when values are the defaults", async () => {
      const { spec } = await deploymentOf(defaults);
      expect(spec.strategy).toEqual({
        type: "RollingUpdate",
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      });
    });

    it("should wait minReadySeconds 10 and run 2 replicas when values are the defaults", async () => {
      const { spec } = await deploymentOf(defaults);
      expect(spec.minReadySeconds).toBe(10);
      expect(spec.replicas).toBe(2);
      expect(spec.revisionHistoryLimit).toBe(10);
    });

    const tuned = lazyDocuments({
      values: { minReadySeconds: 45, rollingUpdate: { maxSurge: "25%" }, replicaCount: 4 },
    });

    it("should keep maxUnavailable 0 and pass maxSurge/minReadySeconds through when they are set", async () => {
      const { spec } = await deploymentOf(tuned);
      expect(spec.strategy.rollingUpdate).toEqual({ maxSurge: "25%", maxUnavailable: 0 });
      expect(spec.minReadySeconds).toBe(45);
      expect(spec.replicas).toBe(4);
    });
  });

  describe("graceful shutdown", () => {
    it("should use the native preStop sleep of 15 s on Kubernetes 1.34 when mode is auto", async () => {
      const app = container(await deploymentOf(defaults));
      expect(app.lifecycle).toEqual({ preStop: { sleep: { seconds: 15 } } });
    });

    it("should give the pod 60 s of grace when values are the defaults", async () => {
      const { spec } = await deploymentOf(defaults);
      expect(spec.template.spec.terminationGracePeriodSeconds).toBe(60);
    });

    const exec = lazyDocuments({ values: { gracefulShutdown: { preStop: { mode: "exec", seconds: 20 } } } });

    it("should run `sleep <seconds>` in the container when gracefulShutdown.preStop.mode=exec", async () => {
      const app = container(await deploymentOf(exec));
      expect(app.lifecycle).toEqual({ preStop: { exec: { command: ["sleep", "20"] } } });
    });

    const oldCluster = lazyDocuments({ kubeVersion: "1.29.0" });

    it("should fall back to exec sleep when mode is auto and the cluster is older than 1.30", async () => {
      const app = container(await deploymentOf(oldCluster));
      expect(app.lifecycle).toEqual({ preStop: { exec: { command: ["sleep", "15"] } } });
    });

    const noPreStop = lazyDocuments({
      values: { gracefulShutdown: { preStop: { seconds: 0 } }, terminationGracePeriodSeconds: 45 },
    });

    it("should render no preStop hook and the set grace period when preStop.seconds=0", async () => {
      const deployment = await deploymentOf(noPreStop);
      expect(container(deployment).lifecycle).toBeUndefined();
      expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(45);
    });
  });

  describe("backend TLS and the aspnetcore preset", () => {
    it("should mount the backend TLS secret read-only at /etc/grpc-gke/tls when values are the defaults", async () => {
      const deployment = await deploymentOf(defaults);
      expect(container(deployment).volumeMounts).toContainEqual({
        name: "backend-tls",
        mountPath: "/etc/grpc-gke/tls",
        readOnly: true,
      });
      expect(volume(deployment, "backend-tls").secret).toEqual({
        secretName: `${FULLNAME}-backend-tls`,
        defaultMode: 0o440,
        items: [
          { key: "tls.crt", path: "tls.crt" },
          { key: "tls.key", path: "tls.key" },
        ],
      });
    });

    it("should set the Kestrel endpoints exactly when app.preset=aspnetcore (default)", async () => {
      const env = envOf(container(await deploymentOf(defaults)));
      expect(Object.fromEntries(env)).toEqual({
        Kestrel__Endpoints__Grpc__Url: "https://0.0.0.0:5000",
        Kestrel__Endpoints__Grpc__Protocols: "Http2",
        Kestrel__Endpoints__Grpc__Certificate__Path: "/etc/grpc-gke/tls/tls.crt",
        Kestrel__Endpoints__Grpc__Certificate__KeyPath: "/etc/grpc-gke/tls/tls.key",
        Kestrel__Endpoints__Health__Url: "http://0.0.0.0:5001",
        Kestrel__Endpoints__Health__Protocols: "Http1",
        Kestrel__Limits__KeepAliveTimeout: "00:10:30",
        DOTNET_SHUTDOWNTIMEOUTSECONDS: "30",
      });
    });

    it("should keep Kestrel's keep-alive above the load balancer's 600 s when values are the defaults", async () => {
      const value = envOf(container(await deploymentOf(defaults))).get("Kestrel__Limits__KeepAliveTimeout");
      const match = /^(?:(\d+)\.)?(\d{2}):(\d{2}):(\d{2})$/.exec(value ?? "");
      expect(match).not.toBeNull();
      const [, days = "0", hours = "0", minutes = "0", seconds = "0"] = match ?? [];
      const total = Number(days) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
      expect(total).toBeGreaterThan(600);
    });

    const moved = lazyDocuments({
      values: {
        backendTLS: { mountPath: "/var/run/secrets/grpc-tls/" },
        app: { aspnetcore: { keepAliveTimeoutSeconds: 90061, setShutdownTimeout: false } },
      },
    });

    it("should point the certificate paths into the mount when backendTLS.mountPath changes", async () => {
      const app = container(await deploymentOf(moved));
      const env = envOf(app);
      expect(env.get("Kestrel__Endpoints__Grpc__Certificate__Path")).toBe(
        "/var/run/secrets/grpc-tls/tls.crt",
      );
      expect(env.get("Kestrel__Endpoints__Grpc__Certificate__KeyPath")).toBe(
        "/var/run/secrets/grpc-tls/tls.key",
      );
      expect(app.volumeMounts?.find((mount) => mount.name === "backend-tls")?.mountPath).toBe(
        "/var/run/secrets/grpc-tls/",
      );
    });

    it("should render days in the keep-alive TimeSpan and drop the shutdown timeout when they are set", async () => {
      const env = envOf(container(await deploymentOf(moved)));
      expect(env.get("Kestrel__Limits__KeepAliveTimeout")).toBe("1.01:01:01");
      expect(env.has("DOTNET_SHUTDOWNTIMEOUTSECONDS")).toBe(false);
    });

    const cleartext = lazyDocuments({ values: { backendTLS: { mode: "disabled" } } });

    it("should serve h2c with no certificate, volume or mount when backendTLS.mode=disabled", async () => {
      const deployment = await deploymentOf(cleartext);
      const app = container(deployment);
      const env = envOf(app);
      expect(env.get("Kestrel__Endpoints__Grpc__Url")).toBe("http://0.0.0.0:5000");
      expect(env.has("Kestrel__Endpoints__Grpc__Certificate__Path")).toBe(false);
      expect(env.has("Kestrel__Endpoints__Grpc__Certificate__KeyPath")).toBe(false);
      expect(app.volumeMounts?.map((mount) => mount.name)).not.toContain("backend-tls");
      expect(deployment.spec.template.spec.volumes?.map((entry) => entry.name)).not.toContain("backend-tls");
    });
  });

  describe("the generic preset", () => {
    const generic = lazyDocuments({
      values: {
        app: { preset: "generic" },
        env: [
          { name: "GRPC_PORT", value: "7000" },
          { name: "EXTRA", value: "1" },
        ],
      },
    });

    it("should set GRPC_PORT, HEALTH_PORT and the TLS file paths, no Kestrel vars, when app.preset=generic", async () => {
      const env = envOf(container(await deploymentOf(generic)));
      expect(env.get("HEALTH_PORT")).toBe("5001");
      expect(env.get("TLS_CERT_FILE")).toBe("/etc/grpc-gke/tls/tls.crt");
      expect(env.get("TLS_KEY_FILE")).toBe("/etc/grpc-gke/tls/tls.key");
      expect([...env.keys()].filter((name) => name.startsWith("Kestrel__"))).toEqual([]);
    });

    it("should let a user env var replace the preset's without a duplicate name when env sets GRPC_PORT", async () => {
      const app = container(await deploymentOf(generic));
      expect(app.env?.filter((variable) => variable.name === "GRPC_PORT")).toEqual([
        { name: "GRPC_PORT", value: "7000" },
      ]);
      expect(envOf(app).get("EXTRA")).toBe("1");
    });
  });

  describe("security", () => {
    it("should run the pod as non-root 65532 with RuntimeDefault seccomp when values are the defaults", async () => {
      const { spec } = await deploymentOf(defaults);
      expect(spec.template.spec.securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 65532,
        runAsGroup: 65532,
        fsGroup: 65532,
        seccompProfile: { type: "RuntimeDefault" },
      });
    });

    it("should give the container the restricted security context when values are the defaults", async () => {
      expect(container(await deploymentOf(defaults)).securityContext).toEqual({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      });
    });

    it("should not mount the API token and use the chart's ServiceAccount when values are the defaults", async () => {
      const { spec } = await deploymentOf(defaults);
      expect(spec.template.spec.automountServiceAccountToken).toBe(false);
      expect(spec.template.spec.serviceAccountName).toBe(FULLNAME);
    });

    it("should mount a writable 64Mi emptyDir at /tmp when tmpVolume is the default", async () => {
      const deployment = await deploymentOf(defaults);
      expect(container(deployment).volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
      expect(volume(deployment, "tmp").emptyDir).toEqual({ sizeLimit: "64Mi" });
    });
  });

  describe("checksum annotation", () => {
    it("should hash the generated certificate and key into checksum/backend-tls when mode is selfSigned", async () => {
      const documents = await defaults();
      const annotations = find(documents, "Deployment").spec.template.metadata.annotations ?? {};
      const data = find(documents, "Secret").data ?? {};
      const expected = createHash("sha256")
        .update(JSON.stringify({ "tls.crt": data["tls.crt"], "tls.key": data["tls.key"] }))
        .digest("hex");
      expect(annotations["checksum/backend-tls"]).toBe(expected);
    });

    const existing = lazyDocuments({
      values: { backendTLS: { mode: "existingSecret", existingSecret: "mine" } },
    });

    it("should render no checksum annotation when the chart does not generate the certificate", async () => {
      const { spec } = await deploymentOf(existing);
      expect(spec.template.metadata.annotations?.["checksum/backend-tls"]).toBeUndefined();
    });
  });

  describe("image", () => {
    it("should use the registry, repository and the chart's appVersion when image.tag is empty", async () => {
      expect(container(await deploymentOf(defaults)).image).toBe(
        `ghcr.io/example/grpc-backend:${appVersion}`,
      );
    });

    const pinned = lazyDocuments({
      values: {
        global: { imageRegistry: "mirror.example.com" },
        image: { tag: "9.9.9", digest: `sha256:${"ab".repeat(32)}` },
      },
    });

    it("should pin the digest over the tag and use global.imageRegistry when both are set", async () => {
      expect(container(await deploymentOf(pinned)).image).toBe(
        `mirror.example.com/example/grpc-backend@sha256:${"ab".repeat(32)}`,
      );
    });
  });

  describe("labels", () => {
    const selector = { "app.kubernetes.io/name": "grpc-gke", "app.kubernetes.io/instance": "gunstars" };

    it("should select on exactly app.kubernetes.io/name and instance when values are the defaults", async () => {
      expect((await deploymentOf(defaults)).spec.selector.matchLabels).toEqual(selector);
    });

    const labelled = lazyDocuments({
      values: {
        commonLabels: { "example.com/team": "backend", "app.kubernetes.io/instance": "hijacked" },
        podLabels: { "example.com/workload": "realtime", "app.kubernetes.io/name": "hijacked" },
        podAnnotations: { "example.com/scrape": "false" },
      },
    });

    it("should keep the selector unchanged when podLabels and commonLabels are set", async () => {
      expect((await deploymentOf(labelled)).spec.selector.matchLabels).toEqual(selector);
    });

    it("should add podLabels/commonLabels to the pod without replacing the selector labels", async () => {
      const { labels } = (await deploymentOf(labelled)).spec.template.metadata;
      expect(labels).toMatchObject({
        ...selector,
        "example.com/team": "backend",
        "example.com/workload": "realtime",
      });
    });

    it("should add podAnnotations next to the checksum annotation when podAnnotations is set", async () => {
      const annotations = (await deploymentOf(labelled)).spec.template.metadata.annotations ?? {};
      expect(annotations["example.com/scrape"]).toBe("false");
      expect(annotations["checksum/backend-tls"]).toMatch(/^[0-9a-f]{64}$/);
    });

    it("should spread pods across zones with the selector labels when topologySpread is the default", async () => {
      const { spec } = await deploymentOf(defaults);
      expect(spec.template.spec.topologySpreadConstraints).toEqual([
        {
          maxSkew: 1,
          topologyKey: "topology.kubernetes.io/zone",
          whenUnsatisfiable: "ScheduleAnyway",
          labelSelector: { matchLabels: selector },
          matchLabelKeys: ["pod-template-hash"],
        },
      ]);
    });
  });
});
