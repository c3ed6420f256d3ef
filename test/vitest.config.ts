import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // The spec files share no mutable state: one module graph per worker means the helm binary's sha256 is
      // checked once per worker instead of once per file. (Each case runs the real helm: the shared timeout.)
      isolate: false,
      // Cases run concurrently (up to maxConcurrency, 5, per file): most of a case is waiting for its helm
      // render, and one at a time left a core idle (the worker was 85% idle). A suite whose cases are steps in
      // order says `describe(name, { concurrent: false }, ...)`; snapshots use the test context's `expect`.
      sequence: { concurrent: true },
    },
  }),
);
