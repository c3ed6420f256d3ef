export { PINNED_ACTIONS, type PinnedAction } from "./actions.ts";
export {
  ANNOTATION,
  type AnnotationCheckOptions,
  ARTIFACT_HUB_CATEGORIES,
  checkAnnotations,
  type GeneratedAnnotations,
  SUPPORTED_ANNOTATIONS,
  withGeneratedAnnotations,
  writeGeneratedAnnotations,
} from "./annotations.ts";
export {
  ARTIFACT_HUB_CHANGE_KINDS,
  type ArtifactHubChange,
  artifactHubChanges,
  type ChangelogEntry,
  entryMarkdown,
  newestRelease,
  parseChangelog,
  readChangelog,
} from "./changelog.ts";
export { type ChartMetadata, readChart, releaseTag } from "./chart.ts";
export {
  type CheckSection,
  checkPackagedFiles,
  generatedAnnotations,
  PACKAGE_REQUIRED,
  runReleaseChecks,
} from "./check.ts";
export { ReleaseError, type ReleaseErrorReason, type ReleaseProblem } from "./errors.ts";
export {
  APP_IMAGE_PATH,
  type ArtifactHubImage,
  collectChartImages,
  findImageBlocks,
  imageReference,
  renderedImages,
} from "./images.ts";
export { lintStrict } from "./lint.ts";
export {
  type ArchiveEntry,
  archiveEntries,
  gzipHeader,
  type PackageResult,
  packageChart,
  packagedFiles,
  resolveSourceDateEpoch,
  sha256File,
} from "./package.ts";
export { checkRepositoryMetadata } from "./repo-metadata.ts";
export {
  checkVersion,
  type ReleaseTag,
  releaseTags,
  type VersionCheckResult,
  type VersionStatus,
} from "./version.ts";
export {
  actionlint,
  checkWorkflow,
  checkWorkflows,
  unpinnedActions,
  type WorkflowFinding,
  workflowFiles,
} from "./workflows.ts";
