import { readFileSync } from "node:fs";
import { parseManifests } from "@grpc-gke/manifest";
import { describe, expect, it } from "vitest";
import {
  checkPolicy,
  ObjectSet,
  RuleSelectionError,
  replaceRuleTable,
  rules,
  selectRules,
} from "../src/index.ts";
import { fixture, ruleFixture } from "./fixtures.ts";

const stackText = readFileSync(new URL("./__fixtures__/stack/good.yaml", import.meta.url), "utf8");

type Edit = readonly [from: string | RegExp, to: string];

/** The good Ingress stack with a few edits; each edit must apply. */
function mutated(edits: readonly Edit[]): ReturnType<typeof parseManifests> {
  let text = stackText;
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    expect(next, `edit ${String(from)} did not apply`).not.toBe(text);
    text = next;
  }
  return parseManifests(text, "stack.yaml");
}

describe("a correct GKE gRPC stack", () => {
  it("is clean under every rule (Ingress: TLS h2 + health port, NEG, BackendConfig, ManagedCertificate)", () => {
    expect(checkPolicy(fixture("stack/good.yaml"))).toEqual([]);
  });

  it("is clean under every rule (Gateway: h2c, HTTPRoute, GCPBackendPolicy, HealthCheckPolicy)", () => {
    expect(checkPolicy(fixture("stack/gateway.yaml"))).toEqual([]);
  });

  it.each<readonly [string, string, readonly Edit[]]>([
    ["GKE-HTTP2-TLS", "Kestrel binds http://", [['"https://0.0.0.0:5000"', '"http://0.0.0.0:5000"']]],
    [
      "GKE-HTTP2-TLS",
      "no certificate and no https listener",
      [
        [/\s+volumeMounts:\n.*\n/, "\n"],
        [/.*Grpc__Url.*\n/, ""],
      ],
    ],
    ["GKE-APP-PROTOCOLS", "app-protocols says GRPC", [['{"grpc":"HTTP2"}', '{"grpc":"GRPC"}']]],
    [
      "GKE-HEALTH-CHECK",
      "the health check asks /healthz",
      [["requestPath: /health", "requestPath: /healthz"]],
    ],
    [
      "GKE-INGRESS-NEG",
      "the NEG annotation is empty",
      [[`cloud.google.com/neg: '{"ingress": true}'`, "cloud.google.com/neg: '{}'"]],
    ],
    ["K8S-READINESS-PROBE", "the readinessProbe goes", [[/\s+readinessProbe:\n.*\n.*\n/, "\n"]]],
    [
      "K8S-GRACE-PERIOD",
      "grace is 35 s",
      [["terminationGracePeriodSeconds: 60", "terminationGracePeriodSeconds: 35"]],
    ],
    ["GKE-PRESTOP", "the preStop goes", [[/\s+lifecycle:\n.*\n.*\n/, "\n"]]],
    ["GKE-BACKEND-TIMEOUT", "timeoutSec is 30", [["timeoutSec: 3600", "timeoutSec: 30"]]],
    ["K8S-PORT-REFERENCE", "the Ingress names port grpcs", [["port: {name: grpc}", "port: {name: grpcs}"]]],
    [
      "K8S-SERVICE-SELECTOR",
      "the selector names games",
      [["selector: {app.kubernetes.io/name: game,", "selector: {app.kubernetes.io/name: games,"]],
    ],
    [
      "GKE-MANAGED-CERT-DOMAINS",
      "the certificate adds www",
      [["domains: [play.example.com]", "domains: [play.example.com, www.example.com]"]],
    ],
    [
      "GKE-MANAGED-CERT-MISSING",
      "the Ingress names game-cert",
      [["managed-certificates: game", "managed-certificates: game-cert"]],
    ],
    [
      "GKE-INGRESS-CLASS-NAME",
      "the class moves to ingressClassName",
      [
        ["    kubernetes.io/ingress.class: gce\n", ""],
        ["spec:\n  rules:", "spec:\n  ingressClassName: gce\n  rules:"],
      ],
    ],
  ])("trips %s when %s", (id, _change, edits) => {
    const checks = new Set(checkPolicy(mutated(edits)).map((problem) => problem.check));
    expect([...checks]).toEqual([id]);
  });

  it("reports problems in document order, then rule order, deterministically", () => {
    const documents = ruleFixture("GKE-HTTP2-TLS", "bad");
    const problems = checkPolicy(documents);
    expect(checkPolicy([...documents])).toEqual(problems);
    const positions = problems.map((problem) => Number(problem.source.split("#")[1]));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const first = problems
      .filter((problem) => problem.object === "Deployment/games/game")
      .map((p) => p.check);
    const order = rules.map((rule) => rule.id);
    expect(first).toEqual([...first].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  });
});

function set(yaml: string): ObjectSet {
  return new ObjectSet(parseManifests(yaml, "inline.yaml"));
}

const ingress = (annotations: string, spec = ""): string => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, annotations: {${annotations}}}
spec: {${spec}}`;

describe("ObjectSet", () => {
  it("treats an Ingress as GKE's the way ingress-gce's IsGCEIngress does", () => {
    const gce = (yaml: string) => set(yaml).ingresses[0]?.gce;
    expect(gce(ingress(""))).toBe(true);
    expect(gce(ingress("kubernetes.io/ingress.class: gce-regional-external"))).toBe(true);
    expect(gce(ingress("kubernetes.io/ingress.class: nginx"))).toBe(false);
    expect(gce(ingress("", "ingressClassName: gce"))).toBe(false);
    expect(gce(ingress("kubernetes.io/ingress.class: gce", "ingressClassName: nginx"))).toBe(true);
  });

  it("resolves legacy Ingress backends, GA-over-beta backend-config and port-number keys", () => {
    const objects = set(`
apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: old}
spec:
  backend: {serviceName: api, servicePort: 8080}
---
apiVersion: v1
kind: Service
metadata:
  name: api
  annotations:
    beta.cloud.google.com/backend-config: '{"default":"beta"}'
    cloud.google.com/backend-config: '{"ports":{"8080":"ga"}}'
spec:
  selector: {app: api}
  ports: [{name: http, port: 8080}]
`);
    const routed = objects.routedPorts[0];
    expect(routed?.service.name).toBe("api");
    expect(routed && objects.backendConfigFor(routed.service, routed.port)).toMatchObject({
      annotation: "cloud.google.com/backend-config",
      name: "ga",
      document: undefined,
    });
  });

  it("only counts HTTPRoutes whose parent Gateway is in the set and GKE's (by class name or controller)", () => {
    const objects = set(`
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: company-lb}
spec: {controllerName: networking.gke.io/gateway}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public}
spec: {gatewayClassName: company-lb}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: a}
spec: {parentRefs: [{name: public}], rules: [{backendRefs: [{name: api, port: 80}]}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: b}
spec: {parentRefs: [{name: elsewhere}], rules: [{backendRefs: [{name: other, port: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: other}
spec: {ports: [{port: 80}]}
`);
    expect(objects.routedPorts.map((routed) => [routed.frontend, routed.service.name])).toEqual([
      ["gateway", "api"],
    ]);
  });
});

describe("ObjectSet lookups", () => {
  const objects = set(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: game, namespace: games}
spec: {template: {metadata: {labels: {app: game, tier: web}}, spec: {containers: [{name: server}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: game, namespace: other}
spec: {template: {metadata: {labels: {app: game}}, spec: {containers: [{name: server}]}}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: games}
spec: {selector: {app: game, tier: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: all}
spec: {selector: {app: game}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: strict, namespace: games}
spec: {selector: {app: game, tier: db}, ports: [{port: 80}]}
---
apiVersion: networking.gke.io/v1
kind: GCPBackendPolicy
metadata: {name: web, namespace: other}
spec: {targetRef: {group: "", kind: Service, name: web}}
---
apiVersion: networking.gke.io/v1
kind: GCPBackendPolicy
metadata: {name: web, namespace: games}
spec: {targetRef: {group: "", kind: Service, name: web}}
`);
  it("selects workloads carrying every selector label, in the Service's namespace (or any, without one)", () => {
    const [web, all, strict] = objects.services;
    if (web === undefined || all === undefined || strict === undefined) throw new Error("services");
    expect(objects.selectedWorkloads(web).map((workload) => workload.namespace)).toEqual(["games"]);
    expect(objects.selectedWorkloads(all)).toHaveLength(2);
    expect(objects.selectedWorkloads(strict)).toEqual([]);
  });

  it("finds the Services selecting a workload, in document order", () => {
    const [games, other] = objects.workloads;
    if (games === undefined || other === undefined) throw new Error("workloads");
    expect(objects.servicesSelecting(games).map((service) => service.name)).toEqual(["web", "all"]);
    expect(objects.servicesSelecting(other).map((service) => service.name)).toEqual(["all"]);
  });

  it("finds objects and policies by kind, name and namespace", () => {
    expect(objects.find("Deployment", "game", "other")?.object.metadata?.namespace).toBe("other");
    expect(objects.find("Deployment", "game", undefined)?.object.metadata?.namespace).toBe("games");
    expect(objects.find("Deployment", "game", "nowhere")).toBeUndefined();
    expect(objects.service("web", "other")).toBeUndefined();
    const web = objects.service("web", "games");
    if (web === undefined) throw new Error("web");
    expect(objects.policyFor("GCPBackendPolicy", web)?.object.metadata?.namespace).toBe("games");
    expect(objects.policyFor("HealthCheckPolicy", web)).toBeUndefined();
  });
});

describe("TLS evidence for GKE-HTTP2-TLS", () => {
  const stack = (container: string, extra = "") => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: game}
spec:
  selector: {matchLabels: {app: game}}
  template:
    metadata: {labels: {app: game}}
    spec:
      containers:
        - name: server
          image: example/game
          ports: [{name: grpc, containerPort: 5000}]
${container}
---
apiVersion: v1
kind: Service
metadata:
  name: game
  annotations: {cloud.google.com/app-protocols: '{"grpc":"HTTP2"}'}
spec:
  selector: {app: game}
  ports: [{name: grpc, port: 5000, targetPort: grpc}]
---
${ingress("kubernetes.io/ingress.class: gce", "defaultBackend: {service: {name: game, port: {name: grpc}}}")}
${extra}`;
  const tls = rules.filter((rule) => rule.id === "GKE-HTTP2-TLS");
  const messages = (yaml: string) =>
    checkPolicy(parseManifests(yaml, "inline.yaml"), tls).map((p) => p.message);

  it("reads envFrom ConfigMaps", () => {
    const yaml = stack(
      "          envFrom: [{configMapRef: {name: settings}}]",
      "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {ASPNETCORE_HTTP_PORTS: '5000'}",
    );
    expect(messages(yaml)).toEqual([expect.stringContaining("env ASPNETCORE_HTTP_PORTS=5000")]);
  });

  it("reads a mounted appsettings.json", () => {
    const yaml = stack(
      "          volumeMounts: [{name: settings, mountPath: /app/config}]\n      volumes: [{name: settings, configMap: {name: settings}}]",
      `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata:\n  appsettings.json: '{"Kestrel":{"Endpoints":{"Grpc":{"Url":"http://0.0.0.0:5000"}}}}'`,
    );
    expect(messages(yaml)).toEqual([
      expect.stringContaining("ConfigMap settings key appsettings.json listens on http://…:5000"),
    ]);
  });

  it("ignores plaintext listeners on other ports and client URLs", () => {
    const yaml = stack(
      [
        "          env:",
        "            - {name: ASPNETCORE_URLS, value: 'https://+:5000;http://+:5001'}",
        "            - {name: UPSTREAM, value: 'http://auth:5000'}",
      ].join("\n"),
    );
    expect(messages(yaml)).toEqual([]);
  });

  it("takes a plain HTTP readiness probe on the HTTP2 port as plaintext", () => {
    const yaml = stack(
      "          readinessProbe: {httpGet: {path: /health, port: grpc}}\n          volumeMounts: [{name: tls, mountPath: /tls}]\n      volumes: [{name: tls, secret: {secretName: tls}}]",
    );
    expect(messages(yaml)).toEqual([expect.stringContaining("its readinessProbe httpGet uses scheme HTTP")]);
  });
});

describe("README", () => {
  it("lists exactly the rules (regenerate with npm run readme)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(readme).toBe(replaceRuleTable(readme, rules));
  });
});

describe("selectRules", () => {
  it("takes rule ids and scopes, in report order", () => {
    expect(selectRules(["gke-gateway", "k8s-grace-period"]).map((rule) => rule.id)).toEqual([
      "K8S-GRACE-PERIOD",
      "GKE-GATEWAY-APP-PROTOCOL",
      "GKE-GATEWAY-H2C-TLS",
      "GKE-GRPCROUTE",
      "GKE-GATEWAY-INGRESS-CONFIG",
      "GKE-GATEWAY-ROUTE-TIMEOUTS",
      "GKE-GATEWAY-CERTMAP",
    ]);
  });

  it("names an unknown word and lists what exists", () => {
    expect(() => selectRules(["GKE-NOPE"])).toThrow(RuleSelectionError);
    expect(() => selectRules(["GKE-NOPE"])).toThrow(/--rules GKE-NOPE: no rule or scope/);
  });
});

describe("lookups by names from a manifest", () => {
  it("never find Object.prototype members (a port named constructor)", () => {
    const set = new ObjectSet(
      parseManifests(
        [
          "apiVersion: v1",
          "kind: Service",
          "metadata:",
          "  name: s",
          '  annotations: {cloud.google.com/backend-config: \'{"default": "bc", "ports": {}}\'}',
          "spec: {ports: [{name: constructor, port: 80}]}",
        ].join("\n"),
        "inline.yaml",
      ),
    );
    const [service] = set.services;
    const [port] = service?.ports ?? [];
    if (service === undefined || port === undefined) throw new Error("no service port");
    expect(set.backendConfigFor(service, port)?.name).toBe("bc");
  });
});
