/**
 * The Istio frontend's guards (templates/istio/_guards.tpl), run only with frontend=istio, and the core guards its
 * values feed (GRACE-PERIOD through the `drainingSeconds` hook, NETWORK-POLICY through the `networkPolicy` hook). A
 * guard's message is the chart's own `fail`, so every case runs with helm 4 and helm 3.
 */
import { describe, expect, it } from "vitest";
import {
  type GuardCase,
  guardIds,
  guardMessages,
  HELM_MAJORS,
  itRefusesEach,
  renderChart,
  renderFailure,
} from "../support.ts";
import { esp, istio } from "./istio.ts";

const CLEARTEXT = { backendTLS: { mode: "disabled" } };

const guards: readonly GuardCase[] = [
  {
    id: "ISTIO-HOSTS",
    when: "istio.hosts is empty",
    options: istio({ hosts: [] }),
    says: [
      "istio.hosts is empty with frontend=istio",
      "the VirtualService needs at least one host",
      "Fix: set istio.hosts, e.g. [api.example.com]",
    ],
  },
  {
    id: "ISTIO-GATEWAY-CERTIFICATE",
    when: "the chart creates a Gateway without istio.gateway.credentialName",
    options: istio({ gateway: { credentialName: "" } }),
    says: [
      "istio.gateway.credentialName is empty with frontend=istio and no istio.sharedGateway.name",
      "an HTTPS server (tls.mode SIMPLE) with no certificate",
      "Fix: set istio.gateway.credentialName to a kubernetes.io/tls Secret in namespace istio-system",
    ],
  },
  {
    id: "ISTIO-GATEWAY-CERTIFICATE",
    when: "istio.certManager.enabled has no issuer",
    options: istio({ certManager: { enabled: true } }),
    says: [
      "istio.certManager.enabled=true without istio.certManager.issuerRef.name",
      "the Secret api-example-com-tls would never be written",
      "Fix: name a ClusterIssuer (any namespace) or an Issuer in namespace istio-system",
    ],
  },
  {
    id: "ISTIO-SHARED-GATEWAY",
    when: "a shared Gateway is named with the values of a Gateway the chart creates",
    options: istio({
      sharedGateway: { name: "public", namespace: "istio-system" },
      gateway: { httpsRedirect: { enabled: true } },
      certManager: { enabled: true, issuerRef: { name: "letsencrypt" } },
    }),
    says: [
      "istio.sharedGateway.name=public with istio.gateway.credentialName=api-example-com-tls, istio.gateway.httpsRedirect.enabled=true, istio.certManager.enabled=true",
      "would be silently ignored",
      'Fix: remove them, or set istio.sharedGateway.name="" to create a Gateway for this release',
    ],
  },
  {
    id: "ISTIO-READINESS",
    when: "probes.readiness.enabled=false",
    options: istio({}, { probes: { readiness: { enabled: false } } }),
    says: [
      "probes.readiness.enabled=false with frontend=istio",
      "Istio's gateway balances over the Service's ready endpoints",
      "Fix: keep probes.readiness.enabled=true",
    ],
  },
  {
    id: "ISTIO-BACKEND-TLS",
    when: "the DestinationRule originates TLS to a cleartext grpc port",
    options: istio({ destinationRule: { tls: { mode: "SIMPLE" } } }, CLEARTEXT),
    says: [
      "istio.destinationRule.tls.mode=SIMPLE with backendTLS.mode=disabled",
      "open a TLS connection to a grpc port that serves cleartext HTTP/2",
      "Fix: leave istio.destinationRule.tls.mode empty",
    ],
  },
  {
    id: "ISTIO-BACKEND-TLS",
    when: "Istio's mTLS is asked for while the grpc port serves its own TLS",
    options: istio({ destinationRule: { tls: { mode: "ISTIO_MUTUAL" } } }),
    says: [
      "istio.destinationRule.tls.mode=ISTIO_MUTUAL with backendTLS.mode=selfSigned",
      "the pod's Istio sidecar ends Istio's mTLS and hands the app cleartext",
      "Fix: set backendTLS.mode=disabled (cleartext inside the cluster, encrypted by Istio's mTLS)",
    ],
  },
  {
    id: "ISTIO-BACKEND-TLS",
    when: "TLS is disabled in the DestinationRule while the grpc port serves TLS",
    options: istio({ destinationRule: { tls: { mode: "DISABLE" } } }),
    says: [
      "istio.destinationRule.tls.mode=DISABLE with backendTLS.mode=selfSigned",
      "the gateway speaks cleartext to it",
      "or leave istio.destinationRule.tls.mode empty for TLS origination (SIMPLE)",
    ],
  },
  {
    id: "ISTIO-ROUTE-TIMEOUT",
    when: "the route timeout would cut streams",
    options: istio({ virtualService: { timeoutSeconds: 30 } }),
    says: [
      "istio.virtualService.timeoutSeconds=30 is below 60",
      "Envoy would end every gRPC stream after 30 s",
      "Fix: use 0 (no timeout, Istio's default) or at least an hour",
    ],
  },
  {
    id: "ISTIO-PROXY-DRAIN",
    when: "the sidecar would stop draining before the app has",
    options: istio({ proxy: { terminationDrainDurationSeconds: 20 } }),
    says: [
      "istio.proxy.terminationDrainDurationSeconds=20 is shorter than gracefulShutdown.preStop.seconds (15) + gracefulShutdown.appDrainSeconds (30) = 45",
      "cutting the streams the app is still draining",
      "Fix: set it to at least 45",
    ],
  },
  {
    id: "GRACE-PERIOD",
    when: "the sidecar drains longer than the grace period covers",
    options: istio({ proxy: { terminationDrainDurationSeconds: 90 } }),
    says: [
      "terminationGracePeriodSeconds=60 is shorter than gracefulShutdown.preStop.seconds (15) + drain (75",
      "= 95",
      "Fix: set terminationGracePeriodSeconds to at least 95",
    ],
  },
  {
    id: "ISTIO-ESP-SERVICE",
    when: "ESP has no Endpoints service",
    options: esp({ service: "" }),
    says: [
      "istio.esp.enabled=true without istio.esp.service",
      "ESP would ask the metadata server for the service name",
      "Fix: set istio.esp.service to your Endpoints service name",
    ],
  },
  {
    id: "ISTIO-ESP-SERVICE",
    when: "a fixed rollout has no config ID",
    options: esp({ rolloutStrategy: "fixed" }),
    says: [
      "istio.esp.rolloutStrategy=fixed without istio.esp.configId",
      "it cannot start",
      "Fix: set istio.esp.configId",
    ],
  },
  {
    id: "ISTIO-ESP-SERVICE",
    when: "a managed rollout is given a config ID",
    options: esp({ configId: "2026-08-01r0" }),
    says: [
      "istio.esp.configId=2026-08-01r0 with istio.esp.rolloutStrategy=managed",
      '"Flag --version cannot be used if --rollout_strategy=managed"',
      "Fix: remove istio.esp.configId, or set rolloutStrategy=fixed",
    ],
  },
  {
    id: "ISTIO-ESP-BACKEND-TLS",
    when: "ESP fronts a grpc port that serves TLS",
    options: esp({}, { backendTLS: { mode: "selfSigned" } }),
    says: [
      "istio.esp.enabled=true with backendTLS.mode=selfSigned",
      "ESP calls the app at grpc://127.0.0.1:5000, cleartext HTTP/2",
      "Fix: set backendTLS.mode=disabled",
    ],
  },
  {
    id: "ISTIO-ESP-PORTS",
    when: "ESP's port is the app's grpc port",
    options: esp({ port: 5000 }),
    says: [
      "istio.esp.port=5000 (ESP's --listener_port) is also ports.grpc",
      "ESP and the app share the pod's network namespace",
      "Fix: give istio.esp.port a port of its own, e.g. 5100",
    ],
  },
  {
    id: "ISTIO-ESP-PORTS",
    when: "ESP v1's health port is its own status port",
    options: esp({ version: 1, healthPort: 8090 }),
    says: [
      "istio.esp.statusPort=8090 (ESP's --status_port) is also istio.esp.healthPort (ESP's --http_port)",
      'start_esp exits with "Port is used more than once"',
      "Fix: give istio.esp.statusPort a port of its own",
    ],
  },
  {
    id: "ISTIO-ESP-PORTS",
    when: "ESP's port is an extra port of the app",
    options: esp({}, { extraPorts: [{ name: "admin", port: 9000 }] }),
    says: ["istio.esp.port=9000 (ESP's --listener_port) is also extraPorts admin", "Address already in use"],
  },
  {
    id: "ISTIO-ESP-ARGS",
    when: "istio.esp.extraArgs turns on ESP's TLS port",
    options: esp({ version: 1, extraArgs: ["--ssl_port=443"] }),
    says: [
      "istio.esp.extraArgs has --ssl_port=443",
      "here TLS ends at the Istio gateway and it speaks cleartext HTTP/2 to ESP",
      "Fix: remove it",
    ],
  },
  {
    id: "ISTIO-ESP-ARGS",
    when: "istio.esp.extraArgs repeats a port flag the chart sets",
    options: esp({ extraArgs: ["--listener_port=9100"] }),
    says: [
      "istio.esp.extraArgs has --listener_port=9100, a flag the chart sets from its values",
      "the Service, probes and ports would no longer match what ESP does",
      "Fix: remove it and set the value instead",
    ],
  },
  {
    id: "ISTIO-ESP-HEALTH-PATH",
    when: "health.path is / with ESP",
    options: esp({}, { health: { path: "/" } }),
    says: [
      "health.path=/ with istio.esp.enabled=true",
      '"/" would catch every request',
      "Fix: use a path of its own",
    ],
  },
  {
    id: "ISTIO-ESP-CLIENT-BODY-TIMEOUT",
    when: "ESP v1 keeps nginx's 60 s client body timeout",
    options: esp({ version: 1, clientBodyTimeoutSeconds: 60 }),
    says: [
      "istio.esp.clientBodyTimeoutSeconds=60 with ESP v1",
      "a client-streaming or bidi gRPC call is one request body",
      "Fix: set it above 60, e.g. 3600",
    ],
  },
  {
    id: "ISTIO-ESP-CLIENT-SIDE-BALANCING",
    when: "ESP is on with the headless Service of client-side balancing",
    options: esp({}, { clientSideBalancing: { enabled: true } }),
    says: [
      "istio.esp.enabled=true with clientSideBalancing.enabled=true",
      "their calls would skip ESP's authentication and quotas",
      "Fix: set clientSideBalancing.enabled=false",
    ],
  },
];

describe("Istio guards (templates/istio/_guards.tpl)", () => {
  itRefusesEach(guards);

  it.concurrent.for(HELM_MAJORS)(
    "should accept what the guards allow: TLS origination, h2c with Istio's mTLS, both ESP versions, a long route timeout and a covered sidecar drain (helm %i)",
    async (helm, { expect }) => {
      const accepted = [
        istio({ virtualService: { timeoutSeconds: 3600 } }),
        istio({ destinationRule: { tls: { mode: "ISTIO_MUTUAL" } } }, CLEARTEXT),
        istio({ proxy: { terminationDrainDurationSeconds: 90 } }, { terminationGracePeriodSeconds: 95 }),
        esp({ version: 1 }),
        esp({ version: 2, extraArgs: ["--cors_preset=basic"] }),
        istio({ gateway: { credentialName: "" }, sharedGateway: { name: "public" } }),
      ];
      for (const options of accepted) {
        const { documents } = await renderChart({ ...options, helm });
        expect(documents.length).toBeGreaterThan(0);
      }
    },
  );

  it("should report every ESP port clash at once when ESP v1's three ports all land on the app's", async () => {
    const messages = guardMessages(
      await renderFailure(esp({ version: 1, port: 5000, healthPort: 5001, statusPort: 5000 })),
    );
    expect(guardIds(messages)).toEqual([
      "ISTIO-ESP-PORTS",
      "ISTIO-ESP-PORTS",
      "ISTIO-ESP-PORTS",
      "ISTIO-ESP-PORTS",
    ]);
  });

  it("should not run the Istio guards for another frontend when istio values are left invalid (frontend gkeIngress, the default)", async () => {
    const { documents } = await renderChart({
      values: { istio: { hosts: [], virtualService: { timeoutSeconds: 1 } } },
    });
    expect(documents.length).toBeGreaterThan(0);
  });
});
