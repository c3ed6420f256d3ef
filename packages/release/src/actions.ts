/**
 * The third-party actions the workflows use, each pinned to the commit of a release tag. Every SHA was read from
 * the action's own repository (a snapshot fetched with the search tool's `fetch`, then
 * `git for-each-ref refs/tags` and, for an annotated tag, the commit it points to); none is typed from memory.
 * The workflow test fails when a workflow uses an action that is not here, or another SHA or version.
 */
export interface PinnedAction {
  readonly sha: string;
  /** The release tag the SHA is, as the workflow's `# vX.Y.Z` comment says. */
  readonly version: string;
  /** How the SHA was found. */
  readonly source: string;
}

export const PINNED_ACTIONS: Readonly<Record<string, PinnedAction>> = {
  "actions/checkout": {
    sha: "3d3c42e5aac5ba805825da76410c181273ba90b1",
    version: "v7.0.1",
    source: "github.com/actions/checkout tag v7.0.1 (lightweight tag: the commit itself; also tag v7)",
  },
  "actions/upload-artifact": {
    sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f",
    version: "v7.0.0",
    source: "github.com/actions/upload-artifact tag v7.0.0 (lightweight tag; also tag v7)",
  },
  "actions/download-artifact": {
    sha: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c",
    version: "v8.0.1",
    source: "github.com/actions/download-artifact tag v8.0.1 (lightweight tag; also tag v8)",
  },
  "helm/chart-releaser-action": {
    sha: "cae68fefc6b5f367a0275617c9f83181ba54714f",
    version: "v1.7.0",
    source:
      "github.com/helm/chart-releaser-action tag v1.7.0: annotated tag object a0d2dc62c5e491af8ef6ba64a2e02bcf3fb33aa1, whose commit is this SHA (also tag v1)",
  },
  "sigstore/cosign-installer": {
    sha: "6f9f17788090df1f26f669e9d70d6ae9567deba6",
    version: "v4.1.2",
    source:
      "github.com/sigstore/cosign-installer tag v4.1.2 (lightweight tag); installs cosign v3.0.6 by default",
  },
};
