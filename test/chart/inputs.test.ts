/**
 * What the chart does with the inputs it passes through (issue 13): strings reach the manifests as the same strings,
 * user containers get the chart's securityContext under their own, and a user container's probe must name one of its
 * ports. The refusals of the other input guards are in the bad-input table (test/bad-inputs.test.ts).
 */
import type { HelmMajor } from "@grpc-gke/helm";
import { describe, expect, it } from "vitest";
import { container, find, guardIds, guardMessages, podSpec, renderChart, renderFailure } from "./support.ts";

describe("inputs passed through (templates/_input-guards.tpl, grpc-gke.pod.userContainers)", () => {
  it("should keep strings YAML would read as booleans or numbers as strings when they are values", async () => {
    const { documents } = await renderChart({
      values: {
        priorityClassName: "on",
        tmpVolume: { sizeLimit: "0755" },
        gkeIngress: {
          ingress: { enabled: true },
          managedCertificate: { domains: ["api.example.com"] },
          frontendConfig: { sslPolicy: "yes" },
        },
      },
    });
    const pod = podSpec(find(documents, "Deployment"));
    expect(pod.priorityClassName).toBe("on");
    expect(pod.volumes?.find((volume) => volume.name === "tmp")?.emptyDir?.sizeLimit).toBe("0755");
    expect(find(documents, "FrontendConfig").spec.sslPolicy).toBe("yes");
  });

  it("should merge the chart's securityContext under a user container's own when extraContainers and initContainers set part or none of it", async () => {
    const { documents } = await renderChart({
      values: {
        initContainers: [{ name: "init", image: "busybox" }],
        extraContainers: [
          {
            name: "writer",
            image: "busybox",
            securityContext: { readOnlyRootFilesystem: false, allowPrivilegeEscalation: null },
          },
        ],
      },
    });
    const deployment = find(documents, "Deployment");
    const chart = {
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    };
    expect(podSpec(deployment).initContainers?.[0]?.securityContext).toEqual(chart);
    // A key the container sets wins; one it sets to null keeps the chart's.
    expect(container(deployment, "writer").securityContext).toEqual({
      ...chart,
      readOnlyRootFilesystem: false,
    });
  });

  it.each([4, 3] as const satisfies readonly HelmMajor[])(
    "should refuse with [USER-CONTAINER-PORTS] when an extra container's probe names a port it does not declare (helm %i)",
    async (helm) => {
      const messages = guardMessages(
        await renderFailure({
          helm,
          values: {
            extraContainers: [
              {
                name: "exporter",
                image: "exporter",
                ports: [{ name: "metrics", containerPort: 9100 }],
                readinessProbe: { httpGet: { port: "metric", path: "/" } },
              },
            ],
          },
        }),
      );
      expect(guardIds(messages)).toEqual(["USER-CONTAINER-PORTS"]);
      expect(messages[0]).toContain(
        'extraContainers[0] (exporter) readinessProbe.httpGet.port="metric" is not the name of one of its ports (metrics)',
      );
    },
  );
});
