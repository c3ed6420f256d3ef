/** One JSON line per lifecycle event on stdout: `{"time":…,"event":"listening",…}`. */

export interface LifecycleEvent {
  readonly event: string;
  readonly [field: string]: unknown;
}

export type Logger = (event: LifecycleEvent) => void;

/** Writes each event as one JSON line to stdout, with an ISO time first. */
export const jsonLineLogger: Logger = (event) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
};
