import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // The spec files share no mutable state: one module graph per worker means the helm binary's sha256 is
      // checked once per worker instead of once per file. (Each case runs the real helm: the shared timeout.)
      isolate: false,
    },
  }),
);
