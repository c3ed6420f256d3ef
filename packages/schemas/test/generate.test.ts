import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { type GeneratedSchemas, generateSchemas, SOURCES } from "../src/index.ts";

/** GKE's package only, plus a whole kind from a CRD document: quicker than the full generation. */
let generated: GeneratedSchemas;

beforeAll(async () => {
  const gke = SOURCES.filter((source) => source.name === "@kubernetes-models/gke");
  generated = await generateSchemas(gke, [
    { change: "crd", file: "test/__fixtures__/widgets-crd.yaml", source: "written for this test" },
  ]);
}, 60_000);

describe("a crd overlay", () => {
  it("adds the CRD's kinds in the custom-resource layout, with ObjectMeta for metadata", () => {
    const text = generated.files.get("example.com/widget_v1.json");
    expect(text).toBeDefined();
    const schema = JSON.parse(text ?? "{}");
    expect(schema.$comment).toContain("CRD widgets.example.com");
    expect(schema.properties.metadata).toEqual({ $ref: "#/definitions/meta.v1.ObjectMeta" });
    expect(Object.keys(schema.definitions)).toContain("meta.v1.ObjectMeta");
    const validate = new Ajv({
      allErrors: true,
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
    }).compile(schema);
    expect(
      validate({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: { size: 2 } }),
    ).toBe(true);
    expect(
      validate({ apiVersion: "example.com/v1", kind: "Widget", metadata: { nmae: "w" }, spec: { size: 2 } }),
    ).toBe(false);
  });

  it("refuses to add a kind a package already generates", async () => {
    await expect(
      generateSchemas(
        [],
        [
          { change: "crd", file: "test/__fixtures__/widgets-crd.yaml", source: "x" },
          { change: "crd", file: "test/__fixtures__/widgets-crd.yaml", source: "x" },
        ],
      ),
    ).rejects.toThrow(/generated from a package already|is generated/);
  });
});
