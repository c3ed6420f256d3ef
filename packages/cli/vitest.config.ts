import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Each case runs the real helm (and the first one in a worker checks a 60 MB binary's sha256).
    testTimeout: 30_000,
  },
});
