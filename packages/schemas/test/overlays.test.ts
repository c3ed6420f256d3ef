import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../src/json-schema.ts";
import {
  applyOverlay,
  type FieldOverlay,
  OVERLAYS,
  OverlayError,
  POD_MONITORING_CRD,
} from "../src/overlays.ts";

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

describe("the PodMonitoring crd overlay", () => {
  const text = readFileSync(join(import.meta.dirname, "..", POD_MONITORING_CRD.file), "utf8");

  it("should keep GMP's published CRD unchanged below its header when the recorded sha256 is compared", () => {
    const published = text.slice(text.search(/^# Copyright 2022 Google LLC$/m));
    expect(createHash("sha256").update(published).digest("hex")).toBe(POD_MONITORING_CRD.sha256);
  });

  it("should name the repository, path, tag and commit it came from, in the file and in the overlay", () => {
    for (const fragment of [
      "https://github.com/GoogleCloudPlatform/prometheus-engine",
      "charts/operator/crds/monitoring.googleapis.com_podmonitorings.yaml",
      "v0.17.2",
      "7920a2a222af1c09535d8141684e2944670c5041",
    ]) {
      expect(text).toContain(fragment);
      expect(POD_MONITORING_CRD.source).toContain(fragment.replace("https://github.com/", ""));
    }
    expect(OVERLAYS).toContainEqual({
      change: "crd",
      file: POD_MONITORING_CRD.file,
      source: POD_MONITORING_CRD.source,
    });
  });
});
