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
      severity: "error",
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
    expect(problem?.fix).toContain("grpc-gke schemas import");
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

  it("prepares a kind ahead of its objects without compiling it again when they come", () => {
    const fresh = createValidator();
    expect(fresh.prepare("apps/v1", "Deployment")).toBe(true);
    expect(fresh.prepare("v1", "Service")).toBe(true);
    expect(fresh.prepare("cloud.google.com/v1", "BackendConfig")).toBe(true);
    expect(fresh.prepare("example.com/v1", "Widget")).toBe(false);
    expect(fresh.compiledCount()).toBe(3);
    expect(fresh.validate(fixture("valid.yaml"))).toEqual([]);
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

  it("compiles every bundled schema (a Go-only regex or unknown keyword would stop the run)", () => {
    const fresh = createValidator();
    for (const key of fresh.kinds()) {
      const slash = key.lastIndexOf("/");
      const [document] = parseManifests(
        `apiVersion: ${key.slice(0, slash)}\nkind: ${key.slice(slash + 1)}\nmetadata: {name: x}\n`,
        "every.yaml",
      );
      if (document === undefined) throw new Error(key);
      expect(() => fresh.validateDocument(document), key).not.toThrow();
    }
    expect(fresh.compiledCount()).toBe(fresh.kinds().length);
  }, 60_000);

  it("refuses a schema folder without the Kubernetes version", () => {
    const empty = mkdtempSync(join(tmpdir(), "schemas-"));
    expect(() => createValidator({ schemaRoot: empty })).toThrow(SchemaRootError);
    expect(() => createValidator({ kubernetesVersion: "1.2.3" })).toThrow(/no schemas for Kubernetes 1.2.3/);
  });
});

function problemsOf(name: string) {
  return createValidator().validate(fixture(name));
}

describe("null where Kubernetes requires a value", () => {
  const problems = problemsOf("nulls.yaml");

  it("reports each required field left empty, and nothing for optional nulls", () => {
    expect(problems.map((problem) => [problem.object, problem.path])).toEqual([
      ["Deployment/default/empty", "spec.selector"],
      ["Deployment/default/empty", "spec.template"],
      ["Ingress/default/empty", "spec.rules[0].http.paths[0].backend"],
      ["Certificate/default/empty", "spec.issuerRef"],
    ]);
    expect(problems[0]?.message).toContain("must not be null: the field is required");
  });
});

describe("constraints recovered from the CRDs", () => {
  const problems = problemsOf("constraints.yaml");
  const at = (path: string) =>
    problems.filter((problem) => problem.path === path).map((problem) => problem.message);

  it("checks a ManagedCertificate domain against its pattern", () => {
    expect(at("spec.domains[0]")).toEqual([
      expect.stringContaining('"https://api.example.com" does not match the pattern'),
    ]);
  });

  it("checks an HTTPRoute port's range and a filter type's enum", () => {
    expect(at("spec.rules[0].backendRefs[0].port")).toEqual(["must be <= 65535, got integer 70000"]);
    expect(at("spec.rules[0].filters[0].type")).toEqual([expect.stringContaining("`RequestHeaderModifier`")]);
  });

  it("checks a Gateway's allowedRoutes.namespaces.from enum", () => {
    expect(at("spec.listeners[0].allowedRoutes.namespaces.from")).toEqual([
      'must be one of `All`, `Selector`, `Same`, got string "all"',
    ]);
  });

  it("requires HealthCheckPolicy config.type", () => {
    expect(at("spec.default.config.type")).toEqual(["missing required field `type`"]);
  });

  it("reports nothing else", () => {
    expect(problems).toHaveLength(5);
  });
});

describe("what GKE and the API server accept", () => {
  it("passes current GKE fields and empty strings the API server defaults", () => {
    expect(problemsOf("served-today.yaml")).toEqual([]);
  });
});

describe("apiVersion and kind", () => {
  const validator = createValidator();
  const one = (text: string) => validator.validate(parseManifests(text, "inline.yaml"));

  it("names the replacement of a removed apiVersion", () => {
    const [problem] = one("apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: old}\n");
    expect(problem).toMatchObject({ check: "unknown-kind", path: "apiVersion" });
    expect(problem?.message).toContain(
      "Kubernetes 1.22 removed it; Ingress is served as networking.k8s.io/v1",
    );
    expect(problem?.fix).toContain("apiVersion: networking.k8s.io/v1");
    const [psp] = one("apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: old}\n");
    expect(psp?.fix).toContain("Pod Security Admission");
  });

  it.each([
    ["../../../etc/v1", "Passwd"],
    ["example.com/v1", "../../Widget"],
    ["/tmp/v1", "Widget"],
  ])("never builds a path from apiVersion %j, kind %j", (apiVersion, kind) => {
    const [problem] = one(`apiVersion: ${JSON.stringify(apiVersion)}\nkind: ${JSON.stringify(kind)}\n`);
    expect(problem?.check).toBe("unknown-kind");
    expect(problem?.message).toContain("no Kubernetes kind has that name");
  });
});

describe("schema locations", () => {
  const crd = join(import.meta.dirname, "__fixtures__", "gadget-schema");
  const gadget = "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {size: 3}\n";
  const bad = "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {size: 3, colour: red}\n";

  it("reads a folder in the product's layout after the bundled schemas", () => {
    const validator = createValidator({ schemaLocations: ["default", crd] });
    expect(validator.validate(parseManifests(gadget, "g.yaml"))).toEqual([]);
    expect(validator.validate(parseManifests(bad, "g.yaml")).map((problem) => problem.path)).toEqual([
      "spec.colour",
    ]);
    expect(
      validator.validate(parseManifests("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", "c.yaml")),
    ).toEqual([]);
  });

  it("reads a kubeconform path template", () => {
    const validator = createValidator({
      schemaLocations: [join(crd, "{{.Group}}", "{{.ResourceKind}}_{{.ResourceAPIVersion}}.json")],
    });
    expect(validator.validate(parseManifests(gadget, "g.yaml"))).toEqual([]);
    // Without `default`, built-in kinds have no schema.
    expect(
      validator.validate(
        parseManifests("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", "c.yaml"),
      )[0]?.check,
    ).toBe("unknown-kind");
  });

  it("refuses remote and missing locations", () => {
    expect(() =>
      createValidator({ schemaLocations: ["https://example.com/{{.ResourceKind}}.json"] }),
    ).toThrow(/remote schema locations are not read/);
    expect(() => createValidator({ schemaLocations: [join(crd, "nope")] })).toThrow(SchemaRootError);
  });
});
