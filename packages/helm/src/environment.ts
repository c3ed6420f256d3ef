/**
 * The environment every helm process of this repository runs in. helm is a Go program that lives for a tenth of
 * a second: its garbage collector runs about nine times per `helm template` of this chart and takes a quarter of
 * the CPU helm uses, to keep a heap of a few dozen MB small. `GOGC=off` with a `GOMEMLIMIT` leaves the collector
 * off until the heap reaches the limit, then collects as usual (Go's soft memory limit: golang/go#48409, "by
 * setting GOGC=off, the Go runtime will always grow the heap to the full memory limit"; go.dev/doc/gc-guide),
 * so a big chart still renders within bounded memory. What the user set wins: either variable in the given
 * environment keeps both as they are.
 */

/** The garbage collector settings helm gets unless the environment has its own. */
const HELM_GC_ENVIRONMENT: Readonly<Record<"GOGC" | "GOMEMLIMIT", string>> = {
  GOGC: "off",
  GOMEMLIMIT: "512MiB",
};

/** `base` (the process's environment by default) with {@link HELM_GC_ENVIRONMENT} unless it sets GOGC or GOMEMLIMIT. */
export function helmEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (base.GOGC !== undefined || base.GOMEMLIMIT !== undefined) return { ...base };
  return { ...base, ...HELM_GC_ENVIRONMENT };
}
