/**
 * The one base class of every typed error in the workspace (helm, render, manifest parsing, validation, the
 * schema and docs generators, the CLI's usage errors). Each says why it happened (`reason`, a stable kebab-case
 * word a caller can switch on) and what to do (`fix`), so a caller that cannot recover (the CLI: exit 2) catches
 * this one type and prints `message` and `fix` without knowing every package's errors.
 *
 * This file imports nothing: `@grpc-gke/manifest/errors` is cheap for packages that need only the base class.
 */
export abstract class GrpcGkeError extends Error {
  /** Why, as a stable kebab-case word (e.g. `package-missing`, `yaml-invalid`); subclasses narrow the type. */
  readonly reason: string;
  /** What to do about it, in one sentence. */
  readonly fix: string;

  constructor(
    message: string,
    details: { readonly reason: string; readonly fix: string },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.reason = details.reason;
    this.fix = details.fix;
  }
}

/** The error's message followed by its fix, unless the message already says it (most end with `Fix: …`). */
export function messageWithFix(error: GrpcGkeError): string {
  return error.message.includes(error.fix) ? error.message : `${error.message}\nFix: ${error.fix}`;
}
