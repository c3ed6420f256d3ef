/**
 * The vitest settings every workspace shares; each package's vitest.config.ts re-exports or merges this
 * (turborepo's with-vitest idea). It is a turbo global dependency: a change re-runs every suite.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Cases run real subprocesses (helm, the generators) while turbo runs every package at once on 2 cores.
    testTimeout: 30_000,
  },
});
