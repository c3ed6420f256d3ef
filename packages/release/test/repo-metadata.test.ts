import { join } from "node:path";
import { REPO_ROOT } from "@grpc-gke/manifest";
import { describe, expect, it } from "vitest";
import { checkRepositoryMetadata } from "../src/repo-metadata.ts";
import { scratchDir, writeFiles } from "./support.ts";

const scratch = scratchDir("repo-metadata");
const check = (name: string, text: string) => {
  writeFiles(scratch, { [name]: text });
  return checkRepositoryMetadata(join(scratch, name)).map((problem) => problem.message);
};

describe("artifacthub-repo.yml", () => {
  it("should be a metadata file Artifact Hub accepts", () => {
    expect(checkRepositoryMetadata(join(REPO_ROOT, "artifacthub-repo.yml"))).toEqual([]);
  });

  it("should refuse a comment-only file, which Artifact Hub cannot unmarshal", () => {
    expect(check("empty.yml", "# nothing\n")).toEqual([expect.stringContaining("is not a YAML map")]);
  });

  it("should refuse a repositoryID that is not a UUID, naming it", () => {
    expect(check("id.yml", "repositoryID: my-repo\n")).toEqual([
      expect.stringContaining('repositoryID "my-repo" is not a UUID'),
    ]);
    expect(check("uuid.yml", "repositoryID: 3f0c0f59-5d2a-4b64-9a52-28c2b5e0c9a1\n")).toEqual([]);
  });

  it("should refuse keys and owners Artifact Hub does not read", () => {
    expect(check("keys.yml", 'repositoryID: ""\nowner: me\nowners: [{name: me}]\n')).toEqual([
      expect.stringContaining('has the key "owner"'),
      expect.stringContaining("owners must be a list of {name, email}"),
    ]);
  });
});
