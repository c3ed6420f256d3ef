import { checkPolicy } from "@grpc-gke/policy";
import type { RenderResult } from "@grpc-gke/render";
import { createValidator } from "@grpc-gke/validate";
import { describe, expect, it } from "vitest";
import { backendTlsMode, clusterDomain, listVariants, renderChart } from "./support/chart.ts";
import { generatedCertificates, redactGenerated } from "./support/generated.ts";
import { toSnapshot } from "./support/snapshot.ts";

const validator = createValidator();
const variants = listVariants();

describe("chart variants", () => {
  it("covers at least 8 ci variants and the Gunstars example", () => {
    expect(variants.filter((variant) => variant.name.startsWith("ci/")).length).toBeGreaterThanOrEqual(8);
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

    it("renders the same objects with helm 4 and helm 3", async () => {
      const [four, three] = await rendered();
      expect(four.helm.version).toBe("4.1.4");
      expect(three.helm.version).toBe("3.17.2");
      expect(redactGenerated(three.documents)).toEqual(redactGenerated(four.documents));
    });

    it("renders only objects that match their strict schemas", async () => {
      const [four] = await rendered();
      expect(validator.validate(four.documents)).toEqual([]);
    });

    it("passes every GKE policy rule", async () => {
      const [four] = await rendered();
      expect(checkPolicy(four.documents)).toEqual([]);
    });

    it("generates a backend certificate exactly when backendTLS.mode is selfSigned, and it is sound", async () => {
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

    it("matches its snapshot", async () => {
      const [four] = await rendered();
      await expect(toSnapshot(redactGenerated(four.documents))).toMatchFileSnapshot(`snapshots/${name}.yaml`);
    });
  });
});
