/**
 * The container's entry point: `node src/main.ts`. Configured by the environment only (see config.ts);
 * arguments are logged and ignored. SIGTERM (or SIGINT) runs the graceful shutdown, then the process exits 0;
 * a configuration or start failure exits 1.
 */
import { jsonLineLogger as log } from "./log.ts";
import { failedVariable, type RunningServer, startServer } from "./server.ts";

let server: RunningServer | undefined;
let stopping = false;

function onSignal(signal: NodeJS.Signals): void {
  if (stopping || server === undefined) {
    log({ event: "signal_ignored", signal, reason: stopping ? "already shutting down" : "not started yet" });
    return;
  }
  stopping = true;
  const running = server;
  running
    .shutdown(signal)
    .then((report) => {
      log({ event: "exit", code: 0, drained: report.drained });
      // Every listener and connection is closed: let node exit by itself once the last bytes (a stream's final
      // status) are flushed, rather than process.exit() dropping them; a stray handle cannot keep it up.
      process.exitCode = 0;
      setTimeout(() => process.exit(0), 1_000).unref();
    })
    .catch((error: unknown) => {
      log({ event: "exit", code: 1, error: String(error) });
      process.exit(1);
    });
}

process.on("SIGTERM", onSignal);
process.on("SIGINT", onSignal);
process.on("uncaughtException", (error) => {
  log({ event: "crashed", error: error.stack ?? String(error) });
  process.exit(1);
});

const args = process.argv.slice(2);
log({
  event: "starting",
  pid: process.pid,
  node: process.version,
  ...(args.length > 0 ? { ignoredArgs: args } : {}),
});
try {
  server = await startServer(process.env, { log });
} catch (error) {
  log({ event: "start_failed", variable: failedVariable(error) ?? null, error: (error as Error).message });
  process.exit(1);
}
