import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FACTS } from "@grpc-gke/facts";
import type { RenderedDocument } from "@grpc-gke/manifest";
import type { IProbe } from "kubernetes-models/v1/Probe";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CHART, renderEditedChart } from "../support/chart.ts";
import {
  boundPorts,
  Configuration,
  environmentProvider,
  jsonProvider,
  kestrelAllowAlternateSchemes,
  kestrelEndpoints,
} from "../support/dotnet-configuration.ts";
import { redactGenerated } from "../support/generated.ts";
import {
  container,
  containerPort,
  envOf,
  FULLNAME,
  find,
  lazyDocuments,
  podSpec,
  sourceOf,
  volume,
} from "./support.ts";

const chartYaml = parse(readFileSync(join(CHART, "Chart.yaml"), "utf8")) as {
  readonly appVersion: string;
  readonly kubeVersion: string;
};

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
      expect(env.get("Kestrel__Endpoints__Http__Url")).toBe("http://0.0.0.0:8080");
    });

    it("should declare each extraPorts entry as a named TCP container port after grpc and health when extraPorts is set", async () => {
      const app = container(
        await deploymentOf(
          lazyDocuments({
            values: {
              extraPorts: [
                { name: "auth", port: 9999, appProtocol: "http" },
                { name: "ws", port: 9998 },
              ],
            },
          }),
        ),
      );
      expect(app.ports?.map(({ name, containerPort, protocol }) => [name, containerPort, protocol])).toEqual([
        ["grpc", 5000, "TCP"],
        ["health", 5001, "TCP"],
        ["auth", 9999, "TCP"],
        ["ws", 9998, "TCP"],
      ]);
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
      const probes: (IProbe | undefined)[] = [app.readinessProbe, app.livenessProbe, app.startupProbe];
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
      expect(spec.strategy?.rollingUpdate).toEqual({ maxSurge: "25%", maxUnavailable: 0 });
      expect(spec.minReadySeconds).toBe(45);
      expect(spec.replicas).toBe(4);
    });
  });

  describe("graceful shutdown", () => {
    it("should use the native preStop sleep of 15 s when gracefulShutdown.preStop is the default (mode sleep)", async () => {
      const app = container(await deploymentOf(defaults));
      expect(app.lifecycle).toEqual({ preStop: { sleep: { seconds: 15 } } });
    });

    it("should give the pod 60 s of grace when values are the defaults", async () => {
      expect(podSpec(await deploymentOf(defaults)).terminationGracePeriodSeconds).toBe(60);
    });

    const oldestCluster = lazyDocuments({ kubeVersion: "1.30.0" });

    it("should use the native preStop sleep when the cluster is Kubernetes 1.30.0, the chart's minimum", async () => {
      const app = container(await deploymentOf(oldestCluster));
      expect(app.lifecycle).toEqual({ preStop: { sleep: { seconds: 15 } } });
    });

    it("should require the Kubernetes version from which the native sleep action is on when Chart.yaml is read", () => {
      // One fact: the preStop `sleep` action needs it, and packages/facts says since when (KEP-3960). `-0` lets
      // pre-release and provider builds (v1.30.5-gke.1014001) satisfy the bound.
      const lowerBound = /^>=\s*v?(\d+\.\d+\.\d+)(?:-0)?$/.exec(chartYaml.kubeVersion)?.[1];
      expect(lowerBound).toBe(FACTS.kubernetes.nativeSleepActionSince);
    });

    const exec = lazyDocuments({ values: { gracefulShutdown: { preStop: { mode: "exec", seconds: 20 } } } });

    it("should run `sleep <seconds>` in the container when gracefulShutdown.preStop.mode=exec", async () => {
      const app = container(await deploymentOf(exec));
      expect(app.lifecycle).toEqual({ preStop: { exec: { command: ["sleep", "20"] } } });
    });

    const noPreStop = lazyDocuments({
      values: { gracefulShutdown: { preStop: { seconds: 0 } }, terminationGracePeriodSeconds: 45 },
    });

    it("should render no preStop hook and the set grace period when preStop.seconds=0", async () => {
      const deployment = await deploymentOf(noPreStop);
      expect(container(deployment).lifecycle).toBeUndefined();
      expect(podSpec(deployment).terminationGracePeriodSeconds).toBe(45);
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

    it("should set the Kestrel endpoints Grpc and Http exactly when app.preset=aspnetcore and endpointNames are the defaults", async () => {
      const env = envOf(container(await deploymentOf(defaults)));
      expect(Object.fromEntries(env)).toEqual({
        Kestrel__Endpoints__Grpc__Url: "https://0.0.0.0:5000",
        Kestrel__Endpoints__Grpc__Protocols: "Http2",
        Kestrel__Endpoints__Grpc__Certificate__Path: "/etc/grpc-gke/tls/tls.crt",
        Kestrel__Endpoints__Grpc__Certificate__KeyPath: "/etc/grpc-gke/tls/tls.key",
        Kestrel__Endpoints__Http__Url: "http://0.0.0.0:5001",
        Kestrel__Endpoints__Http__Protocols: "Http1",
        Kestrel__Limits__KeepAliveTimeout: "00:10:30",
        DOTNET_SHUTDOWNTIMEOUTSECONDS: "30",
      });
    });

    const renamed = lazyDocuments({
      values: { app: { aspnetcore: { endpointNames: { grpc: "GrpcTls", health: "Probes" } } } },
    });

    it("should name the Kestrel endpoint variables after app.aspnetcore.endpointNames when they are set", async () => {
      const env = envOf(container(await deploymentOf(renamed)));
      expect([...env.keys()].filter((name) => name.startsWith("Kestrel__Endpoints__"))).toEqual([
        "Kestrel__Endpoints__GrpcTls__Url",
        "Kestrel__Endpoints__GrpcTls__Protocols",
        "Kestrel__Endpoints__GrpcTls__Certificate__Path",
        "Kestrel__Endpoints__GrpcTls__Certificate__KeyPath",
        "Kestrel__Endpoints__Probes__Url",
        "Kestrel__Endpoints__Probes__Protocols",
      ]);
      expect(env.get("Kestrel__Endpoints__GrpcTls__Url")).toBe("https://0.0.0.0:5000");
      expect(env.get("Kestrel__Endpoints__Probes__Url")).toBe("http://0.0.0.0:5001");
    });

    it("should keep Kestrel's keep-alive above the load balancer's 600 s when values are the defaults", async () => {
      const value = envOf(container(await deploymentOf(defaults))).get("Kestrel__Limits__KeepAliveTimeout");
      const match = /^(?:(\d+)\.)?(\d{2}):(\d{2}):(\d{2})$/.exec(value ?? "");
      expect(match).not.toBeNull();
      const [, days = "0", hours = "0", minutes = "0", seconds = "0"] = match ?? [];
      const total = Number(days) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
      expect(total).toBeGreaterThan(FACTS.loadBalancer.backendKeepAliveSec);
    });

    const noKeepAlive = lazyDocuments({ values: { app: { aspnetcore: { keepAliveTimeoutSeconds: null } } } });

    it("should drop Kestrel__Limits__KeepAliveTimeout and keep the endpoints when app.aspnetcore.keepAliveTimeoutSeconds is null", async () => {
      const env = envOf(container(await deploymentOf(noKeepAlive)));
      expect(env.has("Kestrel__Limits__KeepAliveTimeout")).toBe(false);
      expect(env.get("Kestrel__Endpoints__Grpc__Url")).toBe("https://0.0.0.0:5000");
      expect(env.get("DOTNET_SHUTDOWNTIMEOUTSECONDS")).toBe("30");
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
      expect(podSpec(deployment).volumes?.map((entry) => entry.name)).not.toContain("backend-tls");
    });
  });

  /**
   * .NET merges `Kestrel:Endpoints` from every configuration source, so the chart's variables only replace the
   * app's own endpoints when they carry the same names (ignoring case). The app here is the Gunstars backend of
   * the article the example follows: its appsettings.json names the two endpoints `Grpc` and `Http`.
   */
  describe("Kestrel endpoints merged with the app's appsettings.json (emulated .NET configuration)", () => {
    const appsettings = jsonProvider({
      Kestrel: {
        Endpoints: {
          Grpc: { Url: "https://0.0.0.0:5000", Protocols: "Http2" },
          Http: { Url: "http://0.0.0.0:5001", Protocols: "Http1" },
        },
      },
    });
    /** appsettings.json first, then the container's environment: what WebApplication.CreateBuilder reads. */
    const endpointsOf = async (documents: () => Promise<RenderedDocument[]>) =>
      kestrelEndpoints(
        new Configuration([
          appsettings,
          environmentProvider(container(await deploymentOf(documents)).env ?? []),
        ]),
      );

    it("should override the app's Grpc and Http endpoints, binding 5000 and 5001 once each, when endpointNames are the defaults", async () => {
      const endpoints = await endpointsOf(defaults);
      expect(endpoints).toEqual([
        {
          name: "Grpc",
          url: "https://0.0.0.0:5000",
          protocols: "Http2",
          certificatePath: "/etc/grpc-gke/tls/tls.crt",
          certificateKeyPath: "/etc/grpc-gke/tls/tls.key",
        },
        {
          name: "Http",
          url: "http://0.0.0.0:5001",
          protocols: "Http1",
          certificatePath: undefined,
          certificateKeyPath: undefined,
        },
      ]);
      expect(boundPorts(endpoints)).toEqual([5000, 5001]);
    });

    const otherCaseAndPorts = lazyDocuments({
      values: {
        ports: { grpc: 50051, health: 8080 },
        app: { aspnetcore: { endpointNames: { grpc: "GRPC", health: "http" } } },
      },
    });

    it("should override the app's endpoints ignoring case, the environment's URLs winning, when endpointNames differ only in case", async () => {
      const endpoints = await endpointsOf(otherCaseAndPorts);
      expect(endpoints.map(({ name, url }) => [name.toLowerCase(), url])).toEqual([
        ["grpc", "https://0.0.0.0:50051"],
        ["http", "http://0.0.0.0:8080"],
      ]);
      expect(boundPorts(endpoints)).toEqual([50051, 8080]);
    });

    const healthNamed = lazyDocuments({
      values: { app: { aspnetcore: { endpointNames: { health: "Health" } } } },
    });

    it("should add a third endpoint that binds 5001 twice (Address already in use) when the health endpoint is named Health, chart 0.1's name", async () => {
      const endpoints = await endpointsOf(healthNamed);
      expect(endpoints.map(({ name }) => name)).toEqual(["Grpc", "Health", "Http"]);
      expect(boundPorts(endpoints).filter((port) => port === 5001)).toHaveLength(2);
    });
  });

  /**
   * Behind GKE Gateway with backendTLS.mode=disabled the load balancer terminates the client's TLS and speaks h2c to
   * Kestrel, and a TLS-terminating proxy may forward `:scheme: https`: Kestrel then resets the stream (PROTOCOL_ERROR,
   * aspnetcore Http2Stream) unless KestrelServerOptions.AllowAlternateSchemes is true. The preset sets it, and it
   * takes effect only with the binding line the NOTES print (the same one as for the keep-alive).
   */
  describe("Kestrel alternate schemes behind a TLS-terminating frontend (emulated .NET configuration)", () => {
    const GATEWAY = { frontend: "gkeGateway", gkeGateway: { gateway: { certificateRefs: ["api-tls"] } } };
    const h2cGateway = lazyDocuments({ values: { ...GATEWAY, backendTLS: { mode: "disabled" } } });
    const tlsGateway = lazyDocuments({ values: GATEWAY });
    const h2cNone = lazyDocuments({ values: { frontend: "none", backendTLS: { mode: "disabled" } } });
    const configurationOf = async (documents: () => Promise<RenderedDocument[]>) =>
      new Configuration([environmentProvider(container(await deploymentOf(documents)).env ?? [])]);

    it("should set Kestrel__AllowAlternateSchemes=true when frontend=gkeGateway and backendTLS.mode=disabled", async () => {
      expect(envOf(container(await deploymentOf(h2cGateway))).get("Kestrel__AllowAlternateSchemes")).toBe(
        "true",
      );
    });

    it("should make Kestrel accept :scheme https on the cleartext port only when the app binds the Kestrel section", async () => {
      const configuration = await configurationOf(h2cGateway);
      expect(kestrelAllowAlternateSchemes(configuration, { sectionBound: true })).toBe(true);
      expect(kestrelAllowAlternateSchemes(configuration, { sectionBound: false })).toBe(false);
    });

    it("should leave AllowAlternateSchemes unset behind ingress-nginx with h2c, which sends :scheme http over grpc:// (frontend=nginx, backendTLS.mode=disabled)", async () => {
      const nginxH2c = lazyDocuments({
        values: {
          frontend: "nginx",
          backendTLS: { mode: "disabled" },
          nginx: {
            ingress: {
              hosts: [{ host: "api.example.com" }],
              tls: [{ secretName: "api-tls", hosts: ["api.example.com"] }],
            },
          },
        },
      });
      const env = envOf(container(await deploymentOf(nginxH2c)));
      expect(env.get("Kestrel__Endpoints__Grpc__Url")).toBe("http://0.0.0.0:5000");
      expect(env.has("Kestrel__AllowAlternateSchemes")).toBe(false);
    });

    it("should leave AllowAlternateSchemes unset when the grpc port serves TLS or no proxy is in front (gkeGateway with TLS, none, gkeIngress)", async () => {
      for (const documents of [tlsGateway, h2cNone, defaults]) {
        expect(envOf(container(await deploymentOf(documents))).has("Kestrel__AllowAlternateSchemes")).toBe(
          false,
        );
      }
    });

    const generic = lazyDocuments({
      values: { ...GATEWAY, backendTLS: { mode: "disabled" }, app: { preset: "generic" } },
    });

    it("should set no Kestrel variable when app.preset=generic behind the h2c Gateway", async () => {
      const names = [...envOf(container(await deploymentOf(generic))).keys()];
      expect(names.filter((name) => name.startsWith("Kestrel"))).toEqual([]);
    });
  });

  describe("the generic preset", () => {
    const generic = lazyDocuments({
      values: {
        app: { preset: "generic" },
        env: [
          // From a ConfigMap: a literal GRPC_PORT other than ports.grpc is refused (guard ENV-PORTS).
          { name: "GRPC_PORT", valueFrom: { configMapKeyRef: { name: "ports", key: "grpc" } } },
          { name: "EXTRA", value: "1" },
        ],
      },
    });

    it("should set HEALTH_PORT, HEALTH_PATH, SHUTDOWN_DRAIN_SECONDS and the TLS file paths, no Kestrel vars, when app.preset=generic", async () => {
      const env = envOf(container(await deploymentOf(generic)));
      expect(env.get("HEALTH_PORT")).toBe("5001");
      expect(env.get("HEALTH_PATH")).toBe("/health");
      expect(env.get("SHUTDOWN_DRAIN_SECONDS")).toBe("30");
      expect(env.get("TLS_CERT_FILE")).toBe("/etc/grpc-gke/tls/tls.crt");
      expect(env.get("TLS_KEY_FILE")).toBe("/etc/grpc-gke/tls/tls.key");
      expect([...env.keys()].filter((name) => name.startsWith("Kestrel__"))).toEqual([]);
    });

    it("should let a user env var replace the preset's without a duplicate name when env sets GRPC_PORT", async () => {
      const app = container(await deploymentOf(generic));
      expect(app.env?.filter((variable) => variable.name === "GRPC_PORT")).toEqual([
        { name: "GRPC_PORT", valueFrom: { configMapKeyRef: { name: "ports", key: "grpc" } } },
      ]);
      expect(envOf(app).get("EXTRA")).toBe("1");
    });

    it("should list no GRPC_HEALTH_SERVICES when only the server as a whole is asked about (the defaults)", async () => {
      expect(envOf(container(await deploymentOf(generic))).has("GRPC_HEALTH_SERVICES")).toBe(false);
    });

    const asked = lazyDocuments({
      values: {
        app: { preset: "generic" },
        probes: { type: "grpc", grpcService: "gunstars.Realtime" },
        tests: { grpcService: "gunstars.Probe" },
        frontend: "gkeGateway",
        gkeGateway: {
          gateway: { certificateRefs: ["api-tls"] },
          healthCheck: { type: "GRPC", grpcServiceName: "gunstars.Realtime" },
        },
      },
    });

    it("should set GRPC_HEALTH_SERVICES to every name the probes, helm test and a gRPC health check ask for, once each, when they name services", async () => {
      expect(envOf(container(await deploymentOf(asked))).get("GRPC_HEALTH_SERVICES")).toBe(
        "gunstars.Probe,gunstars.Realtime",
      );
    });
  });

  describe("security", () => {
    it("should run the pod as non-root 65532 with RuntimeDefault seccomp when values are the defaults", async () => {
      expect(podSpec(await deploymentOf(defaults)).securityContext).toEqual({
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
      const pod = podSpec(await deploymentOf(defaults));
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.serviceAccountName).toBe(FULLNAME);
    });

    it("should mount a writable 64Mi emptyDir at /tmp when tmpVolume is the default", async () => {
      const deployment = await deploymentOf(defaults);
      expect(container(deployment).volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
      expect(volume(deployment, "tmp").emptyDir).toEqual({ sizeLimit: "64Mi" });
    });
  });

  describe("checksum annotation", () => {
    it("should hash the generated certificate and key into checksum/backend-tls when mode is selfSigned and rollPodsOnChange is the default (true)", async () => {
      const documents = await defaults();
      const annotations = find(documents, "Deployment").spec.template.metadata?.annotations ?? {};
      const data = find(documents, "Secret").data ?? {};
      const expected = createHash("sha256")
        .update(JSON.stringify({ "tls.crt": data["tls.crt"], "tls.key": data["tls.key"] }))
        .digest("hex");
      expect(annotations["checksum/backend-tls"]).toBe(expected);
    });

    const gitOps = lazyDocuments({ values: { backendTLS: { selfSigned: { rollPodsOnChange: false } } } });

    it("should render no checksum annotation, still generating the Secret, when backendTLS.selfSigned.rollPodsOnChange=false", async () => {
      const documents = await gitOps();
      expect(find(documents, "Deployment").spec.template.metadata?.annotations).toBeUndefined();
      expect(Object.keys(find(documents, "Secret").data ?? {}).sort()).toEqual(["tls.crt", "tls.key"]);
    });

    const gitOpsAnnotated = lazyDocuments({
      values: {
        backendTLS: { selfSigned: { rollPodsOnChange: false } },
        podAnnotations: { "example.com/scrape": "false" },
      },
    });

    it("should keep only podAnnotations when rollPodsOnChange=false and podAnnotations is set", async () => {
      const { metadata } = (await deploymentOf(gitOpsAnnotated)).spec.template;
      expect(metadata?.annotations).toEqual({ "example.com/scrape": "false" });
    });

    const existing = lazyDocuments({
      values: { backendTLS: { mode: "existingSecret", existingSecret: "mine" } },
    });

    it("should render no checksum annotation when the chart does not generate the certificate", async () => {
      const { spec } = await deploymentOf(existing);
      expect(spec.template.metadata?.annotations?.["checksum/backend-tls"]).toBeUndefined();
    });
  });

  describe("image", () => {
    it("should use the registry, repository and the chart's appVersion when image.tag is empty", async () => {
      expect(container(await deploymentOf(defaults)).image).toBe(
        `ghcr.io/example/grpc-backend:${chartYaml.appVersion}`,
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

    it("should label the pod template with the selector labels only, no helm.sh/chart or app.kubernetes.io/version, when values are the defaults", async () => {
      const deployment = await deploymentOf(defaults);
      expect(deployment.spec.template.metadata?.labels).toEqual(selector);
      // The Deployment itself still carries them.
      expect(deployment.metadata?.labels).toMatchObject({
        "helm.sh/chart": expect.stringMatching(/^grpc-gke-/),
        "app.kubernetes.io/version": chartYaml.appVersion,
      });
    });

    it("should render the same pod template when only the chart's version and appVersion change and image.tag is set", async () => {
      const options = { values: { image: { tag: "2021.12.11" } } };
      const bump = (text: string) =>
        text.replace(/^version: .*$/m, "version: 9.8.7").replace(/^appVersion: .*$/m, 'appVersion: "9.9.9"');
      const [before, after] = await Promise.all([
        renderEditedChart((text) => text, options),
        renderEditedChart(bump, options),
      ]);
      const deploymentIn = (documents: RenderedDocument[]) =>
        find(redactGenerated(documents), "Deployment", FULLNAME);
      // The release really changed: the Deployment's own labels say so.
      expect(deploymentIn(after.documents).metadata?.labels?.["helm.sh/chart"]).toBe("grpc-gke-9.8.7");
      expect(deploymentIn(before.documents).metadata?.labels?.["helm.sh/chart"]).not.toBe("grpc-gke-9.8.7");
      // checksum/backend-tls is redacted: helm template generates a new certificate per render, an upgrade reuses it.
      expect(deploymentIn(after.documents).spec.template).toEqual(
        deploymentIn(before.documents).spec.template,
      );
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

    it("should add podLabels/commonLabels to the pod without replacing the selector labels when both try to", async () => {
      const labels = (await deploymentOf(labelled)).spec.template.metadata?.labels;
      expect(labels).toEqual({
        ...selector,
        "example.com/team": "backend",
        "example.com/workload": "realtime",
      });
    });

    it("should add podAnnotations next to the checksum annotation when podAnnotations is set", async () => {
      const annotations = (await deploymentOf(labelled)).spec.template.metadata?.annotations ?? {};
      expect(annotations["example.com/scrape"]).toBe("false");
      expect(annotations["checksum/backend-tls"]).toMatch(/^[0-9a-f]{64}$/);
    });

    it("should spread pods across zones with the selector labels when topologySpread is the default", async () => {
      expect(podSpec(await deploymentOf(defaults)).topologySpreadConstraints).toEqual([
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
