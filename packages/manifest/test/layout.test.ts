import { describe, expect, it } from "vitest";
import {
  BUILTIN_FOLDER_PATTERN,
  builtinFolder,
  KUBERNETES_VERSION,
  schemaPathCandidates,
} from "../src/index.ts";

describe("the schema layout (kubeconform's)", () => {
  it("names built-in kinds by kind, first label of the group and version", () => {
    expect(schemaPathCandidates("v1", "Service")).toEqual(["v1.34.0-standalone-strict/service-v1.json"]);
    expect(schemaPathCandidates("apps/v1", "Deployment")).toEqual([
      "v1.34.0-standalone-strict/deployment-apps-v1.json",
      "apps/deployment_v1.json",
    ]);
  });

  it("names custom resources by group, kind and version", () => {
    expect(schemaPathCandidates("cloud.google.com/v1", "BackendConfig")[1]).toBe(
      "cloud.google.com/backendconfig_v1.json",
    );
  });

  it("puts built-ins under the Kubernetes version's folder", () => {
    expect(builtinFolder()).toBe(`v${KUBERNETES_VERSION}-standalone-strict`);
    expect(builtinFolder("v1.33.0")).toBe("v1.33.0-standalone-strict");
    expect(BUILTIN_FOLDER_PATTERN.exec(builtinFolder())?.[1]).toBe(KUBERNETES_VERSION);
    expect(schemaPathCandidates("v1", "Pod", "1.30.0")).toEqual(["v1.30.0-standalone-strict/pod-v1.json"]);
  });
});
