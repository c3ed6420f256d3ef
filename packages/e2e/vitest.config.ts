import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Cases start real servers and wait through real (scaled-down) shutdowns: most of a case is waiting, so
      // several run at once; every wait inside is bounded well below this. Not more than 3: the streams' clients
      // run in this worker, and with 6 cases (each with its servers) on 2 cores its timers lagged by seconds,
      // past the 1 s margins of the scaled shutdown timings.
      testTimeout: 60_000,
      maxConcurrency: 3,
      // The files are mostly waiting too: let them overlap.
      maxWorkers: 2,
    },
  }),
);
