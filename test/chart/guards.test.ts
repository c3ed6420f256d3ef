/**
 * The core guards (templates/_guards.tpl, run for every frontend), the Google load balancer ones (run by the
 * frontends that render googleLoadBalancer), the chart's kubeVersion and the schema's refusals. The GKE Ingress
 * guards are in gke-ingress/guards.test.ts. A guard's message is the chart's own `fail`, so every case runs with
 * helm 4 and helm 3; the schema's wording differs between them (helm 4's jsonschema/v6, helm 3's gojsonschema).
 */
import type { HelmMajor } from "@grpc-gke/helm";
import { describe, expect, it } from "vitest";
import type { Values } from "../support/chart.ts";
import {
  type GuardCase,
  guardIds,
  guardMessages,
  HELM_MAJORS,
  itRefusesEach,
  renderChart,
  renderFailure,
} from "./support.ts";

const guards: readonly GuardCase[] = [
  {
    id: "VALUES-MOVED",
    when: "the 0.1 key ingress is set",
    options: { values: { ingress: { enabled: true } } },
    says: [
      "ingress is no longer a value of this chart (moved in chart 0.2.0",
      "helm would silently ignore it and render the stack without your settings",
      "Fix: move it to gkeIngress.ingress (the same keys)",
    ],
  },
  {
    id: "VALUES-MOVED",
    when: "gracefulShutdown.preStop.mode=auto, the 0.1 default removed with Kubernetes 1.29 support, is set",
    options: { values: { gracefulShutdown: { preStop: { mode: "auto" } } } },
    says: [
      "gracefulShutdown.preStop.mode=auto is no longer a value of this chart (removed in chart 0.2.0",
      "fails silently in distroless and chiseled images",
      "Fix: set gracefulShutdown.preStop.mode=sleep",
    ],
  },
  {
    id: "VALUES-MOVED",
    when: "the 0.1 key managedCertificate is set",
    options: { values: { managedCertificate: { domains: ["api.example.com"] } } },
    says: [
      "managedCertificate is no longer a value of this chart",
      "Fix: move it to gkeIngress.managedCertificate",
    ],
  },
  {
    id: "VALUES-MOVED",
    when: "the 0.1 key frontendConfig is set",
    options: { values: { frontendConfig: { sslPolicy: "tls12-modern" } } },
    says: ["frontendConfig is no longer a value of this chart", "Fix: move it to gkeIngress.frontendConfig"],
  },
  {
    // Replaces chart 0.1's guard on backendConfig.healthCheck.type: the type is gone (always HTTP).
    id: "VALUES-MOVED",
    when: "the 0.1 key backendConfig is set with a health check type",
    options: { values: { backendConfig: { healthCheck: { type: "HTTP2" }, timeoutSec: 7200 } } },
    says: [
      "backendConfig is no longer a value of this chart",
      "Fix: move it to googleLoadBalancer (timeoutSec, connectionDraining, healthCheck without type: it is always HTTP",
      "sessionAffinity with affinityType -> type and affinityCookieTtlSec -> cookieTtlSec",
      "and gkeIngress.backendConfig (enabled, customRequestHeaders, customResponseHeaders)",
    ],
  },
  {
    id: "TLS-EXISTING-SECRET",
    when: "backendTLS.mode=existingSecret has no backendTLS.existingSecret",
    options: { values: { backendTLS: { mode: "existingSecret" } } },
    says: [
      "backendTLS.existingSecret is empty with backendTLS.mode=existingSecret",
      "never start",
      "Fix: set backendTLS.existingSecret to a kubernetes.io/tls Secret",
    ],
  },
  {
    id: "PORTS-DISTINCT",
    when: "ports.grpc equals ports.health",
    options: { values: { ports: { grpc: 6000, health: 6000 } } },
    says: [
      "ports.grpc and ports.health are both 6000",
      "the health check would fail and the load balancer return 502",
      "Fix: give them different ports",
    ],
  },
  {
    id: "PROBES-GRPC-ASPNETCORE",
    when: "probes.type=grpc is set with the aspnetcore preset",
    options: { values: { probes: { type: "grpc" } } },
    says: [
      "probes.type=grpc with app.preset=aspnetcore",
      "no pod becomes ready",
      "Fix: probes.type=http",
      "or app.preset=generic",
    ],
  },
  {
    id: "GRACE-PERIOD",
    when: "terminationGracePeriodSeconds is shorter than preStop + appDrainSeconds + buffer",
    options: { values: { terminationGracePeriodSeconds: 49 } },
    says: [
      "terminationGracePeriodSeconds=49 is shorter than",
      "gracefulShutdown.preStop.seconds (15)",
      "= 50",
      "the pod would be killed while the load balancer still drains",
      "Fix: set terminationGracePeriodSeconds to at least 50",
    ],
  },
  {
    id: "GRACE-PERIOD",
    when: "terminationGracePeriodSeconds is shorter than preStop + the load balancer's drainingTimeoutSec + buffer",
    options: { values: { googleLoadBalancer: { connectionDraining: { drainingTimeoutSec: 120 } } } },
    says: [
      "terminationGracePeriodSeconds=60 is shorter than",
      "drain (120: the larger of gracefulShutdown.appDrainSeconds and the frontend's connection draining, googleLoadBalancer.connectionDraining.drainingTimeoutSec)",
      "Fix: set terminationGracePeriodSeconds to at least 140",
    ],
  },
  {
    id: "ASPNETCORE-ENDPOINT-NAMES",
    when: "app.aspnetcore.endpointNames.grpc and .health are one name in different case",
    options: { values: { app: { aspnetcore: { endpointNames: { grpc: "Grpc", health: "GRPC" } } } } },
    says: [
      'app.aspnetcore.endpointNames.grpc and app.aspnetcore.endpointNames.health are both "Grpc" (configuration keys ignore case)',
      "one port would never be bound",
      "Fix: give them the names your appsettings.json uses, e.g. Grpc and Http",
    ],
  },
  {
    id: "CERT-MANAGER-DURATION",
    when: "backendTLS.certManager.duration is shorter than 1h",
    options: {
      values: {
        backendTLS: { mode: "certManager", certManager: { duration: "59m59s", renewBefore: "10m" } },
      },
    },
    says: [
      "backendTLS.certManager.duration=59m59s is shorter than 1h",
      "cert-manager's webhook rejects the Certificate",
      "Fix: use a duration of at least 1h",
    ],
  },
  {
    id: "CERT-MANAGER-DURATION",
    when: "backendTLS.certManager.renewBefore is shorter than 5m",
    options: { values: { backendTLS: { mode: "certManager", certManager: { renewBefore: "4m59s" } } } },
    says: [
      "backendTLS.certManager.renewBefore=4m59s is shorter than 5m",
      "cert-manager's webhook rejects the Certificate",
      "Fix: use at least 5m",
    ],
  },
  {
    id: "CERT-MANAGER-DURATION",
    when: "backendTLS.certManager.renewBefore equals duration",
    options: {
      values: { backendTLS: { mode: "certManager", certManager: { duration: "720h", renewBefore: "720h" } } },
    },
    says: [
      "backendTLS.certManager.renewBefore=720h is not shorter than backendTLS.certManager.duration=720h",
      "due for renewal as soon as issued",
      "Fix: make renewBefore shorter than duration",
    ],
  },
  {
    id: "CERT-MANAGER-DURATION",
    when: "backendTLS.certManager.renewBefore equals duration written in other units (1.5h against 1h30m)",
    options: {
      values: {
        backendTLS: { mode: "certManager", certManager: { duration: "1h30m", renewBefore: "1.5h" } },
      },
    },
    says: [
      "backendTLS.certManager.renewBefore=1.5h is not shorter than backendTLS.certManager.duration=1h30m",
      "Fix: make renewBefore shorter than duration",
    ],
  },
  {
    id: "CERT-MANAGER-DURATION",
    when: "backendTLS.certManager.renewBefore is a second longer than duration in other units (90m1s against 1h30m)",
    options: {
      values: {
        backendTLS: { mode: "certManager", certManager: { duration: "1h30m", renewBefore: "90m1s" } },
      },
    },
    says: [
      "backendTLS.certManager.renewBefore=90m1s is not shorter than backendTLS.certManager.duration=1h30m",
    ],
  },
  {
    id: "AUTOSCALING-RANGE",
    when: "autoscaling.minReplicas exceeds maxReplicas",
    options: { values: { autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 3 } } },
    says: [
      "autoscaling.minReplicas=5 is greater than autoscaling.maxReplicas=3",
      "the HorizontalPodAutoscaler would be rejected",
      "Fix: make minReplicas <= maxReplicas",
    ],
  },
  {
    id: "PDB-EVICTION",
    when: "podDisruptionBudget.maxUnavailable=0 with 2 replicas",
    options: { values: { podDisruptionBudget: { maxUnavailable: 0 } } },
    says: [
      "podDisruptionBudget.maxUnavailable=0",
      "GKE node upgrades and drains would hang",
      "Fix: use maxUnavailable >= 1",
    ],
  },
  {
    id: "PDB-EVICTION",
    when: "podDisruptionBudget.maxUnavailable is 0%",
    options: { values: { podDisruptionBudget: { maxUnavailable: "0%" } } },
    says: ["podDisruptionBudget.maxUnavailable=0%", "drains would hang", "Fix: use maxUnavailable >= 1"],
  },
  {
    id: "PDB-EVICTION",
    when: "podDisruptionBudget.minAvailable is 100%",
    options: { values: { podDisruptionBudget: { minAvailable: "100%" } } },
    says: ["podDisruptionBudget.minAvailable=100%", "drains would hang", "Fix: use a lower percentage"],
  },
  {
    id: "PDB-EVICTION",
    when: "podDisruptionBudget.minAvailable equals replicaCount",
    options: { values: { replicaCount: 3, podDisruptionBudget: { minAvailable: 3 } } },
    says: [
      "podDisruptionBudget.minAvailable=3 with only 3 replicas",
      "node upgrades and drains would hang",
      "Fix: set minAvailable below the replica count (e.g. 2)",
    ],
  },
  {
    id: "PDB-EVICTION",
    when: "podDisruptionBudget.minAvailable exceeds autoscaling.minReplicas",
    options: {
      values: {
        replicaCount: 10,
        autoscaling: { enabled: true, minReplicas: 2 },
        podDisruptionBudget: { minAvailable: 4 },
      },
    },
    says: [
      "podDisruptionBudget.minAvailable=4 with only 2 replicas",
      "Fix: set minAvailable below the replica count",
    ],
  },
  {
    id: "GOOGLE-LB-TIMEOUT",
    when: "googleLoadBalancer.timeoutSec is above a day",
    options: { values: { googleLoadBalancer: { timeoutSec: 86401 } } },
    says: [
      "googleLoadBalancer.timeoutSec=86401 is above 86400",
      "front ends restart for maintenance",
      "Fix: use at most 86400",
    ],
  },
  {
    id: "GOOGLE-LB-TIMEOUT",
    when: "googleLoadBalancer.timeoutSec is below 60",
    options: { values: { googleLoadBalancer: { timeoutSec: 30 } } },
    says: [
      "googleLoadBalancer.timeoutSec=30 is below 60",
      "streams would be cut after 30 s",
      "Fix: use e.g. 3600",
    ],
  },
  {
    id: "GOOGLE-LB-HEALTH-CHECK-TIMEOUT",
    when: "googleLoadBalancer.healthCheck.timeoutSec exceeds checkIntervalSec",
    options: { values: { googleLoadBalancer: { healthCheck: { timeoutSec: 20, checkIntervalSec: 10 } } } },
    says: [
      "googleLoadBalancer.healthCheck.timeoutSec=20 is greater than checkIntervalSec=10",
      "the load balancer never syncs",
      "Fix: lower timeoutSec or raise checkIntervalSec",
    ],
  },
  {
    id: "EXTRA-PORTS",
    when: "an extra port is named like the grpc port",
    options: { values: { extraPorts: [{ name: "grpc", port: 9000 }] } },
    says: [
      "extraPorts has a port named grpc, a name the grpc port, the health port or another extra port already has",
      "the API server would reject the Deployment and the Service",
      "Fix: give the extra port a name of its own, e.g. grpc-http",
    ],
  },
  {
    id: "EXTRA-PORTS",
    when: "an extra port reuses the health port's number",
    options: { values: { extraPorts: [{ name: "auth", port: 5001 }] } },
    says: [
      "extraPorts auth uses port 5001, which ports.grpc, ports.health or another extra port already uses",
      "the Service would be rejected (two ports with one number)",
      "Fix: give it a port of its own",
    ],
  },
  // Metrics (ports.metrics, metrics.*) and extraObjects: core guards, any frontend.
  {
    id: "PORTS-DISTINCT",
    when: "ports.metrics equals ports.health",
    options: { values: { ports: { metrics: 5001 } } },
    says: [
      "ports.metrics and ports.health are both 5001",
      "the Service would be rejected (two ports with one number)",
      "the monitors' scrapes would fail",
      "Fix: serve metrics on a port of its own, e.g. ports.metrics=9090",
    ],
  },
  {
    id: "PORTS-DISTINCT",
    when: "ports.metrics equals ports.grpc",
    options: { values: { ports: { grpc: 9090, health: 9091, metrics: 9090 } } },
    says: [
      "ports.metrics and ports.grpc are both 9090",
      "a scrape's plain HTTP/1.1 request fails",
      "Fix: serve metrics on a port of its own",
    ],
  },
  {
    id: "EXTRA-PORTS",
    when: "an extra port is named like the metrics port",
    options: { values: { ports: { metrics: 9090 }, extraPorts: [{ name: "metrics", port: 9100 }] } },
    says: [
      "extraPorts has a port named metrics, the name of the metrics port (ports.metrics=9090)",
      "the API server would reject the Deployment and the Service",
      "Fix: remove the extra port if it is the metrics endpoint (ports.metrics declares it",
    ],
  },
  {
    id: "EXTRA-PORTS",
    when: "an extra port reuses ports.metrics's number",
    options: { values: { ports: { metrics: 9090 }, extraPorts: [{ name: "prom", port: 9090 }] } },
    says: [
      "extraPorts prom uses port 9090, which ports.metrics uses",
      "the Service would be rejected (two ports with one number)",
      "Fix: remove the extra port if it is the metrics endpoint",
    ],
  },
  {
    id: "METRICS-MONITOR",
    when: "metrics.podMonitoring.enabled=true has no ports.metrics",
    options: { values: { metrics: { podMonitoring: { enabled: true } } } },
    says: [
      "metrics.podMonitoring.enabled=true without ports.metrics",
      "the monitor would select no target",
      "nothing would be scraped",
      "Fix: set ports.metrics to the port your server serves /metrics on, e.g. 9090",
    ],
  },
  {
    id: "METRICS-MONITOR",
    when: "metrics.serviceMonitor.enabled=true has its port in extraPorts instead of ports.metrics",
    options: {
      values: {
        metrics: { serviceMonitor: { enabled: true } },
        extraPorts: [{ name: "metrics", port: 9464 }],
      },
    },
    says: [
      "metrics.serviceMonitor.enabled=true without ports.metrics",
      "extraPorts has a port named metrics, 9464: move it to ports.metrics",
    ],
  },
  {
    id: "METRICS-SCRAPE-TIMEOUT",
    when: "metrics.scrapeTimeout is longer than metrics.interval with the PodMonitoring",
    options: {
      values: {
        ports: { metrics: 9090 },
        metrics: { interval: "30s", scrapeTimeout: "1m", podMonitoring: { enabled: true } },
      },
    },
    says: [
      "metrics.scrapeTimeout=1m is longer than metrics.interval=30s",
      "the API server would refuse the PodMonitoring",
      "Fix: make metrics.scrapeTimeout at most metrics.interval",
    ],
  },
  {
    id: "METRICS-SCRAPE-TIMEOUT",
    when: "metrics.scrapeTimeout is 500 ms longer than metrics.interval (1500ms against 1s) with the ServiceMonitor",
    options: {
      values: {
        ports: { metrics: 9090 },
        metrics: { interval: "1s", scrapeTimeout: "1500ms", serviceMonitor: { enabled: true } },
      },
    },
    says: [
      "metrics.scrapeTimeout=1500ms is longer than metrics.interval=1s",
      "the Prometheus Operator would reject the ServiceMonitor",
    ],
  },
  {
    id: "METRICS-NETWORK-POLICY",
    when: "the ServiceMonitor's Prometheus has no namespace under a NetworkPolicy",
    options: {
      values: {
        frontend: "inCluster",
        networkPolicy: { enabled: true, clients: [{ podSelector: { matchLabels: { role: "client" } } }] },
        ports: { metrics: 9090 },
        metrics: { serviceMonitor: { enabled: true } },
      },
    },
    says: [
      "metrics.serviceMonitor.enabled=true with networkPolicy.enabled=true and metrics.serviceMonitor.prometheusNamespace empty",
      "your Prometheus's scrapes would time out",
      "Fix: set metrics.serviceMonitor.prometheusNamespace to the namespace your Prometheus runs in",
    ],
  },
  {
    id: "METRICS-NETWORK-POLICY",
    when: "ports.metrics is set under a NetworkPolicy with no monitor and no metricsScrapers",
    options: {
      values: {
        frontend: "none",
        networkPolicy: { enabled: true, clients: [{ podSelector: { matchLabels: { role: "client" } } }] },
        ports: { metrics: 9090 },
      },
    },
    says: [
      "ports.metrics=9090 with networkPolicy.enabled=true and no scraper",
      "every scrape would time out",
      "Fix: turn on metrics.podMonitoring.enabled or metrics.serviceMonitor.enabled",
      "or list your scraper in networkPolicy.metricsScrapers",
    ],
  },
  {
    id: "METRICS-NETWORK-POLICY",
    when: "networkPolicy.metricsScrapers is set with networkPolicy.enabled=false",
    options: {
      values: {
        ports: { metrics: 9090 },
        networkPolicy: { metricsScrapers: [{ podSelector: { matchLabels: { app: "otel-collector" } } }] },
      },
    },
    says: [
      "networkPolicy.metricsScrapers set with networkPolicy.enabled=false",
      "every pod of the cluster could read the metrics port",
      "Fix: set networkPolicy.enabled=true",
    ],
  },
  {
    id: "METRICS-NETWORK-POLICY",
    when: "networkPolicy.metricsScrapers is set without ports.metrics",
    options: {
      values: {
        frontend: "inCluster",
        networkPolicy: {
          enabled: true,
          clients: [{ podSelector: { matchLabels: { role: "client" } } }],
          metricsScrapers: [{ podSelector: { matchLabels: { app: "otel-collector" } } }],
        },
      },
    },
    says: [
      "networkPolicy.metricsScrapers set without ports.metrics",
      "Fix: set ports.metrics to the port your server serves metrics on",
    ],
  },
  {
    id: "EXTRA-OBJECTS",
    when: "an extraObjects entry is a number",
    options: { values: { extraObjects: [3] } },
    says: [
      "extraObjects[0] is a number (3)",
      "each entry is rendered as one manifest, from a map (the object) or a string",
      "Fix: write the entry as a map with apiVersion, kind and metadata, or as a YAML string",
    ],
  },
  {
    id: "EXTRA-OBJECTS",
    when: "an extraObjects entry is a list",
    options: {
      values: {
        extraObjects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ok" } }, ["a", "b"]],
      },
    },
    says: ['extraObjects[1] is a list (["a","b"])', "Fix: write the entry as a map"],
  },
  {
    id: "EXTRA-OBJECTS",
    when: "an extraObjects entry is empty (null)",
    options: { values: { extraObjects: [null] } },
    says: ["extraObjects[0] is empty (null)"],
  },
  {
    id: "EXTRA-OBJECTS",
    when: "an extraObjects map has no kind",
    options: { values: { extraObjects: [{ apiVersion: "v1", metadata: { name: "settings" } }] } },
    says: [
      "extraObjects[0] has no kind",
      "the API server refuses an object without both, so helm install would fail",
      "Fix: give the entry its apiVersion and kind",
    ],
  },
  {
    id: "NETWORK-POLICY",
    when: "networkPolicy.egress is set with networkPolicy.enabled=false",
    options: { values: { networkPolicy: { egress: [{ ports: [{ port: 5432 }] }] } } },
    says: [
      "networkPolicy.egress set (1 rules) with networkPolicy.enabled=false",
      "the pods could still connect anywhere",
      "Fix: set networkPolicy.enabled=true",
    ],
  },
  {
    id: "NETWORK-POLICY",
    when: "networkPolicy.proxyOnlySubnets is given with frontend=inCluster, which no load balancer fronts",
    options: {
      values: {
        frontend: "inCluster",
        networkPolicy: { enabled: true, clients: [{ podSelector: {} }], proxyOnlySubnets: ["10.129.0.0/23"] },
      },
    },
    says: [
      'networkPolicy.proxyOnlySubnets=["10.129.0.0/23"] with frontend=inCluster',
      "would admit that subnet for nothing",
      "Fix: remove networkPolicy.proxyOnlySubnets",
    ],
  },
  {
    id: "NETWORK-POLICY",
    when: "a client's ipBlock.cidr is not a CIDR",
    options: {
      values: {
        frontend: "inCluster",
        networkPolicy: { enabled: true, clients: [{ ipBlock: { cidr: "10.0.0.0/33" } }] },
      },
    },
    says: [
      "networkPolicy.clients[0].ipBlock.cidr=10.0.0.0/33 is not a CIDR",
      "the API server would refuse the NetworkPolicy, so helm install would fail",
      "Fix: write it as ADDRESS/LENGTH",
    ],
  },
  {
    id: "NETWORK-POLICY",
    when: "an egress rule's ipBlock.except entry is an address without a prefix length",
    options: {
      values: {
        networkPolicy: {
          enabled: true,
          egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.2.3"] } }] }],
        },
      },
    },
    says: ["networkPolicy.egress[0].to[0].ipBlock.except[0]=10.1.2.3 is not a CIDR"],
  },
  {
    id: "WORKLOAD-IDENTITY",
    when: "serviceAccount.workloadIdentity.gcpServiceAccount is set with serviceAccount.create=false",
    options: {
      values: {
        serviceAccount: {
          create: false,
          name: "gunstars-runtime",
          workloadIdentity: { gcpServiceAccount: "gunstars-api@gunstars-prod.iam.gserviceaccount.com" },
        },
      },
    },
    says: [
      "serviceAccount.workloadIdentity.gcpServiceAccount=gunstars-api@gunstars-prod.iam.gserviceaccount.com with serviceAccount.create=false",
      "the pods (ServiceAccount gunstars-runtime) would not act as gunstars-api@gunstars-prod.iam.gserviceaccount.com",
      "Fix: annotate that ServiceAccount yourself (kubectl annotate serviceaccount gunstars-runtime -n games iam.gke.io/gcp-service-account=gunstars-api@gunstars-prod.iam.gserviceaccount.com)",
    ],
  },
  {
    id: "WORKLOAD-IDENTITY",
    when: "serviceAccount.annotations names another Google service account than serviceAccount.workloadIdentity.gcpServiceAccount",
    options: {
      values: {
        serviceAccount: {
          annotations: { "iam.gke.io/gcp-service-account": "old-api@gunstars-prod.iam.gserviceaccount.com" },
          workloadIdentity: { gcpServiceAccount: "gunstars-api@gunstars-prod.iam.gserviceaccount.com" },
        },
      },
    },
    says: [
      "serviceAccount.annotations[iam.gke.io/gcp-service-account]=old-api@gunstars-prod.iam.gserviceaccount.com name two Google service accounts",
      "Fix: keep serviceAccount.workloadIdentity.gcpServiceAccount and remove the annotation",
    ],
  },
];

describe("core and Google load balancer guards (templates/_guards.tpl)", () => {
  itRefusesEach(guards);

  it("should list every contradiction in one failure, core guards before the frontend's, when several values are wrong", async () => {
    const messages = guardMessages(
      await renderFailure({
        values: {
          backendTLS: { mode: "existingSecret" },
          googleLoadBalancer: { timeoutSec: 30 },
          probes: { type: "grpc" },
        },
      }),
    );
    expect(guardIds(messages)).toEqual([
      "TLS-EXISTING-SECRET",
      "PROBES-GRPC-ASPNETCORE",
      "GOOGLE-LB-TIMEOUT",
    ]);
    expect(messages[0]).toMatch(/^\[TLS-EXISTING-SECRET\] backendTLS\.existingSecret is empty/);
    expect(messages[1]).toMatch(/^\[PROBES-GRPC-ASPNETCORE\] probes\.type=grpc with app\.preset=aspnetcore/);
    expect(messages[2]).toMatch(/^\[GOOGLE-LB-TIMEOUT\] googleLoadBalancer\.timeoutSec=30 is below 60/);
  });

  it("should report both CERT-MANAGER-DURATION problems when duration is under 1h and renewBefore not shorter", async () => {
    const messages = guardMessages(
      await renderFailure({
        values: { backendTLS: { mode: "certManager", certManager: { duration: "30m", renewBefore: "30m" } } },
      }),
    );
    expect(guardIds(messages)).toEqual(["CERT-MANAGER-DURATION", "CERT-MANAGER-DURATION"]);
    expect(messages[0]).toContain("duration=30m is shorter than 1h");
    expect(messages[1]).toContain("renewBefore=30m is not shorter than backendTLS.certManager.duration=30m");
  });

  it("should accept the boundaries (timeoutSec 60 and 86400, grace period exactly covered) when they are met", async () => {
    await expect(
      renderChart({ values: { googleLoadBalancer: { timeoutSec: 60 }, terminationGracePeriodSeconds: 50 } }),
    ).resolves.toBeDefined();
    await expect(
      renderChart({ values: { googleLoadBalancer: { timeoutSec: 86400 } } }),
    ).resolves.toBeDefined();
  });

  it.concurrent.for(HELM_MAJORS)(
    "should accept cert-manager's limits (duration 1h, renewBefore 5m; 1h30m against 1h29m59s) when they are just met (helm %i)",
    async (helm, { expect }) => {
      const certManager = (duration: string, renewBefore: string) =>
        renderChart({
          helm,
          values: { backendTLS: { mode: "certManager", certManager: { duration, renewBefore } } },
        });
      const [limits, mixedUnits] = await Promise.all([
        certManager("1h", "5m"),
        certManager("1h30m", "1h29m59s"),
      ]);
      const durations = [limits, mixedUnits].map(({ documents }) => {
        const certificate = documents.find(({ object }) => object.kind === "Certificate")?.object;
        return (certificate?.spec as { duration?: string; renewBefore?: string } | undefined) ?? {};
      });
      expect(durations).toEqual([
        expect.objectContaining({ duration: "1h", renewBefore: "5m" }),
        expect.objectContaining({ duration: "1h30m", renewBefore: "1h29m59s" }),
      ]);
    },
  );

  it("should not check certManager durations when backendTLS.mode is not certManager", async () => {
    await expect(
      renderChart({ values: { backendTLS: { certManager: { duration: "30m", renewBefore: "1m" } } } }),
    ).resolves.toBeDefined();
  });

  it("should accept one endpoint name per port when the aspnetcore names differ, or with the generic preset", async () => {
    await expect(
      renderChart({ values: { app: { aspnetcore: { endpointNames: { grpc: "Grpc", health: "Health" } } } } }),
    ).resolves.toBeDefined();
    await expect(
      renderChart({
        values: {
          app: { preset: "generic", aspnetcore: { endpointNames: { grpc: "Grpc", health: "grpc" } } },
        },
      }),
    ).resolves.toBeDefined();
  });

  it("should accept a blocking budget value when a single replica means no budget is rendered", async () => {
    const { documents } = await renderChart({
      values: { replicaCount: 1, podDisruptionBudget: { maxUnavailable: 0 } },
    });
    expect(documents.some(({ object }) => object.kind === "PodDisruptionBudget")).toBe(false);
  });

  it("should run neither the Google load balancer guards nor count its draining when frontend=none", async () => {
    await expect(
      renderChart({
        values: {
          frontend: "none",
          googleLoadBalancer: {
            timeoutSec: 30,
            healthCheck: { timeoutSec: 20, checkIntervalSec: 10 },
            connectionDraining: { drainingTimeoutSec: 120 },
          },
        },
      }),
    ).resolves.toBeDefined();
  });
});

describe("metrics guards: what they accept", () => {
  it.concurrent.for(HELM_MAJORS)(
    "should accept a scrape timeout equal to the interval, written in other units (60s against 1m), with both monitors (helm %i)",
    async (helm, { expect }) => {
      const { documents } = await renderChart({
        helm,
        values: {
          ports: { metrics: 9090 },
          metrics: {
            interval: "1m",
            scrapeTimeout: "60s",
            podMonitoring: { enabled: true },
            serviceMonitor: { enabled: true },
          },
        },
      });
      expect(documents.map(({ object }) => object.kind)).toEqual(
        expect.arrayContaining(["PodMonitoring", "ServiceMonitor"]),
      );
    },
  );

  it("should not check the scrape timeout when no monitor reads it", async () => {
    await expect(
      renderChart({
        values: { ports: { metrics: 9090 }, metrics: { interval: "10s", scrapeTimeout: "1m" } },
      }),
    ).resolves.toBeDefined();
  });

  it("should refuse a metrics port no scraper may reach behind GKE Ingress too, whose NetworkPolicy admits only the load balancer, when ports.metrics is set", async () => {
    const messages = guardMessages(
      await renderFailure({ values: { networkPolicy: { enabled: true }, ports: { metrics: 9090 } } }),
    );
    expect(guardIds(messages)).toEqual(["METRICS-NETWORK-POLICY"]);
  });

  it("should accept the Prometheus listed in networkPolicy.metricsScrapers instead of metrics.serviceMonitor.prometheusNamespace", async () => {
    await expect(
      renderChart({
        values: {
          frontend: "inCluster",
          networkPolicy: {
            enabled: true,
            clients: [{ podSelector: { matchLabels: { role: "client" } } }],
            metricsScrapers: [
              { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } },
            ],
          },
          ports: { metrics: 9090 },
          metrics: { serviceMonitor: { enabled: true } },
        },
      }),
    ).resolves.toBeDefined();
  });
});

describe("Chart.yaml kubeVersion", () => {
  // Replaces chart 0.1's PRESTOP-SLEEP-VERSION guard: the native sleep action exists on every supported version.
  it.concurrent.for(HELM_MAJORS)(
    "should be refused by helm, naming the chart's minimum, when the cluster is Kubernetes 1.29.0 (helm %i)",
    async (helm, { expect }) => {
      const message = await renderFailure({ helm, kubeVersion: "1.29.0" });
      expect(message).toContain("chart requires kubeVersion: >=1.30.0-0");
      expect(message).toContain("incompatible with Kubernetes v1.29.0");
    },
  );
});

interface SchemaRefusal {
  readonly when: string;
  readonly values: Values;
  /** The refused value's path: helm 4 prints it as `/a/b`, helm 3 as `a.b` (`(root)` for the top level). */
  readonly path: readonly string[];
  /** What both helm versions print besides the path: the allowed values, the offending key. */
  readonly says: readonly (string | RegExp)[];
}

const refusals: readonly SchemaRefusal[] = [
  {
    when: "an extra port name that is not a Kubernetes port name",
    values: { extraPorts: [{ name: "Auth_Port", port: 9999 }] },
    path: ["extraPorts", "0", "name"],
    says: ["^[a-z]([-a-z0-9]{0,13}[a-z0-9])?$"],
  },
  {
    when: "a Kestrel keep-alive not above the load balancer's 600 s",
    values: { app: { aspnetcore: { keepAliveTimeoutSeconds: 600 } } },
    path: ["app", "aspnetcore", "keepAliveTimeoutSeconds"],
    says: ["601"],
  },
  {
    when: "a Kestrel endpoint name that is not a configuration key segment",
    values: { app: { aspnetcore: { endpointNames: { grpc: "Grpc-Tls" } } } },
    path: ["app", "aspnetcore", "endpointNames", "grpc"],
    says: ["^[A-Za-z][A-Za-z0-9]*$"],
  },
  {
    when: "an unknown backendTLS.mode",
    values: { backendTLS: { mode: "plaintext" } },
    path: ["backendTLS", "mode"],
    says: ["selfSigned", "certManager", "existingSecret", "disabled"],
  },
  {
    when: "an unknown frontend",
    values: { frontend: "gateway" },
    path: ["frontend"],
    says: ["none", "gkeIngress"],
  },
  {
    when: "an unknown Ingress class",
    values: { gkeIngress: { ingress: { class: "nginx" } } },
    path: ["gkeIngress", "ingress", "class"],
    says: ["gce", "gce-regional-external", "gce-internal"],
  },
  {
    when: "a misspelled top-level key",
    values: { replicas: 3 },
    path: [],
    says: ["replicas"],
  },
  {
    when: "googleLoadBalancer.healthCheck.type (removed: the health check is always HTTP)",
    values: { googleLoadBalancer: { healthCheck: { type: "HTTPS" } } },
    path: ["googleLoadBalancer", "healthCheck"],
    says: ["type"],
  },
  {
    when: "an ECDSA cert-manager key of 2048 bits",
    values: {
      backendTLS: { mode: "certManager", certManager: { privateKey: { algorithm: "ECDSA", size: 2048 } } },
    },
    path: ["backendTLS", "certManager", "privateKey", "size"],
    says: ["256, 384, 521"],
  },
  {
    when: "an RSA cert-manager key of 1024 bits",
    values: {
      backendTLS: { mode: "certManager", certManager: { privateKey: { algorithm: "RSA", size: 1024 } } },
    },
    path: ["backendTLS", "certManager", "privateKey", "size"],
    says: [/2,?048/],
  },
  {
    when: "a scrape interval with a fraction, which Prometheus durations cannot carry",
    values: { metrics: { interval: "1.5m" } },
    path: ["metrics", "interval"],
    says: ["^([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$"],
  },
  {
    when: "a metrics port of 0",
    values: { ports: { metrics: 0 } },
    path: ["ports", "metrics"],
    says: [/got 0, want 1|greater than or equal to 1/],
  },
];

/** How a helm major prints a schema path in its refusal. */
function printedPath(helm: HelmMajor, path: readonly string[]): string {
  if (helm === 4) return `at '${path.map((key) => `/${key}`).join("")}'`;
  return `- ${path.length === 0 ? "(root)" : path.join(".")}:`;
}

describe("schema refusals (values.schema.json)", () => {
  it.concurrent.for(
    HELM_MAJORS.flatMap((helm) => refusals.map((refusal) => [refusal.when, helm, refusal] as const)),
  )(
    "should refuse the values, naming the value's path and what is allowed, when they set %s (helm %i)",
    async ([, helm, { values, path, says }], { expect }) => {
      const message = await renderFailure({ helm, values });
      expect(message).toContain("values don't meet the specifications of the schema");
      expect(message).toContain(printedPath(helm, path));
      for (const fragment of says) {
        if (typeof fragment === "string") expect(message).toContain(fragment);
        else expect(message).toMatch(fragment);
      }
    },
  );

  it.concurrent.for(HELM_MAJORS)(
    "should accept the key sizes cert-manager takes (ECDSA 384, RSA 4096) when they are set (helm %i)",
    async (helm, { expect }) => {
      const key = (algorithm: string, size: number) =>
        renderChart({
          helm,
          values: { backendTLS: { mode: "certManager", certManager: { privateKey: { algorithm, size } } } },
        });
      await expect(Promise.all([key("ECDSA", 384), key("RSA", 4096)])).resolves.toHaveLength(2);
    },
  );
});
