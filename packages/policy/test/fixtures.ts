import { readFileSync } from "node:fs";
import { parseManifests, type RenderedDocument } from "@grpc-gke/render";

const root = new URL("./__fixtures__/", import.meta.url);

/** Parses `__fixtures__/<path>`; sources read `<path>#<document>`. */
export function fixture(path: string): RenderedDocument[] {
  return parseManifests(readFileSync(new URL(path, root), "utf8"), path);
}
