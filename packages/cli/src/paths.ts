import { fileURLToPath } from "node:url";

/** The chart this repository ships; `grpc-gke check` renders it unless `--chart` says otherwise. */
export const BUNDLED_CHART = fileURLToPath(new URL("../../../charts/grpc-gke", import.meta.url));

/** The bundled example stack the README's quick start checks. */
export const EXAMPLE_VALUES = fileURLToPath(
  new URL("../../../charts/grpc-gke/examples/gunstars.values.yaml", import.meta.url),
);
