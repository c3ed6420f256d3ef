import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Cases run real subprocesses (helm, the generator) while turbo runs every package at once on 2 cores.
    testTimeout: 30_000,
  },
});
