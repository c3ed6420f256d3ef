import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../src/json-schema.ts";
import { applyOverlay, OverlayError, type SchemaOverlay } from "../src/overlays.ts";

const overlay: SchemaOverlay = {
  kind: "example.com/v1/Widget",
  parent: ["spec"],
  property: "gadget",
  schema: { type: "string" },
  source: "https://example.com/types.go",
};

function widget(): JsonSchema {
  return { type: "object", properties: { spec: { type: "object", properties: { alpha: {}, zulu: {} } } } };
}

describe("applyOverlay", () => {
  it("adds the property under its parent, keeping properties sorted", () => {
    const schema = widget();
    applyOverlay(schema, overlay);
    expect(Object.keys(schema.properties?.spec?.properties ?? {})).toEqual(["alpha", "gadget", "zulu"]);
    expect(schema.properties?.spec?.properties?.gadget).toEqual({ type: "string" });
  });

  it("refuses an overlay the package has made obsolete", () => {
    const schema = widget();
    applyOverlay(schema, overlay);
    expect(() => applyOverlay(schema, overlay)).toThrow(OverlayError);
    expect(() => applyOverlay(schema, overlay)).toThrow(/defines this property now[\s\S]*delete the overlay/);
  });

  it("refuses an overlay whose parent is not there", () => {
    expect(() => applyOverlay({ type: "object", properties: {} }, overlay)).toThrow(
      /no inline object at spec/,
    );
  });
});
