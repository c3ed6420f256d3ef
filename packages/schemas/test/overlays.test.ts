import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../src/json-schema.ts";
import { applyOverlay, type FieldOverlay, OverlayError } from "../src/overlays.ts";

const overlay: FieldOverlay = {
  change: "add",
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

describe("applyOverlay: required-ness", () => {
  function config(): JsonSchema {
    return {
      type: "object",
      properties: {
        spec: {
          type: "object",
          properties: {
            items: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  kind: { type: ["string", "null"], enum: ["A", "B", null] },
                  name: { type: "string" },
                },
                required: ["name"],
              },
            },
          },
        },
      },
    };
  }
  const at = (schema: JsonSchema) => schema.properties?.spec?.properties?.items?.items;

  it("makes a field optional (and nullable), stepping into list items with []", () => {
    const schema = config();
    applyOverlay(schema, {
      change: "optional",
      kind: "x/v1/X",
      parent: ["spec", "items", "[]"],
      property: "name",
      source: "s",
    });
    expect(at(schema)?.required).toBeUndefined();
    expect(at(schema)?.properties?.name).toEqual({ type: ["string", "null"] });
  });

  it("requires a field, which then refuses null", () => {
    const schema = config();
    applyOverlay(schema, {
      change: "require",
      kind: "x/v1/X",
      parent: ["spec", "items", "[]"],
      property: "kind",
      source: "s",
    });
    expect(at(schema)?.required).toEqual(["name", "kind"]);
    expect(at(schema)?.properties?.kind).toEqual({ type: "string", enum: ["A", "B"] });
  });

  it("refuses a required-ness overlay that is obsolete", () => {
    const schema = config();
    expect(() =>
      applyOverlay(schema, {
        change: "require",
        kind: "x/v1/X",
        parent: ["spec", "items", "[]"],
        property: "name",
        source: "s",
      }),
    ).toThrow(/required already/);
  });
});
