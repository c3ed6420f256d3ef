/**
 * One worker of the variant matrix: for each values file it is given, render with helm 3 and helm 4, validate
 * every object and run the rules over each render (what the variant tests do per variant).
 */
import { parentPort, workerData } from "node:worker_threads";
import { checkPolicy } from "@grpc-gke/policy";
import { render } from "@grpc-gke/render";
import { createValidator } from "@grpc-gke/validate";

interface Job {
  readonly chart: string;
  readonly valuesFiles: readonly string[];
  readonly kubeVersion: string;
}

const job = workerData as Job;
const validator = createValidator();
let objects = 0;
let problems = 0;
for (const valuesFile of job.valuesFiles) {
  const renders = await Promise.all(
    ([3, 4] as const).map((helm) =>
      render({
        chart: job.chart,
        releaseName: "gunstars",
        namespace: "games",
        valuesFiles: [valuesFile],
        helm,
        kubeVersion: job.kubeVersion,
      }),
    ),
  );
  for (const { documents } of renders) {
    objects += documents.length;
    problems += validator.validate(documents).length + checkPolicy(documents).length;
  }
}
parentPort?.postMessage({ objects, problems });
