/**
 * NOTES.txt for frontend=inCluster (templates/in-cluster/_notes.tpl) and for the client-side balancing add-on with any
 * frontend (grpc-gke.balancing.notes): the dial strings with the real names, and how to check the kuberesolver Role.
 */
import { describe, it } from "vitest";
import { notesFor } from "../../support/notes.ts";

const HEADLESS = "gunstars-grpc-gke-headless";

describe("NOTES.txt (frontend inCluster, client-side balancing)", () => {
  it.concurrent("should give both dial strings with the headless name, the pod port and round_robin when frontend=inCluster", async ({
    expect,
  }) => {
    const text = await notesFor({ frontend: "inCluster" });
    expect(text).toContain("(frontend: inCluster)");
    expect(text).toContain("No public frontend (frontend=inCluster)");
    expect(text).toContain(`dns:///${HEADLESS}.games.svc.cluster.local:5000`);
    expect(text).toContain('{"loadBalancingConfig":[{"round_robin":{}}]}');
    expect(text).toContain(`kubernetes:///${HEADLESS}.games:grpc`);
    expect(text).toContain("a ClusterIP Service balances connections, and a gRPC client keeps one");
    expect(text).not.toContain("gcloud");
    expect(text).not.toContain("kubectl auth can-i");
  });

  it.concurrent("should say which names the certificate covers and which Secret to trust when backend TLS is selfSigned (default)", async ({
    expect,
  }) => {
    const text = (await notesFor({ frontend: "inCluster" })).replace(/\s+/g, " ");
    expect(text).toContain(`it covers ${HEADLESS}.games.svc.cluster.local and ${HEADLESS}.games.`);
    expect(text).toContain("Trust tls.crt of Secret games/gunstars-grpc-gke-backend-tls");
  });

  it.concurrent("should tell clients to dial in cleartext on the custom port when backendTLS.mode=disabled and ports.grpc=50051", async ({
    expect,
  }) => {
    const text = await notesFor({
      frontend: "inCluster",
      backendTLS: { mode: "disabled" },
      ports: { grpc: 50051, health: 8080 },
    });
    expect(text).toContain(`dns:///${HEADLESS}.games.svc.cluster.local:50051`);
    expect(text).toContain("clients dial with insecure credentials");
    expect(text).toContain("grpcurl -plaintext localhost:50051");
  });

  it.concurrent("should print kubectl auth can-i for list and watch per bound ServiceAccount when kuberesolver is on", async ({
    expect,
  }) => {
    const text = await notesFor({
      frontend: "inCluster",
      app: { preset: "generic" },
      clientSideBalancing: {
        kuberesolver: {
          enabled: true,
          clients: [{ name: "matchmaker", namespace: "lobby" }],
          serviceAccount: { create: true },
        },
      },
    });
    for (const subject of ["lobby:matchmaker", "games:gunstars-grpc-gke-client"]) {
      for (const verb of ["list", "watch"]) {
        expect(text).toContain(
          `kubectl auth can-i --as=system:serviceaccount:${subject} -n games ${verb} endpointslices.discovery.k8s.io`,
        );
      }
    }
    // kuberesolver watches the pods: no reconnect advice.
    expect(text).not.toContain("app.maxConnectionAgeMs");
  });

  it.concurrent("should suggest app.maxConnectionAgeMs with the generic preset, and not once it is set", async ({
    expect,
  }) => {
    expect(await notesFor({ frontend: "inCluster", app: { preset: "generic" } })).toContain(
      "set app.maxConnectionAgeMs",
    );
    expect(
      await notesFor({ frontend: "inCluster", app: { preset: "generic", maxConnectionAgeMs: 300000 } }),
    ).not.toContain("set app.maxConnectionAgeMs");
  });

  it.concurrent("should not suggest app.maxConnectionAgeMs with the aspnetcore preset (refused there), pointing to the README instead", async ({
    expect,
  }) => {
    const text = (await notesFor({ frontend: "inCluster" })).replace(/\s+/g, " ");
    expect(text).not.toContain("set app.maxConnectionAgeMs");
    expect(text).toContain("Kestrel cannot by itself");
  });

  it.concurrent("should add the in-cluster steps after the GKE Ingress ones when clientSideBalancing.enabled=true", async ({
    expect,
  }) => {
    const text = await notesFor({
      clientSideBalancing: { enabled: true },
      gkeIngress: {
        ingress: { enabled: true, globalStaticIPName: "ip" },
        managedCertificate: { domains: ["api.example.com"] },
      },
    });
    expect(text).toContain("(frontend: gkeIngress)");
    expect(text.indexOf("gcloud compute addresses")).toBeLessThan(text.indexOf(`dns:///${HEADLESS}`));
    expect(text.indexOf(`dns:///${HEADLESS}`)).toBeLessThan(text.indexOf("helm test gunstars"));
  });

  it.concurrent("should say nothing of in-cluster balancing when values are the defaults", async ({
    expect,
  }) => {
    const text = await notesFor({});
    expect(text).not.toContain("headless");
    expect(text).not.toContain("round_robin");
  });
});
