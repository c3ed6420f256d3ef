import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SCHEMA_ROOT } from "@grpc-gke/manifest/paths";
import { describe, expect, it } from "vitest";
import {
  compareSchemas,
  FINGERPRINT_FILE,
  generateSchemas,
  inputFingerprint,
  listFiles,
  outputFingerprint,
} from "../src/index.ts";

interface Fingerprint {
  readonly inputs: string;
  readonly outputs: string;
  readonly stats: {
    readonly unreached: number;
    readonly constraints: { readonly added: Record<string, number> };
  };
}

const fingerprint = JSON.parse(readFileSync(join(SCHEMA_ROOT, FINGERPRINT_FILE), "utf8")) as Fingerprint;
const onDisk = new Map(
  listFiles(SCHEMA_ROOT).map((path) => [path, readFileSync(join(SCHEMA_ROOT, path), "utf8")]),
);

function schema(path: string): Record<string, unknown> {
  const text = onDisk.get(path);
  if (text === undefined) throw new Error(`not in schemas/: ${path}`);
  return JSON.parse(text);
}

describe("schemas/ is current (without running the generator)", () => {
  it("was generated from the generator, layout and package versions there are now", () => {
    // On failure: run `npm run schemas` at the repository root and commit schemas/ and packages/validate/compiled/.
    expect(fingerprint.inputs).toBe(inputFingerprint());
  });

  it("holds exactly the files that generation wrote (none edited, added or removed)", () => {
    expect(outputFingerprint(onDisk)).toBe(fingerprint.outputs);
  });
});

// The full regeneration (about 12 s of CPU, the TypeScript compiler reading the model packages) proves the
// fingerprint misses no input. It is not part of `npm test` (the fingerprints above catch a stale schemas/ in a
// millisecond): `npm run schemas:verify` runs it, and the ci workflow runs that on every change.
describe.runIf(process.env.GRPC_GKE_REGENERATE === "1")("schemas/ regenerated in full", () => {
  it("is exactly what `npm run schemas` generates now", async () => {
    // On failure: run `npm run schemas` at the repository root and commit schemas/.
    expect(compareSchemas(await generateSchemas(), SCHEMA_ROOT)).toEqual([]);
    // A correctness check, not a timing one: about 12 s alone, over 60 s while turbo runs every suite at once
    // on CI's 2 cores; the bound only stops a hung generator.
  }, 300_000);
});

describe("schemas/", () => {
  it("names files the way kubeconform looks them up", () => {
    for (const path of [
      "v1.34.0-standalone-strict/deployment-apps-v1.json",
      "v1.34.0-standalone-strict/service-v1.json",
      "v1.34.0-standalone-strict/ingress-networking-v1.json",
      "v1.34.0-standalone-strict/role-rbac-v1.json",
      "v1.34.0-standalone-strict/horizontalpodautoscaler-autoscaling-v2.json",
      "v1.34.0-standalone-strict/priorityclass-scheduling-v1.json",
      "cloud.google.com/backendconfig_v1.json",
      "cloud.google.com/backendconfig_v1beta1.json",
      "networking.gke.io/frontendconfig_v1beta1.json",
      "networking.gke.io/managedcertificate_v1.json",
      "networking.gke.io/healthcheckpolicy_v1.json",
      "networking.gke.io/gcpbackendpolicy_v1.json",
      "networking.gke.io/gcpgatewaypolicy_v1.json",
      "gateway.networking.k8s.io/gateway_v1.json",
      "gateway.networking.k8s.io/gatewayclass_v1.json",
      "gateway.networking.k8s.io/httproute_v1.json",
      "gateway.networking.k8s.io/grpcroute_v1.json",
      "gateway.networking.k8s.io/referencegrant_v1beta1.json",
      "cert-manager.io/certificate_v1.json",
      "cert-manager.io/issuer_v1.json",
      "cert-manager.io/clusterissuer_v1.json",
      "networking.istio.io/gateway_v1.json",
      "networking.istio.io/virtualservice_v1.json",
      "networking.istio.io/destinationrule_v1.json",
      "monitoring.coreos.com/servicemonitor_v1.json",
      "monitoring.coreos.com/podmonitor_v1.json",
      "monitoring.coreos.com/prometheusrule_v1.json",
      "monitoring.googleapis.com/podmonitoring_v1.json",
      "monitoring.googleapis.com/podmonitoring_v1alpha1.json",
    ]) {
      expect(existsSync(join(SCHEMA_ROOT, path)), path).toBe(true);
    }
    expect(
      [...onDisk.keys()].filter((path) => /v1beta1|v2beta/.test(path) && path.startsWith("v1.")),
    ).toEqual([]);
  });

  it("keeps integers, int-or-string and quantities as Kubernetes has them", () => {
    const definitions = schema("v1.34.0-standalone-strict/deployment-apps-v1.json").definitions as Record<
      string,
      { properties: Record<string, { type: unknown; additionalProperties?: { type: unknown } }> }
    >;
    expect(definitions["core.v1.ContainerPort"]?.properties.containerPort?.type).toBe("integer");
    expect(definitions["apps.v1.RollingUpdateDeployment"]?.properties.maxSurge?.type).toEqual([
      "integer",
      "string",
      "null",
    ]);
    expect(
      definitions["core.v1.ResourceRequirements"]?.properties.limits?.additionalProperties?.type,
    ).toEqual(["number", "string"]);
    expect(definitions["meta.v1.ObjectMeta"]?.properties.labels?.additionalProperties?.type).toBe("string");
  });

  it("refuses null where Kubernetes requires a value (required references, list items)", () => {
    const deployment = schema("v1.34.0-standalone-strict/deployment-apps-v1.json") as {
      definitions: Record<string, { properties: Record<string, unknown> }>;
    };
    const spec = deployment.definitions["apps.v1.DeploymentSpec"]?.properties ?? {};
    const notNull = (ref: string) => ({ allOf: [{ $ref: `#/definitions/${ref}` }], not: { type: "null" } });
    expect(spec.selector).toEqual(notNull("meta.v1.LabelSelector"));
    expect(spec.template).toEqual(notNull("core.v1.PodTemplateSpec"));
    expect(deployment.definitions["core.v1.PodSpec"]?.properties.containers).toMatchObject({
      items: notNull("core.v1.Container"),
    });
    // Optional references still accept null (Kubernetes reads it as unset).
    expect(spec.strategy).toEqual({ $ref: "#/definitions/apps.v1.DeploymentStrategy" });
  });

  it("keeps the constraints the compiled validators enforce (pattern, lengths, bounds, enums)", () => {
    const certificate = JSON.stringify(schema("networking.gke.io/managedcertificate_v1.json"));
    expect(certificate).toContain('"maxLength":63');
    expect(certificate).toContain('"maxItems":100');
    expect(certificate).toContain('"pattern":"^(([a-z0-9]+|[a-z0-9][-a-z0-9]*[a-z0-9])');
    const route = JSON.stringify(schema("gateway.networking.k8s.io/httproute_v1.json"));
    expect(route).toContain('"maximum":65535');
    expect(route).toContain('"RequestHeaderModifier"');
    expect(JSON.stringify(schema("gateway.networking.k8s.io/gateway_v1.json"))).toContain(
      '"enum":["All","Selector","Same",null]',
    );
    expect(fingerprint.stats.constraints.added.pattern).toBeGreaterThan(100);
  });

  it('accepts "" where the API server reads it as unset (non-pointer Go strings)', () => {
    const pod = schema("v1.34.0-standalone-strict/pod-v1.json") as {
      definitions: Record<string, { properties: Record<string, { enum?: unknown[] }> }>;
    };
    expect(pod.definitions["core.v1.Container"]?.properties.imagePullPolicy?.enum).toContain("");
    expect(pod.definitions["core.v1.Toleration"]?.properties.effect?.enum).toContain("");
    expect(pod.definitions["core.v1.PodSpec"]?.properties.preemptionPolicy?.enum).not.toContain("");
  });

  it("brings the GKE kinds up to what GKE serves (overlays)", () => {
    const policy = JSON.stringify(schema("networking.gke.io/gcpbackendpolicy_v1.json"));
    for (const field of [
      "optionalMode",
      "optionalFields",
      "balancingMode",
      "capacityScalerPercent",
      "customMetrics",
      "scopes",
    ]) {
      expect(policy).toContain(`"${field}"`);
    }
    const backendConfig = schema("cloud.google.com/backendconfig_v1.json") as {
      properties: { spec: { properties: { iap: { required?: string[] } } } };
    };
    expect(backendConfig.properties.spec.properties.iap.required).toEqual(["enabled"]);
    const healthCheck = schema("networking.gke.io/healthcheckpolicy_v1.json") as {
      properties: { spec: { properties: { default: { properties: { config: { required?: string[] } } } } } };
    };
    expect(healthCheck.properties.spec.properties.default.properties.config.required).toContain("type");
    expect(JSON.stringify(schema("cloud.google.com/computeclass_v1.json"))).toContain('"reservations"');
  });

  it("adds whole kinds from a CRD document (crd overlay): GMP's PodMonitoring, as its CRD requires it", () => {
    const podMonitoring = schema("monitoring.googleapis.com/podmonitoring_v1.json") as {
      $comment: string;
      properties: {
        spec: {
          required: string[];
          properties: {
            endpoints: {
              minItems: number;
              items: { required: string[]; properties: Record<string, unknown> };
            };
          };
        };
      };
    };
    expect(podMonitoring.$comment).toContain("CRD podmonitorings.monitoring.googleapis.com");
    expect(podMonitoring.$comment).toContain("7920a2a222af1c09535d8141684e2944670c5041");
    const spec = podMonitoring.properties.spec;
    expect(spec.required).toEqual(["endpoints", "selector"]);
    expect(spec.properties.endpoints.minItems).toBe(1);
    expect(spec.properties.endpoints.items.required).toEqual(["interval", "port"]);
    // A port by name or by number (x-kubernetes-int-or-string).
    expect(spec.properties.endpoints.items.properties.port).toMatchObject({ type: ["integer", "string"] });
    expect(spec.properties.endpoints.items.properties.scheme).toMatchObject({
      enum: ["http", "https", null],
    });
  });

  it("has no external references", () => {
    for (const [path, text] of onDisk) {
      for (const match of text.matchAll(/"\$ref": "([^"]*)"/g)) {
        expect(match[1]?.startsWith("#/definitions/"), `${path}: ${match[1]}`).toBe(true);
      }
    }
  });

  it("records its sources", () => {
    const readme = readFileSync(join(SCHEMA_ROOT, "README.md"), "utf8");
    expect(readme).toContain("kubernetes-models@5.1.0");
    expect(fingerprint.stats.unreached).toBe(0);
  });
});
