import { describe, expect, it } from "vitest";
import { GrpcGkeError, ManifestParseError, messageWithFix, parseManifests } from "../src/index.ts";

class ExampleError extends GrpcGkeError {
  override readonly name = "ExampleError";
}

describe("GrpcGkeError", () => {
  it("carries a reason and a fix, and prints the fix once", () => {
    const plain = new ExampleError("it broke", { reason: "broken", fix: "mend it" });
    expect(plain).toBeInstanceOf(Error);
    expect(plain).toMatchObject({ name: "ExampleError", reason: "broken", fix: "mend it" });
    expect(messageWithFix(plain)).toBe("it broke\nFix: mend it");
    const said = new ExampleError("it broke\nFix: mend it", { reason: "broken", fix: "mend it" });
    expect(messageWithFix(said)).toBe("it broke\nFix: mend it");
  });

  it("is the base of ManifestParseError, whose reason says what was wrong", () => {
    const error = (() => {
      try {
        parseManifests("- a\n", "list.yaml");
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ManifestParseError);
    expect(error).toBeInstanceOf(GrpcGkeError);
    expect(error).toMatchObject({ reason: "not-a-mapping", where: "document 1, line 1" });
  });
});
