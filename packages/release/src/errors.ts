import { GrpcGkeError } from "@grpc-gke/manifest/errors";

/** Why a release step could not run at all (as opposed to a check that ran and found a problem). */
export type ReleaseErrorReason =
  | "not-a-git-repository"
  | "git-failed"
  | "chart-unreadable"
  | "helm-failed"
  | "source-date-epoch-invalid"
  | "source-date-unknown"
  | "annotations-unwritable"
  | "usage";

export class ReleaseError extends GrpcGkeError {
  override readonly name = "ReleaseError";
  declare readonly reason: ReleaseErrorReason;

  constructor(reason: ReleaseErrorReason, message: string, fix: string, options?: ErrorOptions) {
    super(`${message}\nFix: ${fix}`, { reason, fix }, options);
  }
}

/** One thing a release check found wrong: what, and how to fix it. A check returns these; it never throws them. */
export interface ReleaseProblem {
  /** Which check found it: `version`, `changelog`, `annotations`, `images`, `package`, `lint`, `workflows`, `artifacthub-repo`, `tag`. */
  readonly check: string;
  readonly message: string;
  readonly fix: string;
}
