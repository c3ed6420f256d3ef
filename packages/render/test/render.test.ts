import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HelmTemplateError, render } from "../src/index.ts";

const chart = fileURLToPath(new URL("./__fixtures__/tiny", import.meta.url));
const greetingFile = fileURLToPath(new URL("./__fixtures__/values/greeting.yaml", import.meta.url));

describe("render", () => {
  it("returns each rendered object with the template it came from", async () => {
    const { documents, helm } = await render({ chart, releaseName: "demo", namespace: "games" });
    expect(helm.major).toBe(4);
    expect(documents.map((document) => [document.source, document.object.kind])).toEqual([
      ["tiny/templates/configmap.yaml", "ConfigMap"],
      ["tiny/templates/service.yaml", "Service"],
    ]);
    expect(documents[0]?.object).toMatchObject({
      metadata: { name: "demo-greeting", namespace: "games" },
      data: { greeting: "hello" },
    });
  });

  it("applies values files, then inline values, then --set, in helm's order", async () => {
    const fromFile = await render({ chart, valuesFiles: [greetingFile] });
    expect(fromFile.documents[0]?.object).toMatchObject({ data: { greeting: "from-file" } });
    const inline = await render({ chart, valuesFiles: [greetingFile], values: { greeting: "inline" } });
    expect(inline.documents[0]?.object).toMatchObject({ data: { greeting: "inline" } });
    expect(inline.documents[1]?.object).toMatchObject({ spec: { ports: [{ port: 9090 }] } });
    const set = await render({ chart, values: { greeting: "inline" }, set: ["greeting=set"] });
    expect(set.documents[0]?.object).toMatchObject({ data: { greeting: "set" } });
  });

  it("surfaces the chart's fail message as helm's own message", async () => {
    const attempt = render({ chart, values: { refuse: true } });
    await expect(attempt).rejects.toBeInstanceOf(HelmTemplateError);
    await expect(attempt).rejects.toMatchObject({
      exitCode: 1,
      helmMessage: "refuse: the tiny chart was told to refuse. Set refuse=false.",
    });
  });

  it("surfaces a values.schema.json violation with the offending key", async () => {
    const attempt = render({ chart, values: { prot: 80 } });
    await expect(attempt).rejects.toThrow(/prot/);
    await expect(attempt).rejects.toMatchObject({ helmMessage: expect.stringMatching(/additional/i) });
  });

  it("renders the same objects with helm 3 and helm 4", async () => {
    const [three, four] = await Promise.all([render({ chart, helm: 3 }), render({ chart, helm: 4 })]);
    expect(three.helm.version).toBe("3.17.2");
    expect(four.helm.version).toBe("4.1.4");
    expect(three.documents).toEqual(four.documents);
  });
});
