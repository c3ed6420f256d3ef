import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkPolicy, type Rule, rules } from "../src/index.ts";
import { fixture } from "./fixtures.ts";

/** [object, path, message fragment] of every problem the rule's bad.yaml must yield, in report order. */
type Expected = readonly (readonly [string, string, string])[];

const expectations: Readonly<Record<string, Expected>> = {
  "GKE-HTTP2-TLS": [
    [
      "Deployment/games/game",
      "spec.template.spec.containers[0].env[0]",
      "serves plaintext there: env ASPNETCORE_URLS=http://+:5000",
    ],
    [
      "Deployment/games/chat",
      "spec.template.spec.containers[0]",
      "dials pod port 8443 with TLS, but Deployment/games/chat shows no sign of TLS",
    ],
  ],
  "GKE-APP-PROTOCOLS": [
    ["Service/game", 'metadata.annotations["cloud.google.com/app-protocols"]', 'sets port "grpc" to "H2C"'],
    ["Service/game", 'metadata.annotations["cloud.google.com/app-protocols"]', 'sets port "web" to "http"'],
    ["Service/lobby", 'metadata.annotations["cloud.google.com/app-protocols"]', "is not JSON"],
  ],
  "GKE-HEALTH-CHECK": [
    [
      "BackendConfig/games/game",
      "spec.healthCheck.requestPath",
      'requests "/health" on port 5001, but the readinessProbe of container "server"',
    ],
    [
      "BackendConfig/games/game-admin",
      "spec.healthCheck.port",
      "health-check port 5002 is not a containerPort of Deployment/games/game",
    ],
    ["BackendConfig/games/game-admin", "spec.healthCheck.type", 'healthCheck.type "GRPC" is not supported'],
    [
      "HealthCheckPolicy/games/game-gw",
      "spec.default.config.httpHealthCheck.port",
      "health-check port 9090 is not a containerPort",
    ],
  ],
  "GKE-INGRESS-NEG": [
    [
      "Service/game",
      'metadata.annotations["cloud.google.com/neg"]',
      "is type ClusterIP and has no cloud.google.com/neg annotation",
    ],
    ["Service/lobby", 'metadata.annotations["cloud.google.com/neg"]', "through NodePort instance groups"],
    [
      "Service/chat",
      'metadata.annotations["cloud.google.com/neg"]',
      'has cloud.google.com/neg without "ingress": true',
    ],
  ],
  "K8S-READINESS-PROBE": [
    [
      "Deployment/game",
      "spec.template.spec.containers[0]",
      'container "server" serves Service/game port grpc behind Ingress/game',
    ],
    ["Deployment/game", "spec.template.spec.containers[1]", 'container "metrics" declares ports (metrics)'],
  ],
  "K8S-GRACE-PERIOD": [
    [
      "Deployment/game",
      "spec.template.spec.terminationGracePeriodSeconds",
      '30 (the default) is not longer than preStop 20 s (container "server") + connection draining 15 s (BackendConfig/game of Service/game) = 35 s',
    ],
    [
      "StatefulSet/worker",
      "spec.template.spec.terminationGracePeriodSeconds",
      'terminationGracePeriodSeconds 20 is not longer than preStop 25 s (container "worker") = 25 s',
    ],
  ],
  "GKE-PRESTOP": [
    [
      "Deployment/game",
      "spec.template.spec.containers[0].lifecycle",
      'container "server" serves Service/game port grpc through NEGs of Ingress/game but has no preStop hook',
    ],
  ],
  "GKE-BACKEND-TIMEOUT": [
    [
      "Service/a",
      'metadata.annotations["cloud.google.com/backend-config"]',
      "has no BackendConfig, so its backend timeout is the default 30 s",
    ],
    ["BackendConfig/b", "spec", "without timeoutSec"],
    ["BackendConfig/c", "spec.timeoutSec", "timeoutSec 30 serves Service/c port grpc"],
    ["BackendConfig/d", "spec.timeoutSec", "timeoutSec 172800 is above 86400 s"],
    ["Service/e", "", "has no GCPBackendPolicy"],
    [
      "GCPBackendPolicy/f",
      "spec.default.timeoutSec",
      "timeoutSec 20 serves Service/f port grpc (kubernetes.io/h2c",
    ],
  ],
  "K8S-PORT-REFERENCE": [
    [
      "Deployment/games/game",
      "spec.template.spec.containers[0].livenessProbe.tcpSocket.port",
      "probes port 6000, which no container of the pod declares",
    ],
    [
      "Deployment/games/game",
      "spec.template.spec.containers[0].readinessProbe.httpGet.port",
      'uses port name "healthz"',
    ],
    [
      "Service/games/game",
      'metadata.annotations["cloud.google.com/app-protocols"]',
      'names port "grpcs", which is not a port name',
    ],
    ["Service/games/game", 'metadata.annotations["cloud.google.com/backend-config"]', 'names port "web"'],
    [
      "Service/games/game",
      "spec.ports[0].targetPort",
      'targetPort "grpcs" of port grpc is not a containerPort name',
    ],
    [
      "Ingress/games/game",
      "spec.rules[0].http.paths[0].backend.service",
      'backend port name "http" is not a port of Service/games/game',
    ],
    [
      "Ingress/games/game",
      "spec.rules[0].http.paths[1].backend.service",
      'backend Service "missing" is not in the rendered set',
    ],
    ["HTTPRoute/games/game", "spec.rules[0].backendRefs[0]", "backend port number 9999 is not a port"],
  ],
  "K8S-SERVICE-SELECTOR": [
    [
      "Service/game",
      "spec.selector",
      "app.kubernetes.io/name=game,app.kubernetes.io/version=1.0.0 matches no pod template",
    ],
  ],
  "GKE-MANAGED-CERT-DOMAINS": [
    [
      "ManagedCertificate/game",
      "spec.domains[1]",
      'domain "api.example.com" is attached to Ingress/game, which routes only play.example.com',
    ],
    ["ManagedCertificate/game", "spec.domains[2]", 'domain "*.example.com" is a wildcard'],
  ],
  "GKE-MANAGED-CERT-MISSING": [
    [
      "Ingress/games/game",
      'metadata.annotations["networking.gke.io/managed-certificates"]',
      'ManagedCertificate "game-www"',
    ],
  ],
  "GKE-INGRESS-CLASS-NAME": [
    [
      "Ingress/game",
      "spec.ingressClassName",
      'has ingressClassName "gce" and no kubernetes.io/ingress.class annotation',
    ],
    [
      "Ingress/web",
      "spec.ingressClassName",
      "GKE-only annotations (kubernetes.io/ingress.global-static-ip-name, networking.gke.io/managed-certificates)",
    ],
  ],
  "GKE-BACKEND-CONFIG-ON-INGRESS": [
    [
      "Ingress/game",
      'metadata.annotations["cloud.google.com/backend-config"]',
      "is on Ingress/game, where GKE ignores it",
    ],
  ],
  "GKE-GATEWAY-APP-PROTOCOL": [
    [
      "Service/game",
      "spec.ports[0]",
      "app-protocols annotation says HTTP2, but GKE Gateway ignores that annotation",
    ],
    ["Service/lobby", "spec.ports[0]", 'its name "h2c-lobby" says it speaks HTTP/2'],
    ["Service/chat", "spec.ports[0].appProtocol", 'appProtocol "grpc", which GKE Gateway does not support'],
  ],
  "GKE-GRPCROUTE": [
    [
      "GRPCRoute/games/game",
      "spec.parentRefs",
      "of GatewayClass gke-l7-global-external-managed, which does not support GRPCRoute",
    ],
  ],
};

function ruleById(id: string): Rule {
  const rule = rules.find((candidate) => candidate.id === id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return rule;
}

describe.each(rules.map((rule) => [rule.id, rule] as const))("%s", (id, rule) => {
  it("reports exactly the traps in bad.yaml, with object, path and message", () => {
    const expected = expectations[id];
    expect(expected, `add expectations for ${id}`).toBeDefined();
    const problems = checkPolicy(fixture(`${id}/bad.yaml`), [rule]);
    expect(problems.map((problem) => [problem.object, problem.path])).toEqual(
      (expected ?? []).map(([object, path]) => [object, path]),
    );
    problems.forEach((problem, index) => {
      expect(problem.message).toContain(expected?.[index]?.[2]);
      expect(problem).toMatchObject({
        check: id,
        link: rule.link,
        source: expect.stringMatching(`^${id}/bad\\.yaml#\\d+$`),
      });
      expect(problem.fix.length).toBeGreaterThan(10);
    });
  });

  it("finds nothing in good.yaml", () => {
    expect(checkPolicy(fixture(`${id}/good.yaml`), [rule])).toEqual([]);
  });
});

describe("fixtures", () => {
  it("has a bad.yaml and good.yaml folder for every rule and no stray folder", () => {
    const folders = readdirSync(new URL("./__fixtures__/", import.meta.url)).filter(
      (name) => name !== "stack",
    );
    expect(folders.sort()).toEqual(rules.map((rule) => rule.id).sort());
    expect(Object.keys(expectations).sort()).toEqual(rules.map((rule) => rule.id).sort());
  });

  it("rule ids are unique, stable UPPER-KEBAB, and every rule names a source", () => {
    const ids = rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)+$/);
      expect(rule.link).toMatch(/^https:\/\//);
      expect(rule.title && rule.why && rule.fix).toBeTruthy();
    }
    expect(ruleById("GKE-HTTP2-TLS")).toBe(rules[0]);
  });
});
