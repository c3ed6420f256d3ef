import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseManifests } from "@grpc-gke/manifest";
import { describe, expect, it } from "vitest";
import { createValidator, type Problem, SchemaRootError } from "../src/index.ts";

function fixture(name: string) {
  const path = join(import.meta.dirname, "__fixtures__", name);
  return parseManifests(readFileSync(path, "utf8"), name);
}

function find(problems: readonly Problem[], path: string): Problem {
  const problem = problems.find((candidate) => candidate.path === path);
  if (problem === undefined) {
    throw new Error(`no problem at ${path}; got ${JSON.stringify(problems, null, 2)}`);
  }
  return problem;
}

describe("createValidator", () => {
  const validator = createValidator();

  it("passes a correct Deployment, Service and BackendConfig", () => {
    const documents = fixture("valid.yaml");
    expect(documents.map((document) => document.object.kind)).toEqual([
      "Deployment",
      "Service",
      "BackendConfig",
    ]);
    expect(validator.validate(documents)).toEqual([]);
  });

  const invalid = fixture("invalid.yaml");
  const problems = validator.validate(invalid);

  it("reports a misspelled field with a suggestion, the object and the template", () => {
    expect(find(problems, "spec.ports[0].portt")).toEqual({
      check: "schema",
      object: "Service/default/broken",
      source: "broken/templates/service.yaml",
      path: "spec.ports[0].portt",
      message: "unknown field `portt` (not in the schema; did you mean `port`?)",
      fix: "rename `portt` to `port`",
    });
  });

  it("reports a wrong type with the value it got", () => {
    const problem = find(problems, "spec.template.spec.containers[0].ports[0].containerPort");
    expect(problem.object).toBe("Deployment/default/broken");
    expect(problem.source).toBe("broken/templates/deployment.yaml");
    expect(problem.message).toBe('must be integer, got string "5000"');
    expect(problem.fix).toContain("without quotes");
  });

  it("reports a missing required field", () => {
    const problem = find(problems, "spec.template.spec.containers[1].name");
    expect(problem.message).toBe("missing required field `name`");
    expect(problem.object).toBe("Deployment/default/broken");
  });

  it("reports an unknown field nested inside a CRD", () => {
    const problem = find(problems, "spec.healthCheck.requestPth");
    expect(problem.object).toBe("BackendConfig/default/broken");
    expect(problem.message).toBe(
      "unknown field `requestPth` (not in the schema; did you mean `requestPath`?)",
    );
  });

  it("reports a kind without a schema as a problem, not a pass", () => {
    const problem = problems.find((candidate) => candidate.check === "unknown-kind");
    expect(problem).toMatchObject({
      object: "Widget/default/broken",
      source: "broken/templates/widget.yaml",
      path: "",
    });
    expect(problem?.message).toContain("apiVersion `widgets.example.com/v1`, kind `Widget`");
    expect(problem?.fix).toContain("add a schema");
    expect(problem?.fix).toContain("remove the object");
  });

  it("reports nothing else", () => {
    expect(problems).toHaveLength(5);
  });

  it("compiles each apiVersion/kind once and reuses it", () => {
    const fresh = createValidator();
    expect(fresh.compiledCount()).toBe(0);
    fresh.validate(fixture("valid.yaml"));
    expect(fresh.compiledCount()).toBe(3);
    fresh.validate(fixture("valid.yaml"));
    fresh.validate(fixture("invalid.yaml")); // Service, Deployment, BackendConfig again; Widget has no schema
    expect(fresh.compiledCount()).toBe(3);
  });

  it("quotes map keys that are not identifiers in paths", () => {
    const [document] = parseManifests(
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    example.com/port: 80\n",
      "inline.yaml",
    );
    if (document === undefined) throw new Error("no document");
    const [problem] = validator.validate([document]);
    expect(problem?.path).toBe('metadata.annotations["example.com/port"]');
    expect(problem?.message).toBe("must be string, got integer 80");
  });

  it("lists the kinds it has schemas for", () => {
    const kinds = validator.kinds();
    for (const kind of [
      "apps/v1/Deployment",
      "v1/Service",
      "networking.k8s.io/v1/Ingress",
      "autoscaling/v2/HorizontalPodAutoscaler",
      "cloud.google.com/v1/BackendConfig",
      "networking.gke.io/v1beta1/FrontendConfig",
      "gateway.networking.k8s.io/v1/GRPCRoute",
      "gateway.networking.k8s.io/v1beta1/ReferenceGrant",
      "cert-manager.io/v1/ClusterIssuer",
      "networking.istio.io/v1/VirtualService",
      "monitoring.coreos.com/v1/ServiceMonitor",
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(kinds).not.toContain("extensions/v1beta1/Ingress");
  });

  it("refuses a schema folder without the Kubernetes version", () => {
    const empty = mkdtempSync(join(tmpdir(), "schemas-"));
    expect(() => createValidator({ schemaRoot: empty })).toThrow(SchemaRootError);
    expect(() => createValidator({ kubernetesVersion: "1.2.3" })).toThrow(/no schemas for Kubernetes 1.2.3/);
  });
});
