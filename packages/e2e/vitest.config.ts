import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Cases start real servers and wait through real (scaled-down) shutdowns: most of a case is waiting, so
      // several run at once; every wait inside is bounded well below this.
      testTimeout: 60_000,
      maxConcurrency: 6,
      // The files are mostly waiting too: let them overlap.
      maxWorkers: 2,
    },
  }),
);
