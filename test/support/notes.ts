import { helmEnvironment, provideHelm } from "@grpc-gke/helm";
import { execa } from "execa";
import { CHART, NAMESPACE, RELEASE_NAME, type Values, withValuesFile } from "./chart.ts";

/** NOTES.txt as `helm install` prints it (a client-side dry run: `helm template` does not render notes). */
export async function notes(valuesFile: string | undefined): Promise<string> {
  const helm = await provideHelm();
  const values = valuesFile === undefined ? [] : ["--values", valuesFile];
  const { stdout } = await execa(
    helm.path,
    ["install", RELEASE_NAME, CHART, "-n", NAMESPACE, "--dry-run=client", ...values],
    { env: helmEnvironment() },
  );
  const start = stdout.indexOf("\nNOTES:\n");
  if (start === -1) throw new Error(`helm install printed no NOTES:\n${stdout}`);
  return stdout.slice(start + "\nNOTES:\n".length);
}

/** NOTES.txt for inline values, through a values file written to a temporary directory. */
export const notesFor = (values: Values): Promise<string> => withValuesFile(values, notes);
