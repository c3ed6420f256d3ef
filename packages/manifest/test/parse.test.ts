import { describe, expect, it } from "vitest";
import { describeObject, ManifestParseError, parseManifests } from "../src/index.ts";

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
      ["stream.yaml#2", 2],
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
