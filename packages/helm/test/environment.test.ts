import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { type HelmMajor, helmEnvironment, provideHelm } from "../src/index.ts";

/** How many garbage collections a helm run made: with GODEBUG=gctrace=1 the Go runtime prints `gc N @...` for each. */
async function collections(major: HelmMajor, env: NodeJS.ProcessEnv): Promise<number> {
  const helm = await provideHelm({ major, env: { HELM_BIN: undefined } });
  const run = spawnSync(helm.path, ["version"], { env: { ...env, GODEBUG: "gctrace=1" }, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return run.stderr.match(/^gc \d+ @/gm)?.length ?? 0;
}

describe("helmEnvironment", () => {
  it("turns helm's garbage collector off up to a memory limit when the environment says nothing", () => {
    const env = helmEnvironment({ PATH: "/usr/bin", HOME: "/home/user" });
    expect(env).toEqual({ PATH: "/usr/bin", HOME: "/home/user", GOGC: "off", GOMEMLIMIT: "512MiB" });
  });

  it.each([
    [{ GOGC: "200" }, { GOGC: "200" }],
    [{ GOMEMLIMIT: "2GiB" }, { GOMEMLIMIT: "2GiB" }],
    [
      { GOGC: "50", GOMEMLIMIT: "1GiB" },
      { GOGC: "50", GOMEMLIMIT: "1GiB" },
    ],
  ])("leaves the user's own collector settings %o as they are", (base, expected) => {
    expect(helmEnvironment(base)).toEqual(expected);
  });

  it("reads process.env when given nothing", () => {
    expect(helmEnvironment().PATH).toBe(process.env.PATH);
  });

  // The fact the settings rest on: the pinned helm builds are Go programs whose runtime reads GOGC and GOMEMLIMIT.
  it.each([4, 3] as const)(
    "keeps the pinned helm %i from collecting garbage in a short run",
    async (major) => {
      const plain = { PATH: process.env.PATH };
      expect(await collections(major, plain)).toBeGreaterThan(0);
      expect(await collections(major, helmEnvironment(plain))).toBe(0);
    },
  );
});
