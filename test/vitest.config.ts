import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Each case runs the real helm while turbo runs every package at once on 2 cores.
    testTimeout: 30_000,
    // The spec files share no mutable state: one module graph per worker means the helm binary's sha256 is
    // checked once per worker instead of once per file.
    isolate: false,
  },
});
