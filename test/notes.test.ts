import { provideHelm } from "@grpc-gke/helm";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { CHART, defaultsAndVariants, listVariants, NAMESPACE, RELEASE_NAME } from "./support/chart.ts";

/** NOTES.txt as `helm install` prints it (a client-side dry run: `helm template` does not render notes). */
async function notes(valuesFile: string | undefined): Promise<string> {
  const helm = await provideHelm();
  const values = valuesFile === undefined ? [] : ["--values", valuesFile];
  const { stdout } = await execa(helm.path, [
    "install",
    RELEASE_NAME,
    CHART,
    "-n",
    NAMESPACE,
    "--dry-run=client",
    ...values,
  ]);
  const start = stdout.indexOf("\nNOTES:\n");
  if (start === -1) throw new Error(`helm install printed no NOTES:\n${stdout}`);
  return stdout.slice(start + "\nNOTES:\n".length);
}

const example = listVariants().find((variant) => variant.name === "examples/gunstars");

describe("NOTES.txt", () => {
  // Concurrent: each case waits on its own helm process.
  it.concurrent.for(defaultsAndVariants())(
    "renders for $name and tells how to wait for the rollout",
    async ({ valuesFile }, { expect }) => {
      expect(await notes(valuesFile)).toContain("kubectl -n games rollout status deployment/");
    },
  );

  it("walks the Gunstars example through static IP, DNS, certificate, a call and helm test", async () => {
    const text = await notes(example?.valuesFile);
    const steps = [
      "gcloud compute addresses create gunstars-realtime-ingress --global",
      "api.gunstars.example.com.  A  <IP>",
      "kubectl -n games get managedcertificate gunstars-grpc-gke",
      "grpcurl api.gunstars.example.com:443 grpc.health.v1.Health/Check",
      "helm test gunstars -n games --logs",
    ];
    for (const step of steps) expect(text).toContain(step);
    const positions = steps.map((step) => text.indexOf(step));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});
