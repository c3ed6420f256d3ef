/**
 * Cross-object consistency: the numbers and names one object uses are the ones another defines, for the
 * chart defaults, every ci/*-values.yaml, the examples, and a few inline stacks (including each frontend).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RenderedDocument } from "@grpc-gke/manifest";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { IIngressBackend } from "kubernetes-models/networking.k8s.io/v1/IngressBackend";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IProbe } from "kubernetes-models/v1/Probe";
import { describe, expect, it } from "vitest";
import {
  CHART,
  type ChartRenderOptions,
  chartDefaults,
  coalesceValues,
  listVariants,
  readValues,
  type Values,
  valueAt,
} from "../support/chart.ts";
import {
  container,
  containerPort,
  envOf,
  find,
  findAll,
  jsonAnnotation,
  lazyDocuments,
  podSpec,
  servicePort,
} from "./support.ts";

/** The frontends the chart offers, as its schema lists them. */
const FRONTENDS = (
  JSON.parse(readFileSync(join(CHART, "values.schema.json"), "utf8")) as {
    properties: { frontend: { enum: string[] } };
  }
).properties.frontend.enum;

interface Stack {
  readonly name: string;
  /** The values helm renders the stack with: its own over the chart's values.yaml. */
  readonly values: Values;
  readonly documents: () => Promise<RenderedDocument[]>;
}

const stack = (name: string, options: ChartRenderOptions, own: Values): Stack => ({
  name,
  values: coalesceValues(chartDefaults(), own),
  documents: lazyDocuments(options),
});

/** Inline values: rendered as they are, and coalesced over values.yaml to classify the stack. */
const inline = (name: string, values: Values): Stack => stack(name, { values }, values);

const stacks: Stack[] = [
  inline("chart defaults", {}),
  ...listVariants().map(({ name, valuesFile }) =>
    stack(name, { valuesFiles: [valuesFile] }, readValues(valuesFile)),
  ),
  inline("inline: custom ports, paths and endpoint names behind an Ingress", {
    ports: { grpc: 50051, health: 8080 },
    health: { path: "/healthz" },
    probes: { readiness: { path: "/ready" } },
    app: { aspnetcore: { endpointNames: { grpc: "Realtime", health: "Probes" } } },
    gkeIngress: {
      ingress: { enabled: true, globalStaticIPName: "grpc-ip" },
      managedCertificate: { domains: ["api.example.com"] },
    },
  }),
  inline("inline: host rules with a managed certificate", {
    gkeIngress: {
      ingress: {
        enabled: true,
        defaultBackend: false,
        hosts: [{ host: "api.example.com" }, { host: "play.example.com" }],
      },
      managedCertificate: { domains: ["api.example.com", "play.example.com"] },
    },
  }),
  inline("inline: frontend none", { frontend: "none" }),
  inline("inline: GKE Gateway with custom ports, paths and gRPC services", {
    frontend: "gkeGateway",
    ports: { grpc: 50051, health: 8080 },
    health: { path: "/healthz" },
    probes: { readiness: { path: "/ready" } },
    gkeGateway: {
      gateway: { certificateRefs: ["api-tls"], httpListener: true },
      route: {
        hostnames: ["api.example.com"],
        grpcServices: ["game.v1.Lobby"],
        httpsRedirect: { enabled: true },
      },
    },
  }),
  inline("inline: GKE Gateway, cleartext h2c with a gRPC health check, custom ports", {
    frontend: "gkeGateway",
    ports: { grpc: 6000, health: 6001 },
    backendTLS: { mode: "disabled" },
    gkeGateway: { gateway: { certificateMap: "certs" }, healthCheck: { type: "GRPC" } },
  }),
  inline("inline: frontend none, cleartext, generic preset", {
    frontend: "none",
    backendTLS: { mode: "disabled" },
    app: { preset: "generic" },
    ports: { grpc: 50051, health: 8080 },
  }),
];

const frontendOf = ({ values }: Stack) => valueAt(values, "frontend");
const onGkeIngress = (candidate: Stack) => frontendOf(candidate) === "gkeIngress";
const onGkeGateway = (candidate: Stack) => frontendOf(candidate) === "gkeGateway";
const ingressEnabled = (candidate: Stack) =>
  onGkeIngress(candidate) && valueAt(candidate.values, "gkeIngress.ingress.enabled") === true;
const backendConfigEnabled = (candidate: Stack) =>
  onGkeIngress(candidate) && valueAt(candidate.values, "gkeIngress.backendConfig.enabled") === true;
const tlsMode = ({ values }: Stack) => valueAt(values, "backendTLS.mode");
/** frontend=istio with the ESP sidecar: the Service's grpc and health ports land on ESP's ports (test/chart/istio/esp.test.ts). */
const withEsp = (candidate: Stack) =>
  frontendOf(candidate) === "istio" && valueAt(candidate.values, "istio.esp.enabled") === true;
const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

const withIngress = stacks.filter(ingressEnabled);
const withBackendConfig = stacks.filter(backendConfigEnabled);
const withHostsAndManagedCertificate = withIngress.filter(
  ({ values }) =>
    list(valueAt(values, "gkeIngress.ingress.hosts")).length > 0 &&
    list(valueAt(values, "gkeIngress.managedCertificate.domains")).length > 0,
);

/**
 * The Service of the release: named like the Deployment (the client-side balancing add-on adds a headless one beside
 * it, templates/service-headless.yaml, specified in service-headless.test.ts).
 */
function theService(rendered: readonly RenderedDocument[]) {
  return find(rendered, "Service", find(rendered, "Deployment").metadata?.name);
}

/** A probe's port as a number: a named port is looked up among the container's ports. */
function probePort(app: IContainer, probe: IProbe): number {
  const port = probe.httpGet?.port ?? probe.grpc?.port;
  if (port === undefined) throw new Error("probe has neither httpGet nor grpc");
  return typeof port === "number" ? port : (containerPort(app, port).containerPort ?? Number.NaN);
}

function backends(ingress: IIngress & { readonly spec: object }): IIngressBackend[] {
  const spec = ingress.spec ?? {};
  const fromRules = (spec.rules ?? []).flatMap((rule) =>
    (rule.http?.paths ?? []).map((path) => path.backend),
  );
  return spec.defaultBackend === undefined ? fromRules : [spec.defaultBackend, ...fromRules];
}

describe("wiring", () => {
  it("should cover the defaults, every ci values file, the Gunstars example, Ingress stacks and every frontend when the stacks are listed", () => {
    const names = stacks.map(({ name }) => name);
    expect(names.filter((name) => name.startsWith("ci/")).length).toBeGreaterThanOrEqual(8);
    expect(names).toContain("examples/gunstars");
    expect(withIngress.length).toBeGreaterThanOrEqual(6);
    expect(withHostsAndManagedCertificate.length).toBeGreaterThanOrEqual(1);
    expect(stacks.filter(onGkeGateway).length).toBeGreaterThanOrEqual(6);
    expect([...new Set(stacks.map(frontendOf))].sort()).toEqual([...FRONTENDS].sort());
  });

  describe.each(stacks)("$name", (current) => {
    const { values, documents } = current;

    it("should render an Ingress and a BackendConfig exactly when frontend=gkeIngress enables them, and ingress-nginx's Ingresses only with frontend=nginx", async () => {
      const rendered = await documents();
      // frontend=nginx: the gRPC Ingress, and a second one for nginx.ingress.extraPaths.
      const nginxIngresses =
        frontendOf(current) === "nginx"
          ? 1 + (list(valueAt(current.values, "nginx.ingress.extraPaths")).length > 0 ? 1 : 0)
          : 0;
      expect(findAll(rendered, "Ingress")).toHaveLength((ingressEnabled(current) ? 1 : 0) + nginxIngresses);
      expect(findAll(rendered, "BackendConfig")).toHaveLength(backendConfigEnabled(current) ? 1 : 0);
      if (!onGkeIngress(current)) {
        expect(findAll(rendered, "FrontendConfig")).toEqual([]);
        expect(findAll(rendered, "ManagedCertificate")).toEqual([]);
      }
    });

    it("should target, from each Service port, a container port of the same name and number when rendered (with ESP, grpc and health on ESP's ports)", async () => {
      const rendered = await documents();
      const app = container(find(rendered, "Deployment"));
      const esp = podSpec(find(rendered, "Deployment")).initContainers?.find((entry) => entry.name === "esp");
      const ports = theService(rendered).spec.ports ?? [];
      const extraPorts = list(valueAt(current.values, "extraPorts")).map((port) =>
        valueAt(port as Values, "name"),
      );
      // The metrics port (ports.metrics) is a Service port of its own when set.
      const metrics = valueAt(current.values, "ports.metrics") == null ? [] : ["metrics"];
      expect(ports.map((port) => port.name).sort()).toEqual(
        ["grpc", "health", ...extraPorts, ...metrics].sort(),
      );
      for (const port of ports) {
        if (withEsp(current) && (port.name === "grpc" || port.name === "health")) {
          expect(esp?.ports?.map((entry) => entry.containerPort)).toContain(port.targetPort);
          continue;
        }
        expect(typeof port.targetPort).toBe("string");
        expect(containerPort(app, String(port.targetPort)).containerPort).toBe(port.port);
      }
    });

    it("should probe the health containerPort, never the grpc one, when probes are on", async () => {
      const app = container(find(await documents(), "Deployment"));
      const health = containerPort(app, "health").containerPort;
      const probes = [app.readinessProbe, app.livenessProbe, app.startupProbe].filter(
        (probe): probe is IProbe => probe !== undefined,
      );
      expect(probes.length).toBeGreaterThanOrEqual(1);
      for (const probe of probes) expect(probePort(app, probe)).toBe(health);
    });

    it("should mark the grpc Service port HTTP2 when backend TLS is on and kubernetes.io/h2c when it is off (grpc through Istio), and health HTTP", async () => {
      const service = theService(await documents());
      expect(servicePort(service, "grpc").appProtocol).toBe(
        frontendOf(current) === "istio"
          ? "grpc"
          : tlsMode(current) === "disabled"
            ? "kubernetes.io/h2c"
            : "HTTP2",
      );
      expect(servicePort(service, "health").appProtocol).toBe("HTTP");
    });

    it("should select the pod template's labels from the Service, the Deployment and the PDB when rendered", async () => {
      const rendered = await documents();
      const deployment = find(rendered, "Deployment");
      const podLabels = deployment.spec.template.metadata?.labels;
      const selector = theService(rendered).spec.selector ?? {};
      expect(Object.keys(selector).length).toBeGreaterThanOrEqual(2);
      expect(podLabels).toMatchObject(selector);
      expect(deployment.spec.selector.matchLabels).toEqual(selector);
      for (const pdb of findAll(rendered, "PodDisruptionBudget"))
        expect(pdb.spec.selector?.matchLabels).toEqual(selector);
      for (const spread of podSpec(deployment).topologySpreadConstraints ?? []) {
        expect(podLabels).toMatchObject(spread.labelSelector?.matchLabels ?? { missing: "labelSelector" });
      }
    });

    it("should leave helm.sh/chart and app.kubernetes.io/version off the pod template, so that no pod rolls when only the chart is released", async () => {
      const labels = find(await documents(), "Deployment").spec.template.metadata?.labels ?? {};
      expect(Object.keys(labels)).not.toContain("helm.sh/chart");
      expect(Object.keys(labels)).not.toContain("app.kubernetes.io/version");
    });

    it("should point the HPA at the Deployment and leave it no fixed replicas when there is an HPA", async () => {
      const rendered = await documents();
      const deployment = find(rendered, "Deployment");
      for (const hpa of findAll(rendered, "HorizontalPodAutoscaler")) {
        expect(hpa.spec.scaleTargetRef).toEqual({
          apiVersion: deployment.apiVersion,
          kind: "Deployment",
          name: deployment.metadata?.name,
        });
        expect(deployment.spec.replicas).toBeUndefined();
      }
    });

    it("should mount the TLS Secret that this mode provides and point the preset at files inside the mount when backend TLS is on", async () => {
      const rendered = await documents();
      const deployment = find(rendered, "Deployment");
      const app = container(deployment);
      const tlsVolume = podSpec(deployment).volumes?.find((entry) => entry.name === "backend-tls");
      const mode = tlsMode(current);
      if (mode === "disabled") {
        expect(tlsVolume).toBeUndefined();
        return;
      }
      const provided =
        mode === "selfSigned"
          ? findAll(rendered, "Secret").map((secret) => secret.metadata?.name)
          : mode === "certManager"
            ? findAll(rendered, "Certificate").map((certificate) => certificate.spec.secretName)
            : [valueAt(values, "backendTLS.existingSecret")];
      expect(provided).toHaveLength(1);
      expect(tlsVolume?.secret?.secretName).toBe(provided[0]);
      const mount = app.volumeMounts?.find((entry) => entry.name === "backend-tls");
      expect(mount?.readOnly).toBe(true);
      const env = envOf(app);
      const grpcEndpoint = `Kestrel__Endpoints__${String(valueAt(values, "app.aspnetcore.endpointNames.grpc"))}`;
      const files =
        valueAt(values, "app.preset") === "aspnetcore"
          ? [env.get(`${grpcEndpoint}__Certificate__Path`), env.get(`${grpcEndpoint}__Certificate__KeyPath`)]
          : [env.get("TLS_CERT_FILE"), env.get("TLS_KEY_FILE")];
      const directory = (mount?.mountPath ?? "(no mount)").replace(/\/$/, "");
      expect(files).toEqual([`${directory}/tls.crt`, `${directory}/tls.key`]);
    });

    it("should tell the server the container port numbers through the preset env vars when rendered", async () => {
      const app = container(find(await documents(), "Deployment"));
      const env = envOf(app);
      const grpc = containerPort(app, "grpc").containerPort;
      const health = containerPort(app, "health").containerPort;
      if (valueAt(values, "app.preset") === "aspnetcore") {
        const names = (key: string) => String(valueAt(values, `app.aspnetcore.endpointNames.${key}`));
        expect(env.get(`Kestrel__Endpoints__${names("grpc")}__Url`)).toMatch(
          new RegExp(`^https?://0\\.0\\.0\\.0:${grpc}$`),
        );
        expect(env.get(`Kestrel__Endpoints__${names("health")}__Url`)).toBe(`http://0.0.0.0:${health}`);
      } else {
        expect(env.get("GRPC_PORT")).toBe(String(grpc));
        expect(env.get("HEALTH_PORT")).toBe(String(health));
      }
    });

    it("should run the pod as the ServiceAccount the chart creates, when it creates one", async () => {
      const rendered = await documents();
      const pod = podSpec(find(rendered, "Deployment"));
      // serviceaccount-client.yaml's is for kuberesolver clients, never the server's.
      const server = rendered.filter(({ source }) => source === "grpc-gke/templates/serviceaccount.yaml");
      for (const { object } of server) expect(pod.serviceAccountName).toBe(object.metadata?.name);
    });

    it("should give the headless Service, when there is one, the Service's selector and grpc port, on the same container port", async () => {
      const rendered = await documents();
      const service = theService(rendered);
      const app = container(find(rendered, "Deployment"));
      for (const headless of findAll(rendered, "Service").filter(
        (other) => other.spec.clusterIP === "None",
      )) {
        expect(headless.spec.selector).toEqual(service.spec.selector);
        expect(headless.spec.ports).toEqual([servicePort(service, "grpc")]);
        expect(containerPort(app, "grpc").containerPort).toBe(headless.spec.ports?.[0]?.port);
      }
    });

    it("should dial the Service's grpc port from the helm test pod, when there is one", async () => {
      const rendered = await documents();
      const service = theService(rendered);
      for (const pod of findAll(rendered, "Pod")) {
        expect(pod.spec.containers[0]?.args).toContain(
          `-addr=${service.metadata?.name}.${service.metadata?.namespace}.svc:${servicePort(service, "grpc").port}`,
        );
      }
    });
  });

  describe.each(stacks.filter(onGkeIngress))("$name with frontend gkeIngress", (current) => {
    it("should key app-protocols by Service port names, with HTTP on health and HTTP2 on grpc when TLS is on", async () => {
      const service = theService(await current.documents());
      const protocols = jsonAnnotation(service, "cloud.google.com/app-protocols") as Record<string, string>;
      const names = (service.spec.ports ?? []).map((port) => port.name);
      for (const key of Object.keys(protocols)) expect(names).toContain(key);
      expect(protocols.health).toBe("HTTP");
      expect(protocols.grpc).toBe(tlsMode(current) === "disabled" ? undefined : "HTTP2");
    });

    it("should turn on container-native load balancing (NEG) on the Service when frontend=gkeIngress", async () => {
      const service = theService(await current.documents());
      expect(jsonAnnotation(service, "cloud.google.com/neg")).toMatchObject({ ingress: true });
    });
  });

  describe.each(stacks.filter((candidate) => !onGkeIngress(candidate)))(
    "$name without GKE Ingress",
    (current) => {
      it("should put no GKE annotation on the Service when GKE Ingress is not the frontend (gkeGateway or none)", async () => {
        const service = theService(await current.documents());
        const keys = Object.keys(service.metadata?.annotations ?? {});
        expect(keys.filter((key) => key.startsWith("cloud.google.com/"))).toEqual([]);
      });
    },
  );

  describe.each(stacks.filter(onGkeGateway))("$name with frontend gkeGateway", ({ values, documents }) => {
    it("should render none of GKE Ingress's objects (Ingress, BackendConfig, FrontendConfig, ManagedCertificate) when frontend=gkeGateway", async () => {
      const rendered = await documents();
      for (const kind of ["Ingress", "BackendConfig", "FrontendConfig", "ManagedCertificate"] as const)
        expect(findAll(rendered, kind)).toEqual([]);
    });

    it("should send the gRPC route to the Service's grpc port, which targets the grpc containerPort, when rendered", async () => {
      const rendered = await documents();
      const service = theService(rendered);
      const app = container(find(rendered, "Deployment"));
      const route = find(rendered, "HTTPRoute", service.metadata?.name);
      const refs = (route.spec.rules ?? []).flatMap((rule) => rule.backendRefs ?? []);
      expect(refs.length).toBeGreaterThanOrEqual(1);
      for (const ref of refs) {
        expect(ref.name).toBe(service.metadata?.name);
        const port = (service.spec.ports ?? []).find((entry) => entry.port === ref.port);
        expect(port?.name).toBe("grpc");
        expect(containerPort(app, String(port?.targetPort)).containerPort).toBe(
          containerPort(app, "grpc").containerPort,
        );
      }
    });

    it("should attach every route to a listener the chart's Gateway has, when the chart creates one", async () => {
      const rendered = await documents();
      for (const created of findAll(rendered, "Gateway")) {
        const listeners = created.spec.listeners.map((listener) => listener.name);
        for (const route of findAll(rendered, "HTTPRoute")) {
          for (const parent of route.spec.parentRefs ?? []) {
            expect(parent.name).toBe(created.metadata?.name);
            expect(listeners).toContain(parent.sectionName);
          }
        }
      }
    });

    it("should target the rendered Service from the GCPBackendPolicy and the HealthCheckPolicy when rendered", async () => {
      const rendered = await documents();
      const name = theService(rendered).metadata?.name;
      for (const policy of [find(rendered, "GCPBackendPolicy"), find(rendered, "HealthCheckPolicy")])
        expect(policy.spec.targetRef).toEqual({ group: "", kind: "Service", name });
    });

    it("should health-check a port the pod serves: the health containerPort at the readiness path (HTTP), or the h2c grpc port or h2c health port (GRPC)", async () => {
      const rendered = await documents();
      const app = container(find(rendered, "Deployment"));
      const config = find(rendered, "HealthCheckPolicy").spec.default?.config;
      const health = containerPort(app, "health").containerPort;
      if (config?.type === "HTTP") {
        expect(config.httpHealthCheck?.port).toBe(health);
        expect(servicePort(theService(rendered), "health").port).toBe(health);
        expect(config.httpHealthCheck?.requestPath).toBe(
          app.readinessProbe?.httpGet?.path ?? valueAt(values, "health.path"),
        );
      } else {
        expect(config?.type).toBe("GRPC");
        const grpc = config?.grpcHealthCheck;
        if (valueAt(values, "backendTLS.mode") === "disabled")
          expect(grpc?.portSpecification).toBe("USE_SERVING_PORT");
        else {
          expect(grpc?.port).toBe(health);
          expect(app.readinessProbe?.grpc?.port).toBe(health);
        }
      }
    });
  });

  describe.each(withBackendConfig)("$name with a BackendConfig", ({ values, documents }) => {
    it("should health-check the health containerPort, which is also a Service port, when there is a BackendConfig", async () => {
      const rendered = await documents();
      const app = container(find(rendered, "Deployment"));
      const port = find(rendered, "BackendConfig").spec.healthCheck?.port;
      expect(port).toBe(containerPort(app, "health").containerPort);
      expect(servicePort(theService(rendered), "health").port).toBe(port);
    });

    it("should request the readiness probe's path (health.path with grpc probes) when there is a BackendConfig", async () => {
      const rendered = await documents();
      const app = container(find(rendered, "Deployment"));
      const { requestPath } = find(rendered, "BackendConfig").spec.healthCheck ?? {};
      const readinessPath = app.readinessProbe?.httpGet?.path;
      expect(requestPath).toBe(readinessPath ?? valueAt(values, "health.path"));
    });

    it("should health-check in plain HTTP, matching the health port's app-protocol, when there is a BackendConfig", async () => {
      const rendered = await documents();
      const protocols = jsonAnnotation(theService(rendered), "cloud.google.com/app-protocols") as Record<
        string,
        string
      >;
      expect(find(rendered, "BackendConfig").spec.healthCheck?.type).toBe(protocols.health);
      expect(protocols.health).toBe("HTTP");
    });

    it("should bind the BackendConfig by name to the grpc Service port in the backend-config annotation when there is one", async () => {
      const rendered = await documents();
      const service = theService(rendered);
      const binding = jsonAnnotation(service, "cloud.google.com/backend-config") as {
        ports?: Record<string, string>;
      };
      const backendConfigs = findAll(rendered, "BackendConfig").map((object) => object.metadata?.name);
      expect(Object.keys(binding.ports ?? {})).toEqual(["grpc"]);
      for (const [port, name] of Object.entries(binding.ports ?? {})) {
        expect((service.spec.ports ?? []).map((entry) => entry.name)).toContain(port);
        expect(backendConfigs).toContain(name);
      }
    });
  });

  describe.each(withIngress)("$name with an Ingress", ({ documents }) => {
    it("should route every Ingress backend to an existing Service port that targets the TLS grpc container port when there is an Ingress", async () => {
      const rendered = await documents();
      const service = theService(rendered);
      const app = container(find(rendered, "Deployment"));
      const protocols = jsonAnnotation(service, "cloud.google.com/app-protocols") as Record<string, string>;
      const all = backends(find(rendered, "Ingress"));
      expect(all.length).toBeGreaterThanOrEqual(1);
      for (const backend of all) {
        expect(backend.service?.name).toBe(service.metadata?.name);
        const port = (service.spec.ports ?? []).find(
          (entry) =>
            entry.name === backend.service?.port?.name || entry.port === backend.service?.port?.number,
        );
        expect(port).toBeDefined();
        expect(containerPort(app, String(port?.targetPort)).containerPort).toBe(
          containerPort(app, "grpc").containerPort,
        );
        expect(protocols[port?.name ?? ""]).toBe("HTTP2");
      }
    });

    it("should be picked up by the class annotation with no spec.ingressClassName when there is an Ingress", async () => {
      const ingress = find(await documents(), "Ingress");
      expect(ingress.metadata?.annotations?.["kubernetes.io/ingress.class"]).toMatch(
        /^gce(-internal|-regional-external)?$/,
      );
      expect(ingress.spec.ingressClassName).toBeUndefined();
    });

    it("should name only ManagedCertificates and FrontendConfigs that are rendered when the Ingress names any", async () => {
      const rendered = await documents();
      const annotations = find(rendered, "Ingress").metadata?.annotations ?? {};
      const managed = annotations["networking.gke.io/managed-certificates"];
      const frontend = annotations["networking.gke.io/v1beta1.FrontendConfig"];
      expect(findAll(rendered, "ManagedCertificate").map((object) => object.metadata?.name)).toEqual(
        managed === undefined ? [] : managed.split(","),
      );
      expect(findAll(rendered, "FrontendConfig").map((object) => object.metadata?.name)).toEqual(
        frontend === undefined ? [] : [frontend],
      );
    });

    it("should carry at least one certificate for HTTPS clients when there is an Ingress", async () => {
      const ingress = find(await documents(), "Ingress");
      const annotations = ingress.metadata?.annotations ?? {};
      const certificates =
        (annotations["networking.gke.io/managed-certificates"] ?? "").split(",").filter(Boolean).length +
        (annotations["ingress.gcp.kubernetes.io/pre-shared-cert"] ?? "").split(",").filter(Boolean).length +
        (ingress.spec.tls ?? []).length;
      expect(certificates).toBeGreaterThanOrEqual(1);
    });

    it("should only name TLS hosts that have a host rule, when both are set", async () => {
      const ingress = find(await documents(), "Ingress");
      const hosts = (ingress.spec.rules ?? []).map((rule) => rule.host);
      if (hosts.length === 0) return;
      for (const entry of ingress.spec.tls ?? [])
        for (const host of entry.hosts ?? []) expect(hosts).toContain(host);
    });

    it("should never redirect to HTTPS when the Ingress is internal (gce-internal)", async () => {
      const rendered = await documents();
      const ingress = find(rendered, "Ingress");
      if (ingress.metadata?.annotations?.["kubernetes.io/ingress.class"] !== "gce-internal") return;
      for (const frontendConfig of findAll(rendered, "FrontendConfig"))
        expect(frontendConfig.spec.redirectToHttps?.enabled).not.toBe(true);
    });
  });

  describe.each(withHostsAndManagedCertificate)(
    "$name with host rules and a managed certificate",
    ({ documents }) => {
      it("should certify exactly the Ingress hosts in the ManagedCertificate when both are set", async () => {
        const rendered = await documents();
        const hosts = (find(rendered, "Ingress").spec.rules ?? []).map((rule) => rule.host);
        expect([...(find(rendered, "ManagedCertificate").spec.domains ?? [])].sort()).toEqual(hosts.sort());
      });
    },
  );
});
