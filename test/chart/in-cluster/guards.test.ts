/**
 * The guards this frontend brought: its own (templates/in-cluster/_guards.tpl, run with frontend=inCluster) and the
 * core guards of what it added for every frontend (templates/_guards.tpl: the maximum connection age, client-side
 * balancing's kuberesolver access, the NetworkPolicy). A guard's message is the chart's own `fail`, so every case runs
 * with helm 4 and helm 3.
 */
import { describe, expect, it } from "vitest";
import type { Values } from "../../support/chart.ts";
import { findAll, type GuardCase, HELM_MAJORS, itRefusesEach, renderChart } from "../support.ts";

const inCluster = (values: Values = {}): GuardCase["options"] => ({
  values: { frontend: "inCluster", ...values },
});
const CLIENTS = [{ podSelector: { matchLabels: { "grpc-gke.dev/client": "true" } } }];

const guards: readonly GuardCase[] = [
  {
    id: "IN-CLUSTER-BALANCING",
    when: "frontend=inCluster turns clientSideBalancing off",
    options: inCluster({ clientSideBalancing: { enabled: false } }),
    says: [
      "clientSideBalancing.enabled=false with frontend=inCluster",
      "each gRPC client would send all its calls to one pod",
      "Fix: remove clientSideBalancing.enabled (null: on with this frontend), or use frontend=none",
    ],
  },
  {
    id: "MAX-CONNECTION-AGE-ASPNETCORE",
    when: "app.maxConnectionAgeMs is set with the aspnetcore preset (default)",
    options: inCluster({ app: { maxConnectionAgeMs: 300000 } }),
    says: [
      "app.maxConnectionAgeMs=300000 with app.preset=aspnetcore",
      "Kestrel has no maximum connection age (grpc/grpc-dotnet#2308, dotnet/aspnetcore#51778)",
      "the value would do nothing",
      "IConnectionLifetimeNotificationFeature.RequestClose()",
      "new DnsResolverFactory(refreshInterval)",
      "clientSideBalancing.kuberesolver",
    ],
  },
  {
    id: "MAX-CONNECTION-AGE-ASPNETCORE",
    when: "both the age and its grace are set with the aspnetcore preset, behind GKE Ingress",
    options: { values: { app: { maxConnectionAgeMs: 600000, maxConnectionAgeGraceMs: 30000 } } },
    says: ["app.maxConnectionAgeMs=600000 and app.maxConnectionAgeGraceMs=30000 with app.preset=aspnetcore"],
  },
  {
    id: "MAX-CONNECTION-AGE-GRACE",
    when: "app.maxConnectionAgeGraceMs is set without app.maxConnectionAgeMs",
    options: inCluster({ app: { preset: "generic", maxConnectionAgeGraceMs: 10000 } }),
    says: [
      "app.maxConnectionAgeGraceMs=10000 without app.maxConnectionAgeMs",
      "with no age it would never start and change nothing",
      "Fix: set app.maxConnectionAgeMs too",
    ],
  },
  {
    id: "CLIENT-SIDE-BALANCING-KUBERESOLVER",
    when: "kuberesolver is enabled while client-side balancing is off (frontend gkeIngress)",
    options: {
      values: { clientSideBalancing: { kuberesolver: { enabled: true, clients: [{ name: "bots" }] } } },
    },
    says: [
      "clientSideBalancing.kuberesolver.enabled=true with client-side balancing off (clientSideBalancing.enabled=null, frontend=gkeIngress)",
      "kuberesolver clients would get 403 from the API and no addresses",
      "Fix: set clientSideBalancing.enabled=true (or frontend=inCluster)",
    ],
  },
  {
    id: "CLIENT-SIDE-BALANCING-KUBERESOLVER",
    when: "kuberesolver is enabled with no client ServiceAccount",
    options: inCluster({ clientSideBalancing: { kuberesolver: { enabled: true } } }),
    says: [
      "clientSideBalancing.kuberesolver.enabled=true with no client",
      "the Role would be bound to nobody",
      "Fix: list the clients' ServiceAccounts in clientSideBalancing.kuberesolver.clients",
    ],
  },
  {
    id: "CLIENT-SIDE-BALANCING-KUBERESOLVER",
    when: "clients are listed while kuberesolver is off",
    options: inCluster({ clientSideBalancing: { kuberesolver: { clients: [{ name: "bots" }] } } }),
    says: [
      "clientSideBalancing.kuberesolver.clients or serviceAccount.create set with clientSideBalancing.kuberesolver.enabled=false",
      "those clients would get 403 from the API",
      "Fix: set clientSideBalancing.kuberesolver.enabled=true",
    ],
  },
  {
    id: "NETWORK-POLICY",
    when: "the NetworkPolicy lists no client",
    options: inCluster({ networkPolicy: { enabled: true } }),
    says: [
      "networkPolicy.enabled=true with networkPolicy.clients empty",
      "no client could reach the grpc port",
      "Fix: list the clients as NetworkPolicy peers",
    ],
  },
  {
    id: "NETWORK-POLICY",
    when: "clients are listed while the NetworkPolicy is off",
    options: inCluster({ networkPolicy: { clients: CLIENTS } }),
    says: [
      "networkPolicy.clients set with networkPolicy.enabled=false",
      "every pod of the cluster could call the grpc port",
      "Fix: set networkPolicy.enabled=true",
    ],
  },
];

describe("in-cluster and client-side balancing guards (templates/in-cluster/_guards.tpl, templates/_guards.tpl)", () => {
  itRefusesEach(guards);

  it.concurrent.for(HELM_MAJORS)(
    "should accept what each guard allows: the age with the generic preset, kuberesolver with a client, a policy with clients (helm %i)",
    async (helm, { expect }) => {
      const { documents } = await renderChart({
        helm,
        values: {
          frontend: "inCluster",
          app: { preset: "generic", maxConnectionAgeMs: 300000, maxConnectionAgeGraceMs: 30000 },
          clientSideBalancing: { kuberesolver: { enabled: true, serviceAccount: { create: true } } },
          networkPolicy: { enabled: true, clients: CLIENTS },
        },
      });
      expect(findAll(documents, "Role")).toHaveLength(1);
      expect(findAll(documents, "NetworkPolicy")).toHaveLength(1);
    },
  );

  it("should accept clientSideBalancing.enabled=true with frontend=inCluster, which it already is", async () => {
    const { documents } = await renderChart({
      values: { frontend: "inCluster", clientSideBalancing: { enabled: true } },
    });
    expect(findAll(documents, "Service")).toHaveLength(2);
  });

  it("should accept the NetworkPolicy with frontend=none, whose own frontend is one of the clients", async () => {
    const { documents } = await renderChart({
      values: { frontend: "none", networkPolicy: { enabled: true, clients: CLIENTS } },
    });
    expect(findAll(documents, "NetworkPolicy")).toHaveLength(1);
  });
});
