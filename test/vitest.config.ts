import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // The spec files share no mutable state: one module graph per worker means the helm binary's sha256 is
      // checked once per worker instead of once per file. (Each case runs the real helm: the shared timeout.)
      isolate: false,
      // Both cores: vitest's default for a run is one worker fewer than the cores (one, here). Measured alone on
      // 2 cores: 88 s with two workers, 100 s with one (each worker renders its own cache of variants).
      maxWorkers: "100%",
    },
  }),
);
