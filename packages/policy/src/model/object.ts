import type { RenderedDocument } from "@grpc-gke/manifest";
import { asStringMap } from "./read.ts";

/** The API group of an object: `apps` for `apps/v1`, `""` for the core group (`v1`). */
export function apiGroup(document: RenderedDocument): string {
  const apiVersion = document.object.apiVersion;
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

/** Whether an object is of a kind, optionally in one of the API groups (`""` is the core group). */
export function isKind(document: RenderedDocument, kind: string, ...groups: readonly string[]): boolean {
  return document.object.kind === kind && (groups.length === 0 || groups.includes(apiGroup(document)));
}

export function nameOf(document: RenderedDocument): string {
  return document.object.metadata?.name ?? "";
}

export function namespaceOf(document: RenderedDocument): string | undefined {
  return document.object.metadata?.namespace;
}

/** Objects in the same namespace; a missing namespace (helm's release namespace) matches any. */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

export function annotationsOf(document: RenderedDocument): Readonly<Record<string, string>> {
  return asStringMap(document.object.metadata?.annotations);
}
