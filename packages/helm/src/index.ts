export { DEFAULT_HELM_MAJOR, HELM_BUILDS, type HelmBuild, type HelmMajor, isHelmMajor } from "./binaries.ts";
export { helmEnvironment } from "./environment.ts";
export { HelmIntegrityError, HelmUnavailableError, type HelmUnavailableReason } from "./errors.ts";
export {
  type HelmBinary,
  type ProvideHelmOptions,
  provideHelm,
  reportedVersion,
  sha256Of,
} from "./provide.ts";
