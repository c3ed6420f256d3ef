/** The container entry point, run as the container runs it: `node src/main.ts` with only the env. */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { MAIN_PATH } from "../src/index.ts";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

interface Run {
  readonly lines: Record<string, unknown>[];
  readonly exit: Promise<number | null>;
  readonly kill: (signal: NodeJS.Signals) => void;
  readonly waitFor: (event: string) => Promise<Record<string, unknown>>;
}

function run(env: Record<string, string>, args: string[] = []): Run {
  const child = spawn(process.execPath, [MAIN_PATH, ...args], { env, stdio: ["ignore", "pipe", "inherit"] });
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let buffered = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const part of parts) lines.push(JSON.parse(part) as Record<string, unknown>);
    for (const waiter of waiters.splice(0)) waiter();
  });
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const waitFor = async (event: string): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = lines.find((line) => line.event === event);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no ${event} event in ${JSON.stringify(lines)}`);
      await Promise.race([
        new Promise<void>((resolve) => waiters.push(resolve)),
        exit,
        new Promise((r) => setTimeout(r, 200)),
      ]);
    }
  };
  return { lines, exit, kill: (signal) => child.kill(signal), waitFor };
}

describe("main.ts", () => {
  it("logs one JSON line per lifecycle event, drains on SIGTERM and exits 0", async () => {
    const [grpcPort, healthPort] = [await freePort(), await freePort()];
    const server = run(
      { GRPC_PORT: String(grpcPort), HEALTH_PORT: String(healthPort), SHUTDOWN_DRAIN_SECONDS: "1" },
      ["--log-format=json"],
    );
    expect(await server.waitFor("listening")).toMatchObject({ grpcPort, healthPort, tls: false });
    expect(server.lines[0]).toMatchObject({ event: "starting", ignoredArgs: ["--log-format=json"] });
    expect((await fetch(`http://127.0.0.1:${healthPort}/health`)).status).toBe(200);
    server.kill("SIGTERM");
    expect(await server.exit).toBe(0);
    expect(server.lines.map((line) => line.event)).toEqual([
      "starting",
      "listening",
      "shutdown_started",
      "drained",
      "stopped",
      "exit",
    ]);
    for (const line of server.lines) expect(typeof line.time).toBe("string");
  });

  it("exits 1 and names the variable when the environment is incomplete", async () => {
    const server = run({ HEALTH_PORT: String(await freePort()) });
    expect(await server.exit).toBe(1);
    expect(await server.waitFor("start_failed")).toMatchObject({
      variable: "GRPC_PORT",
      error: expect.stringMatching(/not set/),
    });
  });
});
