import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SCHEMA_ROOT } from "@grpc-gke/manifest/paths";
import { beforeAll, describe, expect, it } from "vitest";
import { compareSchemas, type GeneratedSchemas, generateSchemas } from "../src/index.ts";

let generated: GeneratedSchemas;

beforeAll(async () => {
  generated = await generateSchemas();
}, 60_000);

function schema(path: string): Record<string, unknown> {
  const text = generated.files.get(path);
  if (text === undefined) throw new Error(`not generated: ${path}`);
  return JSON.parse(text);
}

describe("schemas/", () => {
  it("is exactly what `npm run schemas` generates now", () => {
    // On failure: run `npm run schemas` at the repository root and commit schemas/.
    expect(compareSchemas(generated, SCHEMA_ROOT)).toEqual([]);
  });

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
    ]) {
      expect(generated.files.has(path), path).toBe(true);
    }
    expect(
      [...generated.files.keys()].filter((path) => /v1beta1|v2beta/.test(path) && path.startsWith("v1.")),
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

  it("has no external references", () => {
    for (const [path, text] of generated.files) {
      for (const match of text.matchAll(/"\$ref": "([^"]*)"/g)) {
        expect(match[1]?.startsWith("#/definitions/"), `${path}: ${match[1]}`).toBe(true);
      }
    }
  });

  it("records its sources", () => {
    const readme = readFileSync(join(SCHEMA_ROOT, "README.md"), "utf8");
    expect(readme).toContain("kubernetes-models@5.1.0");
    expect(generated.stats.unreached).toBe(0);
  });
});
