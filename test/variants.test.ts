import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkPolicy } from "@grpc-gke/policy";
import { declaredKinds, type RenderResult } from "@grpc-gke/render";
import { createValidator } from "@grpc-gke/validate";
import { describe, expect, it } from "vitest";
import {
  backendTlsMode,
  CHART,
  clusterDomain,
  effectiveValues,
  listVariants,
  renderChart,
  type Variant,
  valueAt,
} from "./support/chart.ts";
import { generatedCertificates, redactGenerated } from "./support/generated.ts";
import { toSnapshot } from "./support/snapshot.ts";

const validator = createValidator();
const variants = listVariants();

/** The frontends the chart offers: the `frontend` enum of its values.schema.json. */
const FRONTENDS = (
  JSON.parse(readFileSync(join(CHART, "values.schema.json"), "utf8")) as {
    properties: { frontend: { enum: string[] } };
  }
).properties.frontend.enum;

/** `apiVersion/kind` of every kind the chart's templates declare literally (read once for every variant). */
const declaredKindNames = declaredKinds(CHART).then(
  (kinds) => new Set(kinds.map(({ apiVersion, kind }) => `${apiVersion}/${kind}`)),
);

/** The frontend a values file selects: its `frontend` key, else the chart's default. */
const frontendOf = ({ valuesFile }: Variant) => valueAt(effectiveValues(valuesFile), "frontend");

describe("chart variants", () => {
  it("should have a ci variant and an example selecting each frontend when values.schema.json's frontend enum is read", () => {
    expect(FRONTENDS.length).toBeGreaterThanOrEqual(1);
    const missing = FRONTENDS.flatMap((frontend) =>
      [
        { folder: "ci", files: "charts/grpc-gke/ci/*-values.yaml" },
        { folder: "examples", files: "charts/grpc-gke/examples/*.values.yaml" },
      ]
        .filter(
          ({ folder }) =>
            !variants.some(
              (variant) => variant.name.startsWith(`${folder}/`) && frontendOf(variant) === frontend,
            ),
        )
        .map(({ files }) => `frontend: ${frontend} has no ${files}`),
    );
    expect(missing, `frontends without a values file: ${missing.join("; ")}`).toEqual([]);
  });

  it("should render the Gunstars example the READMEs start from when examples/ is listed", () => {
    expect(variants.map((variant) => variant.name)).toContain("examples/gunstars");
  });

  describe.each(variants)("$name", ({ name, valuesFile }) => {
    let renders: Promise<[RenderResult, RenderResult]> | undefined;
    /** Both renders, started by the first test that needs them and shared by the rest. */
    const rendered = () =>
      (renders ??= Promise.all([
        renderChart({ valuesFiles: [valuesFile], helm: 4 }),
        renderChart({ valuesFiles: [valuesFile], helm: 3 }),
      ]));

    it("should render the same objects with helm 4 and helm 3 when given this values file", async () => {
      const [four, three] = await rendered();
      expect(four.helm.version).toBe("4.1.4");
      expect(three.helm.version).toBe("3.17.2");
      expect(redactGenerated(three.documents)).toEqual(redactGenerated(four.documents));
    });

    it("should render only objects that match their strict schemas when given this values file", async () => {
      const [four] = await rendered();
      expect(validator.validate(four.documents)).toEqual([]);
    });

    it("should render only kinds its templates declare literally, which `check` loads validators for while helm runs", async () => {
      const [four] = await rendered();
      const declared = await declaredKindNames;
      const undeclared = four.documents
        .filter(({ source }) => !source.endsWith("/extra-objects.yaml"))
        .map(({ object }) => `${object.apiVersion}/${object.kind}`)
        .filter((kind) => !declared.has(kind));
      expect(undeclared).toEqual([]);
    });

    it("should pass every GKE policy rule when given this values file", async () => {
      const [four] = await rendered();
      expect(checkPolicy(four.documents)).toEqual([]);
    });

    it("should generate a sound backend certificate exactly when backendTLS.mode is selfSigned", async () => {
      const [four] = await rendered();
      const generated = generatedCertificates(four.documents);
      expect(generated).toHaveLength(backendTlsMode(valuesFile) === "selfSigned" ? 1 : 0);
      const service = four.documents.find(({ object }) => object.kind === "Service")?.object.metadata?.name;
      const domain = clusterDomain(valuesFile);
      for (const certificate of generated) {
        expect(certificate.keyMatches).toBe(true);
        expect(certificate.dnsNames).toEqual(
          expect.arrayContaining([`${service}`, `${service}.games.svc`, `${service}.games.svc.${domain}`]),
        );
        const now = Date.now();
        expect(Date.parse(certificate.certificate.validFrom)).toBeLessThanOrEqual(now);
        expect(Date.parse(certificate.certificate.validTo)).toBeGreaterThan(now + 300 * 24 * 3600 * 1000);
      }
    });

    // The test context's expect: cases run concurrently, and a snapshot must know its own test.
    it("should match its snapshot when given this values file", async ({ expect }) => {
      const [four] = await rendered();
      await expect(toSnapshot(redactGenerated(four.documents))).toMatchFileSnapshot(`snapshots/${name}.yaml`);
    });
  });
});
