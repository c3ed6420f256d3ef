import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  collectManifests,
  describeObject,
  KindNameError,
  kindNameProblem,
  ManifestParseError,
  parseManifests,
  readManifests,
  schemaPathCandidates,
} from "../src/index.ts";

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");
}

describe("parseManifests", () => {
  it("keeps helm's Source comment and drops empty documents", () => {
    const text = [
      "---",
      "# Source: chart/templates/a.yaml",
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata: {name: a, namespace: ns}",
      "---",
      "---",
      "apiVersion: v1",
      "kind: Secret",
      "metadata: {name: b}",
    ].join("\n");
    const documents = parseManifests(text, "stream.yaml");
    expect(documents.map((document) => [document.source, document.index])).toEqual([
      ["chart/templates/a.yaml", 0],
      ["stream.yaml#3", 2],
    ]);
    expect(documents.map((document) => describeObject(document.object))).toEqual([
      "ConfigMap/ns/a",
      "Secret/b",
    ]);
  });

  it("reports invalid YAML with the document and line", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: [unclosed\n";
    expect(() => parseManifests(text, "bad.yaml")).toThrow(ManifestParseError);
    expect(() => parseManifests(text, "bad.yaml")).toThrow(
      /bad\.yaml \(document 2, line \d+\): not valid YAML/,
    );
  });

  it("reports a document without kind, naming the field to add", () => {
    expect(() => parseManifests("apiVersion: v1\nmetadata: {name: x}\n", "nokind.yaml")).toThrow(
      /has no kind[\s\S]*Fix: Add a string `kind`/,
    );
  });

  it("reports a document that is a list instead of an object", () => {
    expect(() => parseManifests("- a\n- b\n", "list.yaml")).toThrow(/must be a mapping, found a list/);
  });
});

describe("readManifests reads YAML as kubectl does (YAML 1.1, go-yaml v2)", () => {
  const [pod] = parseManifests(fixture("yaml11.yaml"), "yaml11.yaml");
  const spec = pod?.object.spec as Record<string, unknown>;

  it("reads yes/off/n as booleans", () => {
    expect([spec.hostNetwork, spec.enableServiceLinks, spec.automountServiceAccountToken]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it("reads 0755 as octal", () => {
    expect(spec.volumes).toEqual([{ name: "config", configMap: { name: "config", defaultMode: 0o755 } }]);
  });

  it("resolves merge keys instead of keeping a `<<` field", () => {
    const [, sidecar] = spec.containers as Record<string, unknown>[];
    expect(sidecar).toMatchObject({ name: "sidecar", image: "example/app:1" });
    expect(sidecar).not.toHaveProperty("<<");
  });

  it("keeps base-60 numbers and timestamps as strings", () => {
    const [app] = spec.containers as { env: unknown[] }[];
    expect(app?.env).toEqual([
      { name: "AT", value: "12:30" },
      { name: "SINCE", value: "2001-12-14" },
    ]);
  });

  it("reads numbers only where go-yaml v2 does: `e2` and `.` stay strings, `0o17` is octal, `1_000.5` a float", () => {
    const text = [
      "apiVersion: v1",
      "kind: ConfigMap",
      "data:",
      "  a: e2",
      "  b: .",
      "  c: 1e3",
      "  d: .5",
      "  e: -.5",
      "  f: 1.",
      "  g: 1_000.5",
      "  h: 0o17",
      "  i: .5_0",
      "  j: E5",
      "",
    ].join("\n");
    const [document] = parseManifests(text, "numbers.yaml");
    expect(document?.object.data).toEqual({
      a: "e2",
      b: ".",
      c: 1000,
      d: 0.5,
      e: -0.5,
      f: 1,
      g: 1000.5,
      h: 15,
      i: ".5_0",
      j: "E5",
    });
  });

  it("turns a boolean key into the string JSON keeps (`on:` is `true`)", () => {
    const [document] = parseManifests("apiVersion: v1\nkind: ConfigMap\ndata:\n  on: x\n", "on.yaml");
    expect(document?.object.data).toEqual({ true: "x" });
  });
});

describe("readManifests: one bad document never hides the others", () => {
  const { documents, errors } = collectManifests(fixture("bad-documents.yaml"), "bad.yaml");

  it("yields every good object, before and after the bad ones", () => {
    expect(documents.map((document) => describeObject(document.object))).toEqual([
      "ConfigMap/first",
      "ConfigMap/last",
    ]);
    expect(documents.map((document) => document.source)).toEqual(["bad.yaml#1", "bad.yaml#6"]);
  });

  it("names a duplicate key and its line", () => {
    expect(errors[0]).toMatchObject({ reason: "duplicate-key", document: 2, line: 12 });
    expect(errors[0]?.problem).toContain("duplicate key `mode` at line 12");
    expect(errors[0]?.message).toMatch(/^bad\.yaml \(document 2, line 12\): duplicate key `mode`/);
  });

  it("reports a scalar document, quoting it", () => {
    expect(errors[1]).toMatchObject({ reason: "not-a-mapping", document: 3, line: 14 });
    expect(errors[1]?.problem).toContain('found a string "just a line of text"');
  });

  it("reports documents without apiVersion or kind", () => {
    expect(errors.slice(2).map((error) => [error.reason, error.document, error.problem])).toEqual([
      ["field-missing", 4, expect.stringContaining("has no apiVersion")],
      ["field-missing", 5, expect.stringContaining("has no kind")],
    ]);
    expect(errors[3]?.fix).toBe("Add a string `kind` at the top level of the document.");
  });

  it("streams: entries come one at a time, in order", () => {
    const entries = readManifests(fixture("bad-documents.yaml"), "bad.yaml");
    const first = entries.next();
    expect(first.done).toBe(false);
    expect(first.value).toMatchObject({ ok: true });
    expect([...entries].map((entry) => entry.ok)).toEqual([false, false, false, false, true]);
  });
});

describe("readManifests unpacks a List", () => {
  const { documents, errors } = collectManifests(fixture("list.yaml"), "list.yaml");

  it("yields each item as an object, named after the list", () => {
    expect(documents.map((document) => [describeObject(document.object), document.source])).toEqual([
      ["ConfigMap/one", "list.yaml#1.items[0]"],
      ["Service/two", "list.yaml#1.items[1]"],
    ]);
  });

  it("reports an item that is not an object", () => {
    expect(errors).toHaveLength(1);
    expect(errors[0]?.where).toBe("document 1, items[2], line 2");
    expect(errors[0]?.problem).toContain('found a string ("just a string")');
  });
});

describe("readManifests and YAML aliases", () => {
  const { documents, errors } = collectManifests(fixture("aliases.yaml"), "aliases.yaml");

  it("accepts an anchor reused 120 times", () => {
    expect(documents.map((document) => describeObject(document.object))).toEqual([
      "ConfigMap/reuse",
      "ConfigMap/after",
    ]);
    expect(documents[0]?.object["x-copies"]).toHaveLength(120);
  });

  it("refuses exponential alias expansion as a report, not a crash", () => {
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ reason: "excessive-aliasing", document: 2 });
  });
});

describe("schema paths are never built from unchecked content", () => {
  it.each([
    ["../../etc/v1", "Passwd"],
    ["v1/../../x", "ConfigMap"],
    ["example.com/v1", "../Widget"],
    ["Example.com/v1", "Widget"],
    ["example.com/v1", "Wid get"],
  ])("refuses apiVersion %j, kind %j", (apiVersion, kind) => {
    expect(kindNameProblem(apiVersion, kind)).toBeDefined();
    expect(() => schemaPathCandidates(apiVersion, kind)).toThrow(KindNameError);
  });

  it("accepts real names", () => {
    expect(kindNameProblem("networking.gke.io/v1beta1", "FrontendConfig")).toBeUndefined();
    expect(kindNameProblem("v1", "ConfigMap")).toBeUndefined();
  });
});
