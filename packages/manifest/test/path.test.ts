import { describe, expect, it } from "vitest";
import { joinPath, jsonPath, pathFromPointer } from "../src/index.ts";

describe("the one path style", () => {
  it("dots field names, brackets indexes and quotes keys that are not identifiers", () => {
    expect(jsonPath("spec", "ports", 0, "name")).toBe("spec.ports[0].name");
    expect(jsonPath("metadata", "annotations", "cloud.google.com/neg")).toBe(
      'metadata.annotations["cloud.google.com/neg"]',
    );
    expect(jsonPath("metadata", "labels", "app-name")).toBe("metadata.labels.app-name");
    expect(jsonPath("data", "0key", "")).toBe('data["0key"][""]');
    expect(jsonPath()).toBe("");
  });

  it("appends to a path, and a path's root segments may be indexes", () => {
    expect(joinPath("spec.template.spec.containers[0]", "lifecycle")).toBe(
      "spec.template.spec.containers[0].lifecycle",
    );
    expect(joinPath("", "spec")).toBe("spec");
    expect(joinPath("spec", "rules", 1, "backendRefs", 0)).toBe("spec.rules[1].backendRefs[0]");
  });

  it("reads ajv's JSON pointers, telling array indexes from numeric map keys", () => {
    const data = { spec: { ports: [{ port: 1 }] }, data: { "0": "x", "a/b": "y" } };
    expect(pathFromPointer("", data)).toBe("");
    expect(pathFromPointer("/spec/ports/0/port", data)).toBe("spec.ports[0].port");
    expect(pathFromPointer("/data/0", data)).toBe('data["0"]');
    expect(pathFromPointer("/data/a~1b", data)).toBe('data["a/b"]');
  });
});
