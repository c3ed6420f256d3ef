/** `node peer-cli.ts FILE`: the kubernetes-models end-to-end peer of `grpc-gke validate FILE` (parse + validate). */
import { readFileSync } from "node:fs";
import { type KubeObject, readManifests } from "@grpc-gke/manifest";
import { peerValidate } from "./peer.ts";

const [file = ""] = process.argv.slice(2);
const objects: KubeObject[] = [];
for (const entry of readManifests(readFileSync(file, "utf8"), file))
  if (entry.ok) objects.push(entry.document.object);
const counts = await peerValidate(objects);
process.exitCode = counts.invalid > 0 ? 1 : 0;
