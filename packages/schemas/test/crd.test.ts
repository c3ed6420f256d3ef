import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CrdError, crdToSchemas } from "../src/crd.ts";

const list = parse(readFileSync(new URL("./__fixtures__/widgets-crd.yaml", import.meta.url), "utf8"));
const [kind] = crdToSchemas(list.items[0]);
if (kind === undefined) throw new Error("no kind");
const validate = new Ajv({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
}).compile(kind.schema);

function errors(spec: unknown) {
  validate({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec });
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.keyword}`);
}

describe("crdToSchemas", () => {
  it("converts each served version only", () => {
    expect(crdToSchemas(list.items[0]).map((k) => `${k.group}/${k.version}/${k.kind}`)).toEqual([
      "example.com/v1/Widget",
    ]);
  });

  it("compiles strictly (formats, CEL and x-kubernetes keywords left out) and accepts a valid object", () => {
    expect(
      errors({
        size: 3,
        port: "http",
        color: null,
        name: "abc",
        extra: { any: 1 },
        labels: { a: "b" },
        rule: { a: "x" },
      }),
    ).toEqual([]);
  });

  it("refuses unknown fields, except under preserve-unknown-fields", () => {
    expect(errors({ size: 1, sise: 2 })).toEqual(["/spec additionalProperties"]);
    expect(errors({ size: 1, template: { apiVersion: "v1", kind: "Pod", spec: { whatever: 1 } } })).toEqual(
      [],
    );
  });

  it("keeps bounds, patterns and lengths; OpenAPI 3.0's boolean exclusiveMinimum becomes a number", () => {
    expect(kind.schema.properties?.spec?.properties?.size).toMatchObject({
      exclusiveMinimum: 0,
      maximum: 10,
    });
    expect(errors({ size: 0 })).toEqual(["/spec/size exclusiveMinimum"]);
    expect(errors({ size: 11 })).toEqual(["/spec/size maximum"]);
    expect(errors({ size: 1, name: "ABCDEFGHIJ" })).toEqual(["/spec/name maxLength", "/spec/name pattern"]);
  });

  it("leaves out a Go RE2 pattern JavaScript cannot read, keeping the field", () => {
    expect(kind.schema.properties?.spec?.properties?.mode).toEqual({ type: ["string", "null"] });
  });

  it("reads int-or-string and keeps oneOf", () => {
    expect(errors({ size: 1, port: 80 })).toEqual([]);
    expect(errors({ size: 1, port: true })).toEqual(["/spec/port type"]);
    expect(errors({ size: 1, rule: { a: "x", b: "y" } })).toEqual(["/spec/rule oneOf"]);
  });

  it("accepts null for optional fields (the API server prunes it) and refuses it for required ones", () => {
    expect(errors({ size: 1, name: null })).toEqual([]);
    expect(errors({ size: null })).toEqual(["/spec/size type"]);
  });

  it("names the CRD when it cannot convert it", () => {
    expect(() =>
      crdToSchemas({ kind: "CustomResourceDefinition", metadata: { name: "x.example.com" }, spec: {} }),
    ).toThrow(CrdError);
    expect(() => crdToSchemas({ kind: "ConfigMap" })).toThrow(/not a CustomResourceDefinition/);
  });
});
