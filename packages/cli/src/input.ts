import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { text } from "node:stream/consumers";
import type { ManifestParseError, Problem } from "@grpc-gke/manifest";
import type { Io } from "./main.ts";
import { UsageError } from "./usage.ts";

/** A manifest stream from a file or standard input, with the name reports use for it. */
export async function readInput(
  file: string,
  io: Io,
): Promise<{ readonly origin: string; readonly text: string }> {
  if (file === "-") return { origin: "<stdin>", text: await text(io.stdin) };
  const path = resolve(io.cwd, file);
  const fix = "Give the path of a YAML manifest file, or - to read standard input.";
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new UsageError(file, `${path} does not exist`, fix);
  }
  if (info.isDirectory()) {
    throw new UsageError(
      file,
      `${path} is a folder, not a manifest file`,
      `Give one YAML file, or stream a folder's manifests: cat ${file}/*.yaml | grpc-gke validate -`,
    );
  }
  try {
    return { origin: file, text: await readFile(path, "utf8") };
  } catch (error) {
    throw new UsageError(
      file,
      `cannot read ${path} (${error instanceof Error ? error.message : String(error)})`,
      fix,
    );
  }
}

/** A document that is not a Kubernetes object, as a problem of the report. */
export function parseProblem(error: ManifestParseError, origin: string): Problem {
  return {
    severity: "error",
    check: "parse",
    object: `${origin} (${error.where})`,
    source: origin,
    path: "",
    message: error.problem,
    fix: error.fix,
  };
}
