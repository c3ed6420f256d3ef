/**
 * Cross-object consistency: the numbers and names one object uses are the ones another defines, for the
 * chart defaults, every ci/*-values.yaml, the examples, and a few inline stacks.
 */
import { readFileSync } from "node:fs";
import type { RenderedDocument } from "@grpc-gke/render";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type ChartRenderOptions, listVariants } from "../support/chart.ts";
import {
  type Container,
  container,
  containerPort,
  envOf,
  find,
  findAll,
  type Ingress,
  type IngressBackend,
  jsonAnnotation,
  lazyDocuments,
  type Probe,
  servicePort,
} from "./support.ts";

/** The parts of a values file that say which objects to expect. */
interface Values {
  readonly ingress?: { readonly enabled?: boolean; readonly hosts?: readonly { readonly host: string }[] };
  readonly managedCertificate?: { readonly domains?: readonly string[] };
  readonly backendConfig?: { readonly enabled?: boolean };
  readonly backendTLS?: { readonly mode?: string; readonly existingSecret?: string };
  readonly health?: { readonly path?: string };
}

interface Stack {
  readonly name: string;
  readonly values: Values;
  readonly documents: () => Promise<RenderedDocument[]>;
}

const stack = (name: string, options: ChartRenderOptions, values: Values): Stack => ({
  name,
  values,
  documents: lazyDocuments(options),
});

/** Inline values: the whole chart values for the render, read as {@link Values} to classify the stack. */
const inline = (name: string, values: Record<string, unknown>): Stack =>
  stack(name, { values }, values as Values);

const stacks: Stack[] = [
  inline("chart defaults", {}),
  ...listVariants().map(({ name, valuesFile }) =>
    stack(name, { valuesFiles: [valuesFile] }, (parse(readFileSync(valuesFile, "utf8")) ?? {}) as Values),
  ),
  inline("inline: custom ports and paths behind an Ingress", {
    ports: { grpc: 50051, health: 8080 },
    health: { path: "/healthz" },
    probes: { readiness: { path: "/ready" } },
    ingress: { enabled: true, globalStaticIPName: "grpc-ip" },
    managedCertificate: { domains: ["api.example.com"] },
  }),
  inline("inline: host rules with a managed certificate", {
    ingress: {
      enabled: true,
      defaultBackend: false,
      hosts: [{ host: "api.example.com" }, { host: "play.example.com" }],
    },
    managedCertificate: { domains: ["api.example.com", "play.example.com"] },
  }),
];

const withIngress = stacks.filter(({ values }) => values.ingress?.enabled === true);
const withBackendConfig = stacks.filter(({ values }) => values.backendConfig?.enabled !== false);
const withHostsAndManagedCertificate = withIngress.filter(
  ({ values }) =>
    (values.ingress?.hosts ?? []).length > 0 && (values.managedCertificate?.domains ?? []).length > 0,
);

/** A probe's port as a number: a named port is looked up among the container's ports. */
function probePort(app: Container, probe: Probe): number {
  const port = probe.httpGet?.port ?? probe.grpc?.port;
  if (port === undefined) throw new Error("probe has neither httpGet nor grpc");
  return typeof port === "number" ? port : containerPort(app, port).containerPort;
}

function backends(ingress: Ingress): IngressBackend[] {
  const fromRules = (ingress.spec.rules ?? []).flatMap((rule) => rule.http.paths.map((path) => path.backend));
  return ingress.spec.defaultBackend === undefined ? fromRules : [ingress.spec.defaultBackend, ...fromRules];
}

describe("wiring", () => {
  it("should cover the defaults, every ci values file, the Gunstars example and Ingress stacks", () => {
    const names = stacks.map(({ name }) => name);
    expect(names.filter((name) => name.startsWith("ci/")).length).toBeGreaterThanOrEqual(8);
    expect(names).toContain("examples/gunstars");
    expect(withIngress.length).toBeGreaterThanOrEqual(6);
    expect(withHostsAndManagedCertificate.length).toBeGreaterThanOrEqual(1);
  });

  describe.each(stacks)("$name", ({ values, documents }) => {
    it("should render an Ingress exactly when ingress.enabled and a BackendConfig unless it is disabled", async () => {
      const rendered = await documents();
      expect(findAll(rendered, "Ingress")).toHaveLength(values.ingress?.enabled === true ? 1 : 0);
      expect(findAll(rendered, "BackendConfig")).toHaveLength(
        values.backendConfig?.enabled === false ? 0 : 1,
      );
    });

    it("should target, from each Service port, a container port of the same name and number", async () => {
      const rendered = await documents();
      const app = container(find(rendered, "Deployment"));
      const { ports } = find(rendered, "Service").spec;
      expect(ports.map((port) => port.name).sort()).toEqual(["grpc", "health"]);
      for (const port of ports) {
        expect(typeof port.targetPort).toBe("string");
        expect(containerPort(app, String(port.targetPort)).containerPort).toBe(port.port);
      }
    });

    it("should probe the health containerPort, never the grpc one", async () => {
      const app = container(find(await documents(), "Deployment"));
      const health = containerPort(app, "health").containerPort;
      const probes = [app.readinessProbe, app.livenessProbe, app.startupProbe].filter(
        (probe): probe is Probe => probe !== undefined,
      );
      expect(probes.length).toBeGreaterThanOrEqual(1);
      for (const probe of probes) expect(probePort(app, probe)).toBe(health);
    });

    it("should key app-protocols by Service port names, with HTTP on health and HTTP2 on grpc when TLS is on", async () => {
      const service = find(await documents(), "Service");
      const protocols = jsonAnnotation(service, "cloud.google.com/app-protocols") as Record<string, string>;
      const names = service.spec.ports.map((port) => port.name);
      for (const key of Object.keys(protocols)) expect(names).toContain(key);
      expect(protocols.health).toBe("HTTP");
      expect(protocols.grpc).toBe(values.backendTLS?.mode === "disabled" ? undefined : "HTTP2");
    });

    it("should select the pod template's labels from the Service, the Deployment and the PDB", async () => {
      const rendered = await documents();
      const deployment = find(rendered, "Deployment");
      const podLabels = deployment.spec.template.metadata.labels;
      const selector = find(rendered, "Service").spec.selector;
      expect(Object.keys(selector).length).toBeGreaterThanOrEqual(2);
      expect(podLabels).toMatchObject(selector);
      expect(deployment.spec.selector.matchLabels).toEqual(selector);
      for (const pdb of findAll(rendered, "PodDisruptionBudget"))
        expect(pdb.spec.selector.matchLabels).toEqual(selector);
      for (const spread of deployment.spec.template.spec.topologySpreadConstraints ?? []) {
        expect(podLabels).toMatchObject(spread.labelSelector?.matchLabels ?? { missing: "labelSelector" });
      }
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

    it("should mount the TLS Secret that this mode provides and point the preset at files inside the mount", async () => {
      const rendered = await documents();
      const deployment = find(rendered, "Deployment");
      const app = container(deployment);
      const tlsVolume = deployment.spec.template.spec.volumes?.find((entry) => entry.name === "backend-tls");
      const mode = values.backendTLS?.mode ?? "selfSigned";
      if (mode === "disabled") {
        expect(tlsVolume).toBeUndefined();
        return;
      }
      const provided =
        mode === "selfSigned"
          ? findAll(rendered, "Secret").map((secret) => secret.metadata?.name)
          : mode === "certManager"
            ? findAll(rendered, "Certificate").map((certificate) => certificate.spec.secretName)
            : [values.backendTLS?.existingSecret];
      expect(provided).toHaveLength(1);
      expect(tlsVolume?.secret?.secretName).toBe(provided[0]);
      const mount = app.volumeMounts?.find((entry) => entry.name === "backend-tls");
      expect(mount?.readOnly).toBe(true);
      const env = envOf(app);
      const files = [
        env.get("Kestrel__Endpoints__Grpc__Certificate__Path") ?? env.get("TLS_CERT_FILE"),
        env.get("Kestrel__Endpoints__Grpc__Certificate__KeyPath") ?? env.get("TLS_KEY_FILE"),
      ];
      const directory = (mount?.mountPath ?? "(no mount)").replace(/\/$/, "");
      expect(files).toEqual([`${directory}/tls.crt`, `${directory}/tls.key`]);
    });

    it("should tell the server the container port numbers through the preset env vars", async () => {
      const app = container(find(await documents(), "Deployment"));
      const env = envOf(app);
      const grpc = containerPort(app, "grpc").containerPort;
      const health = containerPort(app, "health").containerPort;
      if (env.has("Kestrel__Endpoints__Grpc__Url")) {
        expect(env.get("Kestrel__Endpoints__Grpc__Url")).toMatch(
          new RegExp(`^https?://0\\.0\\.0\\.0:${grpc}$`),
        );
        expect(env.get("Kestrel__Endpoints__Health__Url")).toBe(`http://0.0.0.0:${health}`);
      } else {
        expect(env.get("GRPC_PORT")).toBe(String(grpc));
        expect(env.get("HEALTH_PORT")).toBe(String(health));
      }
    });

    it("should run the pod as the ServiceAccount the chart creates, when it creates one", async () => {
      const rendered = await documents();
      const pod = find(rendered, "Deployment").spec.template.spec;
      for (const account of findAll(rendered, "ServiceAccount")) {
        expect(pod.serviceAccountName).toBe(account.metadata?.name);
      }
    });

    it("should dial the Service's grpc port from the helm test pod, when there is one", async () => {
      const rendered = await documents();
      const service = find(rendered, "Service");
      for (const pod of findAll(rendered, "Pod")) {
        expect(pod.spec.containers[0]?.args).toContain(
          `-addr=${service.metadata?.name}.${service.metadata?.namespace}.svc:${servicePort(service, "grpc").port}`,
        );
      }
    });
  });

  describe.each(withBackendConfig)("$name with a BackendConfig", ({ values, documents }) => {
    it("should health-check the health containerPort, which is also a Service port", async () => {
      const rendered = await documents();
      const app = container(find(rendered, "Deployment"));
      const port = find(rendered, "BackendConfig").spec.healthCheck?.port;
      expect(port).toBe(containerPort(app, "health").containerPort);
      expect(servicePort(find(rendered, "Service"), "health").port).toBe(port);
    });

    it("should request the readiness probe's path (health.path with grpc probes)", async () => {
      const rendered = await documents();
      const app = container(find(rendered, "Deployment"));
      const { requestPath } = find(rendered, "BackendConfig").spec.healthCheck ?? {};
      const readinessPath = app.readinessProbe?.httpGet?.path;
      expect(requestPath).toBe(readinessPath ?? values.health?.path ?? "/health");
    });

    it("should health-check in plain HTTP, matching the health port's app-protocol", async () => {
      const rendered = await documents();
      const protocols = jsonAnnotation(find(rendered, "Service"), "cloud.google.com/app-protocols") as Record<
        string,
        string
      >;
      expect(find(rendered, "BackendConfig").spec.healthCheck?.type).toBe(protocols.health);
    });

    it("should bind the BackendConfig by name to the grpc Service port in the backend-config annotation", async () => {
      const rendered = await documents();
      const service = find(rendered, "Service");
      const binding = jsonAnnotation(service, "cloud.google.com/backend-config") as {
        ports?: Record<string, string>;
      };
      const backendConfigs = findAll(rendered, "BackendConfig").map((object) => object.metadata?.name);
      expect(Object.keys(binding.ports ?? {})).toEqual(["grpc"]);
      for (const [port, name] of Object.entries(binding.ports ?? {})) {
        expect(service.spec.ports.map((entry) => entry.name)).toContain(port);
        expect(backendConfigs).toContain(name);
      }
    });
  });

  describe.each(withIngress)("$name with an Ingress", ({ documents }) => {
    it("should route every Ingress backend to an existing Service port that targets the TLS grpc container port", async () => {
      const rendered = await documents();
      const service = find(rendered, "Service");
      const app = container(find(rendered, "Deployment"));
      const protocols = jsonAnnotation(service, "cloud.google.com/app-protocols") as Record<string, string>;
      const all = backends(find(rendered, "Ingress"));
      expect(all.length).toBeGreaterThanOrEqual(1);
      for (const backend of all) {
        expect(backend.service.name).toBe(service.metadata?.name);
        const port = service.spec.ports.find(
          (entry) => entry.name === backend.service.port.name || entry.port === backend.service.port.number,
        );
        expect(port).toBeDefined();
        expect(containerPort(app, String(port?.targetPort)).containerPort).toBe(
          containerPort(app, "grpc").containerPort,
        );
        expect(protocols[port?.name ?? ""]).toBe("HTTP2");
      }
    });

    it("should be picked up by the class annotation with no spec.ingressClassName", async () => {
      const ingress = find(await documents(), "Ingress");
      expect(ingress.metadata?.annotations?.["kubernetes.io/ingress.class"]).toMatch(
        /^gce(-internal|-regional-external)?$/,
      );
      expect(ingress.spec.ingressClassName).toBeUndefined();
    });

    it("should name only ManagedCertificates and FrontendConfigs that are rendered", async () => {
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

    it("should carry at least one certificate for HTTPS clients", async () => {
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
  });

  describe.each(withHostsAndManagedCertificate)(
    "$name with host rules and a managed certificate",
    ({ documents }) => {
      it("should certify exactly the Ingress hosts in the ManagedCertificate", async () => {
        const rendered = await documents();
        const hosts = (find(rendered, "Ingress").spec.rules ?? []).map((rule) => rule.host);
        expect([...find(rendered, "ManagedCertificate").spec.domains].sort()).toEqual(hosts.sort());
      });
    },
  );
});
