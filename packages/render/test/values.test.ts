import { describe, expect, it } from "vitest";
import { coalesceValues, valueAt } from "../src/values.ts";

describe("coalesceValues (helm's coalescing of user values over the chart's)", () => {
  const chart = { image: { repository: "app", tag: "1" }, ports: [1, 2], probes: { type: "http" } };

  it("should merge maps key by key, replace lists and scalars, and delete a key set to null", () => {
    expect(coalesceValues(chart, { image: { tag: "2" }, ports: [3], probes: null })).toEqual({
      image: { repository: "app", tag: "2" },
      ports: [3],
    });
  });

  it("should replace a map with a scalar and a scalar with a map, and leave both inputs untouched", () => {
    const overrides = { image: "app:3", extra: { a: 1 } };
    expect(coalesceValues(chart, overrides)).toEqual({ ...chart, image: "app:3", extra: { a: 1 } });
    expect(chart.image).toEqual({ repository: "app", tag: "1" });
  });
});

describe("valueAt", () => {
  it("should read a dotted path, and give undefined when a step is missing or not a map", () => {
    const values = { backendTLS: { mode: "selfSigned" }, list: [1] };
    expect(valueAt(values, "backendTLS.mode")).toBe("selfSigned");
    expect(valueAt(values, "backendTLS.missing.deeper")).toBeUndefined();
    expect(valueAt(values, "list.0")).toBeUndefined();
  });
});
