import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Each case starts real servers on loopback; most of a case is waiting for a (short) drain.
      testTimeout: 20_000,
    },
  }),
);
