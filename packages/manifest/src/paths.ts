/**
 * The repository's own paths, written once and found from this file, so every tool works from any working
 * directory. This file imports only node:path.
 */
import { join } from "node:path";

/** The repository root (this file is `packages/manifest/src/paths.ts`). */
export const REPO_ROOT = join(import.meta.dirname, "..", "..", "..");

/** The chart this repository ships: what `grpc-gke check` renders unless `--chart` says otherwise. */
export const CHART_DIR = join(REPO_ROOT, "charts", "grpc-gke");

/** The example stack the README's quick start checks. */
export const EXAMPLE_VALUES = join(CHART_DIR, "examples", "gunstars.values.yaml");

/**
 * The repository's caches (the CLI's bundle, code caches, Node's compile cache), beside the pinned helm in
 * node_modules/.cache: gone with `rm -rf node_modules`, never committed.
 */
export const CACHE_DIR = join(REPO_ROOT, "node_modules", ".cache", "grpc-gke");

/**
 * Node's module compile cache for the repository's own processes (the CLI run from its sources, the servers the
 * e2e starts). bin/grpc-gke.js names the same folder itself: it reads no TypeScript before it has to.
 */
export const NODE_COMPILE_CACHE_DIR = join(CACHE_DIR, "node-compile-cache");

/** The generated strict schemas, in kubeconform's layout (see layout.ts). */
export const SCHEMA_ROOT = join(REPO_ROOT, "schemas");
