import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { declaredKinds } from "../src/kinds.ts";

const scratch = mkdtempSync(join(tmpdir(), "grpc-gke-kinds-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function chart(name: string, files: Record<string, string>): string {
  const root = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("declaredKinds", () => {
  it("pairs each literal kind with the apiVersion above it in its document, top-level templates first, each pair once", async () => {
    const root = chart("literal", {
      "templates/b-service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n",
      "templates/a-deployment.yaml":
        "{{- if .Values.on }}\napiVersion: apps/v1\nkind: Deployment\n{{- end }}\n---\napiVersion: 'v1'\nkind: \"Service\"  # again\n",
      "templates/edge/ingress.yaml": "apiVersion: networking.k8s.io/v1\nkind: Ingress\n",
      "templates/edge/issuer.yaml":
        "apiVersion: cert-manager.io/v1\n{{- if .Values.namespaced }}\nkind: Issuer\n{{- else }}\nkind: ClusterIssuer\n{{- end }}\n",
      "templates/_helpers.tpl": '{{- define "x" }}kind: NotAtLineStart{{ end }}\n',
    });
    expect(await declaredKinds(root)).toEqual([
      { apiVersion: "apps/v1", kind: "Deployment" },
      { apiVersion: "v1", kind: "Service" },
      { apiVersion: "networking.k8s.io/v1", kind: "Ingress" },
      { apiVersion: "cert-manager.io/v1", kind: "Issuer" },
      { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer" },
    ]);
  });

  it("skips a kind or apiVersion a template computes, without pairing a later kind with a stale apiVersion", async () => {
    const root = chart("computed", {
      "templates/issuer.yaml":
        'apiVersion: cert-manager.io/v1\nkind: {{ .Values.kind | quote }}\n---\nkind: ConfigMap\n---\napiVersion: {{ include "v" . }}\nkind: Secret\n',
    });
    expect(await declaredKinds(root)).toEqual([]);
  });

  it("gives nothing for a chart without a templates folder or a path that is not a folder", async () => {
    expect(await declaredKinds(chart("empty", { "Chart.yaml": "name: empty\n" }))).toEqual([]);
    expect(await declaredKinds(join(scratch, "missing.tgz"))).toEqual([]);
  });
});
