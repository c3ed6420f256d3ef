/**
 * The kubelet's part, on loopback: lay out the pod's volumes, start the reference server as a child process
 * with exactly the rendered container env, run the startup and readiness probes as rendered, and terminate it
 * the way the kubelet does (preStop, SIGTERM, SIGKILL when terminationGracePeriodSeconds runs out).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { NODE_COMPILE_CACHE_DIR } from "@grpc-gke/manifest/paths";
import { IMAGE_EXECUTABLES, type LifecycleEvent, MAIN_PATH } from "@grpc-gke/reference-server";
import { issueMissingSecrets } from "./certs.ts";
import { type ProbeResult, runProbe } from "./probes.ts";
import { containerPort, type ProbeSpec, renderedSecretData, type Stack, StackError } from "./stack.ts";

/** The kubelet always leaves a container at least this long between SIGTERM and SIGKILL. */
export const MINIMUM_GRACE_MS = 2_000;

/** Loopback: where every pod of the e2e listens and is called. */
export const POD_HOST = "127.0.0.1";

/** The pod never became ready: the server exited, or a probe kept failing. */
export class PodNotReadyError extends Error {
  override readonly name = "PodNotReadyError";
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface TerminationReport {
  /** What the kubelet did with the preStop hook. */
  readonly preStop: string;
  /** Milliseconds from the start of termination. */
  readonly sigtermAtMs: number;
  readonly exitedAtMs: number;
  readonly exit: Exit;
  /** True when the grace period ran out and the kubelet sent SIGKILL. */
  readonly killed: boolean;
  readonly graceSeconds: number;
}

export interface StartPodOptions {
  /** Names the pod in notes and its temp folder. */
  readonly name: string;
}

interface Rewrite {
  readonly mountPath: string;
  readonly dir: string;
}

function rewritePath(value: string, rewrites: readonly Rewrite[]): string {
  const match = rewrites
    .filter(({ mountPath }) => {
      const base = mountPath.replace(/\/+$/, "");
      return value === base || value.startsWith(`${base}/`);
    })
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  return match === undefined ? value : match.dir + value.slice(match.mountPath.replace(/\/+$/, "").length);
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Servers still running: killed when the test process exits, whatever happened to the case that started them. */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

export class Pod {
  readonly name: string;
  readonly stack: Stack;
  /** The environment the server was started with: the rendered literal values, mount paths rewritten. */
  readonly env: Readonly<Record<string, string>>;
  /** What the emulation did that a cluster would do differently, or skipped. */
  readonly notes: readonly string[];
  readonly events: LifecycleEvent[] = [];
  readonly output: string[] = [];
  readonly grpcPort: number;
  readonly healthPort: number;
  readonly exited: Promise<Exit>;
  #process: ChildProcess;
  #root: string;
  #exit: Exit | undefined;

  private constructor(init: {
    name: string;
    stack: Stack;
    env: Record<string, string>;
    notes: string[];
    process: ChildProcess;
    root: string;
  }) {
    this.name = init.name;
    this.stack = init.stack;
    this.env = init.env;
    this.notes = init.notes;
    this.#process = init.process;
    this.#root = init.root;
    this.grpcPort = containerPort(init.stack, "grpc");
    this.healthPort = containerPort(init.stack, "health");
    let buffered = "";
    init.process.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        this.output.push(line);
        try {
          const parsed: unknown = JSON.parse(line);
          if (typeof parsed === "object" && parsed !== null && "event" in parsed)
            this.events.push(parsed as LifecycleEvent);
        } catch {
          // not a lifecycle line
        }
      }
    });
    init.process.stderr?.setEncoding("utf8").on("data", (chunk: string) => this.output.push(chunk.trimEnd()));
    this.exited = new Promise((resolve) => {
      init.process.once("exit", (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
    });
  }

  /** Lays out the volumes and starts the server; does not wait for it (see waitReady). */
  static async start(stack: Stack, options: StartPodOptions): Promise<Pod> {
    const notes: string[] = [...stack.renderNotes];
    const root = await mkdtemp(join(tmpdir(), `grpc-gke-e2e-${options.name.replace(/[^\w.-]+/g, "_")}-`));
    const issued = await issueMissingSecrets(stack, (name) => renderedSecretData(stack, name) !== undefined);
    for (const [name, secret] of issued) notes.push(`Secret ${name} is not rendered: ${secret.origin}`);

    const rewrites: Rewrite[] = [];
    for (const [index, mount] of stack.container.volumeMounts.entries()) {
      const volume = stack.volumes.find((candidate) => candidate.name === mount.name);
      if (volume === undefined) throw new StackError(`volumeMount ${mount.name} names no volume of the pod`);
      const dir = join(root, `volume-${index}-${mount.name}`);
      await mkdir(dir, { recursive: true });
      if (volume.secret !== undefined) {
        const data =
          renderedSecretData(stack, volume.secret.secretName) ?? issued.get(volume.secret.secretName)?.data;
        if (data === undefined)
          throw new StackError(`Secret ${volume.secret.secretName} is neither rendered nor issued`);
        const items =
          volume.secret.items ?? Object.keys(data).map((key) => ({ key, path: key, mode: undefined }));
        for (const item of items) {
          const content = data[item.key];
          if (content === undefined) {
            // The kubelet refuses to start the pod: "couldn't find key <key> in Secret".
            throw new StackError(`couldn't find key ${item.key} in Secret ${volume.secret.secretName}`);
          }
          const file = join(dir, item.path);
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, content);
          await chmod(file, item.mode ?? volume.secret.defaultMode ?? 0o644);
        }
      } else {
        notes.push(`volume ${mount.name} (${volume.type}) at ${mount.mountPath} is an empty folder here`);
      }
      if (mount.subPath !== undefined) notes.push(`volumeMount ${mount.name} uses subPath ${mount.subPath}`);
      rewrites.push({
        mountPath: mount.mountPath,
        dir: mount.subPath === undefined ? dir : join(dir, mount.subPath),
      });
    }

    const env: Record<string, string> = {};
    for (const entry of stack.container.env) {
      if (entry.value === undefined) {
        notes.push(`env ${entry.name} comes from valueFrom: not resolved without a cluster, left out`);
        continue;
      }
      const value = rewritePath(entry.value, rewrites);
      if (value !== entry.value)
        notes.push(`env ${entry.name}: mount path prefix rewritten to the temp folder`);
      env[entry.name] = value;
    }
    for (const source of stack.container.envFrom)
      notes.push(`envFrom ${source}: not rendered by the chart, left out`);
    if (stack.container.command !== undefined) {
      notes.push(
        `command ${JSON.stringify(stack.container.command)} is the app's; the reference server runs instead`,
      );
    }
    for (const other of stack.otherContainers) notes.push(`${other} is not run (another image)`);

    // The harness adds Node's compile cache (the repository's, shared with the CLI), not the pod: the server does
    // not read it and `Pod.env` stays the rendered env. With it a server keeps its type-stripped sources and their
    // V8 code and starts in ~0.3 s of CPU instead of ~0.45 s (about 80 start per run). Node caches TypeScript's
    // transpilation since nodejs/node#56629 (https://nodejs.org/api/module.html#module-compile-cache); an entry
    // whose CRC32 of source or cached data does not match (stale, or half-written as servers start side by side)
    // is ignored and compiled again (nodejs/node src/compile_cache.cc).
    const child = spawn(process.execPath, [MAIN_PATH, ...(stack.container.args ?? [])], {
      env: { ...env, NODE_COMPILE_CACHE: NODE_COMPILE_CACHE_DIR },
      stdio: ["ignore", "pipe", "pipe"],
    });
    live.add(child);
    child.once("exit", () => live.delete(child));
    return new Pod({ name: options.name, stack, env, notes, process: child, root });
  }

  /** The server's process id. */
  get pid(): number | undefined {
    return this.#process.pid;
  }

  get alive(): boolean {
    return this.#exit === undefined;
  }

  /** The last lines the server printed, for failure messages. */
  tail(lines = 6): string {
    return this.output.slice(-lines).join("\n");
  }

  async probe(spec: ProbeSpec): Promise<ProbeResult> {
    return runProbe(this.stack, spec, POD_HOST);
  }

  /** True once the server has logged that both its ports are bound. */
  get listening(): boolean {
    return this.events.some((event) => event.event === "listening");
  }

  /**
   * Waits as the kubelet does: the startup probe until it succeeds, then the readiness probe (each after its
   * initialDelaySeconds, every periodSeconds, successThreshold successes in a row; without a readinessProbe
   * Kubernetes counts the running container ready). Gives up at once when the server exits; when a probe has
   * failed `failuresAfterListening` times in a row (at most its failureThreshold) after the server logged that it
   * listens — the kubelet would go on probing, the pod would never get ready or would be restarted; or after
   * `maxWaitMs` (a server that never listens). Failures while the server is still starting do not count, so a
   * slow start on a busy machine is not mistaken for a broken probe.
   */
  async waitReady(
    maxWaitMs = 20_000,
    failuresAfterListening = 3,
  ): Promise<{ readonly readyAfterMs: number }> {
    const started = performance.now();
    const deadline = started + maxWaitMs;
    for (const [kind, spec] of [
      ["startupProbe", this.stack.container.startupProbe],
      ["readinessProbe", this.stack.container.readinessProbe],
    ] as const) {
      if (spec === undefined) continue;
      await this.#until(spec, kind, deadline, Math.min(failuresAfterListening, spec.failureThreshold));
    }
    return { readyAfterMs: Math.round(performance.now() - started) };
  }

  async #until(spec: ProbeSpec, kind: string, deadline: number, failuresAllowed: number): Promise<void> {
    await this.#sleepUnlessExited(spec.initialDelaySeconds * 1000);
    let successes = 0;
    let failures = 0;
    for (;;) {
      this.#failIfExited(kind);
      const listening = this.listening;
      const result = await this.probe(spec);
      this.#failIfExited(kind);
      if (result.ok) {
        successes++;
        failures = 0;
        if (successes >= (kind === "readinessProbe" ? spec.successThreshold : 1)) return;
      } else {
        successes = 0;
        if (listening) failures++;
        if (failures >= failuresAllowed) {
          throw new PodNotReadyError(
            `${this.name}: ${kind} failed ${failures} times in a row while the server listens (failureThreshold ${spec.failureThreshold}): ${result.detail}\n${this.tail()}`,
          );
        }
      }
      if (performance.now() + spec.periodSeconds * 1000 > deadline) {
        throw new PodNotReadyError(
          `${this.name}: ${kind} not passing in time: ${result.detail}\n${this.tail()}`,
        );
      }
      await this.#sleepUnlessExited(spec.periodSeconds * 1000);
    }
  }

  #failIfExited(kind: string): void {
    if (this.#exit === undefined) return;
    const failed = this.events.find((event) => event.event === "start_failed");
    throw new PodNotReadyError(
      `${this.name}: the server exited (code ${this.#exit.code}, signal ${this.#exit.signal}) before its ${kind} passed${
        failed === undefined ? "" : `: ${String(failed.error)}`
      }\n${this.tail()}`,
    );
  }

  async #sleepUnlessExited(ms: number): Promise<void> {
    if (ms <= 0) return;
    await Promise.race([delay(ms), this.exited]);
  }

  /**
   * Terminates as the kubelet does: runs the preStop hook (the native sleep; an exec hook only when the image has
   * the command: the reference image has none, so the kubelet records FailedPreStopHook and goes on), sends
   * SIGTERM, and SIGKILL when terminationGracePeriodSeconds (counted from the start, preStop included) runs out,
   * at the earliest 2 s after SIGTERM.
   * `onSigterm` runs right after SIGTERM is sent.
   */
  async terminate(
    options: { readonly skipPreStop?: boolean; readonly onSigterm?: () => void } = {},
  ): Promise<TerminationReport> {
    const started = performance.now();
    const graceSeconds = this.stack.terminationGracePeriodSeconds;
    const hook = this.stack.container.preStop;
    let preStop = "none rendered";
    if (options.skipPreStop === true) preStop = "skipped by the test";
    else if (hook?.kind === "sleep") {
      preStop = `sleep ${hook.seconds}s`;
      await Promise.race([delay(Math.min(hook.seconds, graceSeconds) * 1000), this.exited]);
    } else if (hook?.kind === "exec") {
      const executable = hook.command[0] ?? "";
      if (IMAGE_EXECUTABLES.includes(executable)) {
        preStop = `exec ${hook.command.join(" ")}`;
        await Promise.race([delay(Math.min(Number(hook.command[1]) || 0, graceSeconds) * 1000), this.exited]);
      } else {
        preStop = `exec ${hook.command.join(" ")}: FailedPreStopHook (the reference image has no ${executable})`;
      }
    } else if (hook?.kind === "httpGet") {
      preStop = `httpGet ${hook.path}: not emulated`;
    }
    const sigtermAtMs = Math.round(performance.now() - started);
    if (this.alive) this.#process.kill("SIGTERM");
    options.onSigterm?.();
    // The kubelet (killContainer): the grace left after the preStop hook, but never less than 2 s
    // (minimumGracePeriodInSeconds).
    const remaining = Math.max(graceSeconds * 1000 - (performance.now() - started), MINIMUM_GRACE_MS);
    const killTimer = new Promise<"kill">((resolve) =>
      setTimeout(() => resolve("kill"), Math.max(0, remaining)),
    );
    const outcome = await Promise.race([this.exited.then(() => "exited" as const), killTimer]);
    let killed = false;
    if (outcome === "kill" && this.alive) {
      killed = true;
      this.#process.kill("SIGKILL");
    }
    const exit = await this.exited;
    return {
      preStop,
      sigtermAtMs,
      exitedAtMs: Math.round(performance.now() - started),
      exit,
      killed,
      graceSeconds,
    };
  }

  /** Kills the server if it still runs and removes its temp folder. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.alive) {
      this.#process.kill("SIGKILL");
      await Promise.race([this.exited, delay(2_000)]);
    }
    await rm(this.#root, { recursive: true, force: true });
  }
}
