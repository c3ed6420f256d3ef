/**
 * The pod template's checksum annotations change exactly when chart-owned configuration or secrets change. The chart
 * owns one such input outside the pod template: the self-signed backend certificate's Secret
 * (backend-tls/secret.yaml), which the pods mount and read at start-up, hashed into `checksum/backend-tls`
 * (deployment.yaml). Everything else the pod runs with is in the pod template itself, where a change rolls the pods
 * anyway. So on every variant the annotation is the hash of that Secret's data in the same render and nothing else:
 * it changes when the certificate does, and an unrelated value cannot move it. helm-upgrade.test.ts shows the other
 * half against an API server: on upgrade the certificate is reused, so the checksum stays.
 */
import { createHash } from "node:crypto";
import type { RenderedDocument } from "@grpc-gke/manifest";
import { describe, expect, it } from "vitest";
import { find } from "../chart/support.ts";
import { effectiveValues, listVariants, renderChart, valueAt } from "../support/chart.ts";

const CHECKSUM = "checksum/backend-tls";

/** The checksum/* annotations of the Deployment's pod template. */
function checksums(documents: readonly RenderedDocument[]): Record<string, string> {
  const annotations = find(documents, "Deployment").spec.template.metadata?.annotations ?? {};
  return Object.fromEntries(Object.entries(annotations).filter(([key]) => key.startsWith("checksum/")));
}

/** sha256 of `{"tls.crt": ..., "tls.key": ...}` as Go's toJson writes it: what `sha256sum` hashes in deployment.yaml. */
function hashOfSecret(documents: readonly RenderedDocument[]): string | undefined {
  const secret = documents.find(({ source }) => source.endsWith("templates/backend-tls/secret.yaml"))
    ?.object as { data: Record<string, string> } | undefined;
  if (secret === undefined) return undefined;
  const json = JSON.stringify({ "tls.crt": secret.data["tls.crt"], "tls.key": secret.data["tls.key"] });
  return createHash("sha256").update(json).digest("hex");
}

describe("checksum annotations of the pod template", () => {
  it.concurrent.for(listVariants().map((variant) => [variant.name, variant] as const))(
    "should hash exactly the chart-generated backend certificate of the same render, or carry no checksum, when rendering %s",
    async ([, { valuesFile }], { expect }) => {
      const { documents } = await renderChart({ valuesFiles: [valuesFile] });
      const values = effectiveValues(valuesFile);
      const rolls =
        valueAt(values, "backendTLS.mode") === "selfSigned" &&
        valueAt(values, "backendTLS.selfSigned.rollPodsOnChange") === true;
      expect(checksums(documents)).toEqual(rolls ? { [CHECKSUM]: hashOfSecret(documents) } : {});
    },
  );

  it("should change the checksum with the certificate and only with it: two renders generate two certificates, each hashed", async () => {
    const [one, two] = await Promise.all([
      renderChart({ values: { replicaCount: 2 } }),
      renderChart({ values: { replicaCount: 2, podAnnotations: { "example.com/team": "realtime" } } }),
    ]);
    expect(checksums(one.documents)[CHECKSUM]).toBe(hashOfSecret(one.documents));
    expect(checksums(two.documents)[CHECKSUM]).toBe(hashOfSecret(two.documents));
    expect(hashOfSecret(one.documents)).not.toBe(hashOfSecret(two.documents));
  });

  it.concurrent.for([
    ["backendTLS.mode=certManager", { backendTLS: { mode: "certManager" } }],
    [
      "backendTLS.mode=existingSecret",
      { backendTLS: { mode: "existingSecret", existingSecret: "api-backend-tls" } },
    ],
    ["backendTLS.mode=disabled with frontend=none", { frontend: "none", backendTLS: { mode: "disabled" } }],
    [
      "backendTLS.selfSigned.rollPodsOnChange=false",
      { backendTLS: { selfSigned: { rollPodsOnChange: false } } },
    ],
  ] as const)(
    "should carry no checksum when %s (no chart-generated Secret feeds the pods)",
    async ([, values], { expect }) => {
      expect(checksums((await renderChart({ values })).documents)).toEqual({});
    },
  );
});
