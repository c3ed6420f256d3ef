/**
 * templates/extra-objects.yaml: extraObjects, manifests the chart does not model, rendered through `tpl` (maps through
 * toYaml first) so the chart's helpers and the release work inside, and checked by `grpc-gke check` like every other
 * object: the strict schemas and the rules see them, with this template as their source.
 */
import { join } from "node:path";
import { REPO_ROOT } from "@grpc-gke/manifest/paths";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { withValuesFile } from "../support/chart.ts";
import { redactGenerated } from "../support/generated.ts";
import { FULLNAME, lazyDocuments, NAMESPACE } from "./support.ts";

const SOURCE = "grpc-gke/templates/extra-objects.yaml";

const MAP_ENTRY = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: {
    name: '{{ include "grpc-gke.names.fullname" . }}-map',
    namespace: "{{ .Release.Namespace }}",
    labels: { "app.kubernetes.io/instance": "{{ .Release.Name }}" },
  },
  data: { grpcPort: "{{ .Values.ports.grpc }}", literal: '{{ "{{" }} $labels.pod {{ "}}" }}' },
};

const STRING_ENTRY = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "grpc-gke.names.fullname" . }}-string
  namespace: {{ .Release.Namespace }}
data:
  address: {{ include "grpc-gke.names.fullname" . }}.{{ .Release.Namespace }}.svc:{{ .Values.ports.grpc }}
`;

const both = lazyDocuments({ values: { extraObjects: [MAP_ENTRY, STRING_ENTRY] } });

/** The rendered objects of one kind and name, with their source template. */
async function rendered(documents: typeof both, name: string) {
  return (await documents()).filter(({ object }) => object.metadata?.name === name);
}

describe("templates/extra-objects.yaml", () => {
  it("should render nothing from extra-objects.yaml when values are the defaults", async () => {
    expect((await lazyDocuments()()).filter(({ source }) => source === SOURCE)).toEqual([]);
  });

  it("should render a map entry through tpl (the chart's helpers, .Release and .Values) from extra-objects.yaml", async () => {
    const [document] = await rendered(both, `${FULLNAME}-map`);
    expect(document?.source).toBe(SOURCE);
    expect(document?.object).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: `${FULLNAME}-map`,
        namespace: NAMESPACE,
        labels: { "app.kubernetes.io/instance": "gunstars" },
      },
      // `{{ "{{" }}`: how a value keeps braces of its own (a Prometheus rule's template) through tpl.
      data: { grpcPort: "5000", literal: "{{ $labels.pod }}" },
    });
  });

  it("should render a string entry (YAML text) through tpl from extra-objects.yaml", async () => {
    const [document] = await rendered(both, `${FULLNAME}-string`);
    expect(document?.source).toBe(SOURCE);
    expect(document?.object).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `${FULLNAME}-string`, namespace: NAMESPACE },
      data: { address: `${FULLNAME}.${NAMESPACE}.svc:5000` },
    });
  });

  it("should render every document of a string entry that holds several (--- separated)", async () => {
    const twoInOne = lazyDocuments({
      values: {
        extraObjects: [
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: second\n",
        ],
      },
    });
    const names = (await twoInOne())
      .filter(({ source }) => source === SOURCE)
      .map(({ object }) => object.metadata?.name);
    expect(names.sort()).toEqual(["first", "second"]);
  });

  it("should leave the chart's own objects as they are when extraObjects are added", async () => {
    // The generated certificate (and the pods' checksum of it) differs between renders: redacted, as in the snapshots.
    const objects = (documents: Awaited<ReturnType<typeof both>>) =>
      redactGenerated(documents).map(({ source, object }) => ({ source, object }));
    const chartOnly = objects(await lazyDocuments()());
    const withExtra = objects(await both()).filter(({ source }) => source !== SOURCE);
    expect(withExtra).toEqual(chartOnly);
  });
});

interface CheckReport {
  readonly ok: boolean;
  readonly objects: readonly { object: string; source: string }[];
  readonly problems: readonly {
    check: string;
    object: string;
    source: string;
    path: string;
    message: string;
  }[];
}

/** `grpc-gke check -f <values> --format json`, the command users run, through its bin script. */
function grpcGkeCheck(values: Readonly<Record<string, unknown>>): Promise<CheckReport> {
  return withValuesFile(values, async (file) => {
    const { stdout } = await execa(
      process.execPath,
      [join(REPO_ROOT, "packages", "cli", "bin", "grpc-gke.js"), "check", "-f", file, "--format", "json"],
      { reject: false },
    );
    return JSON.parse(stdout) as CheckReport;
  });
}

describe("extraObjects under grpc-gke check", () => {
  it("should report a misspelled field of an extraObject, naming the object, the path and extra-objects.yaml as its source", async () => {
    const report = await grpcGkeCheck({
      extraObjects: [
        {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: '{{ include "grpc-gke.names.fullname" . }}-settings' },
          dta: { LOG_LEVEL: "info" },
        },
      ],
    });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({
        check: "schema",
        object: "ConfigMap/grpc-gke-settings",
        source: SOURCE,
        path: "dta",
        message: expect.stringContaining("did you mean `data`?"),
      }),
    ]);
  }, 60_000);

  it("should pass an extraObject of a kind the schemas know when it is well formed (a PodMonitoring of another port)", async () => {
    const report = await grpcGkeCheck({
      extraObjects: [
        `apiVersion: monitoring.googleapis.com/v1
kind: PodMonitoring
metadata:
  name: {{ include "grpc-gke.names.fullname" . }}-sidecar
spec:
  selector:
    matchLabels:
      app.kubernetes.io/instance: {{ .Release.Name }}
  endpoints:
    - port: 15020
      interval: 60s
`,
      ],
    });
    expect(report.problems).toEqual([]);
    expect(report.objects).toContainEqual(
      expect.objectContaining({ object: "PodMonitoring/grpc-gke-sidecar", source: SOURCE }),
    );
  }, 60_000);
});
