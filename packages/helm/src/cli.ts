/**
 * `npm run provide --workspace @grpc-gke/helm`: extracts and checks every pinned helm once, up front, so the
 * test tasks that run in parallel afterwards find them in the cache instead of each extracting its own copy.
 */
import { HELM_BUILDS, type HelmMajor } from "./binaries.ts";
import { HelmIntegrityError, HelmUnavailableError } from "./errors.ts";
import { type ProvideHelmOptions, provideHelm } from "./provide.ts";

// With HELM_BIN set there is nothing to extract: check that binary once, whatever its major.
const requests: ProvideHelmOptions[] = process.env.HELM_BIN
  ? [{}]
  : (Object.keys(HELM_BUILDS).map(Number) as HelmMajor[]).map((major) => ({ major }));
try {
  for (const request of requests) {
    const helm = await provideHelm(request);
    console.log(`helm ${helm.version} (${helm.source}): ${helm.path}`);
  }
} catch (error) {
  if (!(error instanceof HelmUnavailableError || error instanceof HelmIntegrityError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
