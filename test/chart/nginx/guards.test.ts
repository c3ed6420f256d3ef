/**
 * The ingress-nginx frontend's guards (templates/nginx/_guards.tpl), run only with frontend=nginx, and the schema's
 * refusals of its values. A guard's message is the chart's own `fail`, so every case runs with helm 4 and helm 3.
 */
import type { HelmMajor } from "@grpc-gke/helm";
import { describe, expect, it } from "vitest";
import type { Values } from "../../support/chart.ts";
import {
  find,
  findAll,
  type GuardCase,
  guardIds,
  guardMessages,
  HELM_MAJORS,
  itRefusesEach,
  renderChart,
  renderFailure,
} from "../support.ts";

const P = "nginx.ingress.kubernetes.io/";

const HOST = "api.example.com";
const ONE_HOST = { hosts: [{ host: HOST }], tls: [{ secretName: "api-example-com-tls", hosts: [HOST] }] };
/** frontend=nginx with one routed host and its TLS entry (passes every guard), `ingress` merged over it. */
const nginx = (ingress: Values, extra: Values = {}, certManager: Values = {}): GuardCase["options"] => ({
  values: { ...extra, frontend: "nginx", nginx: { ingress: { ...ONE_HOST, ...ingress }, certManager } },
});
const AUTH = { extraPorts: [{ name: "auth", port: 9999, appProtocol: "http" }] };

const guards: readonly GuardCase[] = [
  {
    id: "NGINX-HOSTS",
    when: "nginx.ingress.hosts is empty",
    options: nginx({ hosts: [], tls: [] }),
    says: [
      "nginx.ingress.hosts is empty with frontend=nginx",
      "gRPC clients speak HTTP/2 to ingress-nginx only on its TLS listener",
      "Fix: set nginx.ingress.hosts",
    ],
  },
  {
    id: "NGINX-TLS-HOSTS",
    when: "a host is listed in TLS but never routed",
    options: nginx({ tls: [{ secretName: "api-example-com-tls", hosts: [HOST, "www.example.com"] }] }),
    says: [
      'nginx.ingress.tls lists "www.example.com" (secretName api-example-com-tls), which no nginx.ingress.hosts rule routes',
      "the certificate would never be served for it, yet cert-manager would still ask the CA for it",
      "Fix: add {host: www.example.com} to nginx.ingress.hosts",
    ],
  },
  {
    id: "NGINX-TLS-HOSTS",
    when: "a routed host has no TLS entry",
    options: nginx({ hosts: [{ host: HOST }, { host: "play.example.com" }] }),
    says: [
      'nginx.ingress.hosts routes "play.example.com", which no nginx.ingress.tls entry covers',
      "self-signed default certificate, which gRPC clients refuse",
      'Fix: add "play.example.com" to the hosts of an nginx.ingress.tls entry (or a new one, e.g. {secretName: play-example-com-tls',
    ],
  },
  {
    id: "NGINX-TLS-SECRETS",
    when: "two TLS entries share a Secret",
    options: nginx({
      hosts: [{ host: HOST }, { host: "play.example.com" }],
      tls: [
        { secretName: "shared-tls", hosts: [HOST] },
        { secretName: "shared-tls", hosts: ["play.example.com"] },
      ],
    }),
    says: [
      "nginx.ingress.tls has two entries with secretName shared-tls",
      "cert-manager's ingress-shim refuses the whole Ingress",
      "Fix: give each entry its own secretName",
    ],
  },
  {
    id: "NGINX-TLS-SECRETS",
    when: "the frontend certificate's Secret is the backend certificate's",
    options: nginx({ tls: [{ secretName: "gunstars-grpc-gke-backend-tls", hosts: [HOST] }] }),
    says: [
      "nginx.ingress.tls secretName gunstars-grpc-gke-backend-tls is the Secret of the backend certificate (backendTLS.mode=selfSigned)",
      "would overwrite each other",
      "Fix: name the frontend Secret after its hosts",
    ],
  },
  {
    id: "NGINX-READINESS",
    when: "probes.readiness.enabled=false",
    options: nginx({}, { probes: { readiness: { enabled: false } } }),
    says: [
      "probes.readiness.enabled=false with frontend=nginx",
      "clients get 502s",
      "Fix: keep probes.readiness.enabled=true",
    ],
  },
  {
    id: "NGINX-BACKEND-PROTOCOL",
    when: "backend TLS is off and GRPCS is forced through annotations",
    options: nginx(
      { annotations: { [`${P}backend-protocol`]: "GRPCS" } },
      { backendTLS: { mode: "disabled" } },
    ),
    says: [
      `nginx.ingress.annotations sets ${P}backend-protocol=GRPCS with backendTLS.mode=disabled`,
      "ingress-nginx would open TLS to the grpc port, which serves cleartext h2c",
      "Fix: remove the annotation (the chart sets GRPC)",
    ],
  },
  {
    id: "NGINX-BACKEND-PROTOCOL",
    when: "backend TLS is on and GRPC is forced through annotations",
    options: nginx({ annotations: { [`${P}backend-protocol`]: "GRPC" } }),
    says: [
      `${P}backend-protocol=GRPC with backendTLS.mode=selfSigned`,
      "speak cleartext HTTP/2 to the grpc port, which serves TLS",
      "Fix: remove the annotation (the chart sets GRPCS)",
    ],
  },
  {
    id: "NGINX-BACKEND-PROTOCOL",
    when: "the backend protocol is given in lower case",
    options: nginx({ annotations: { [`${P}backend-protocol`]: "grpcs" } }),
    says: [
      `${P}backend-protocol=grpcs`,
      "derives grpc_read_timeout and grpc_send_timeout from the proxy timeouts only for the upper-case GRPCS",
      "Fix: remove the annotation (the chart sets GRPCS), or write GRPCS",
    ],
  },
  {
    id: "NGINX-BACKEND-PROTOCOL",
    when: "the backend protocol is HTTPS",
    options: nginx({ annotations: { [`${P}backend-protocol`]: "HTTPS" } }),
    says: [`${P}backend-protocol=HTTPS`, "so every call fails", "the chart sets GRPCS (TLS to the pod)"],
  },
  {
    id: "NGINX-STREAM-TIMEOUTS",
    when: "nginx.ingress.proxyReadTimeoutSeconds is the controller's 60 s",
    options: nginx({ proxyReadTimeoutSeconds: 60 }),
    says: [
      `${P}proxy-read-timeout=60 (nginx.ingress.proxyReadTimeoutSeconds, or nginx.ingress.annotations) is not above ingress-nginx's default of 60 s`,
      "it becomes grpc_read_timeout",
      "Fix: use e.g. 3600",
    ],
  },
  {
    id: "NGINX-STREAM-TIMEOUTS",
    when: "an annotation lowers proxy-send-timeout to 30 s",
    options: nginx({ annotations: { [`${P}proxy-send-timeout`]: "30" } }),
    says: [
      `${P}proxy-send-timeout=30 (nginx.ingress.proxySendTimeoutSeconds`,
      "grpc_send_timeout",
      "Fix: use e.g. 3600",
    ],
  },
  {
    id: "NGINX-STREAM-TIMEOUTS",
    when: "an annotation gives proxy-read-timeout with a unit",
    options: nginx({ annotations: { [`${P}proxy-read-timeout`]: "1h" } }),
    says: [
      `${P}proxy-read-timeout="1h" is not a number of seconds`,
      "keeps its 60 s",
      'Fix: use whole seconds, e.g. "3600"',
    ],
  },
  {
    id: "NGINX-REWRITE",
    when: "rewrite-target is set on the gRPC paths",
    options: nginx({ annotations: { [`${P}rewrite-target`]: "/$2" } }),
    says: [
      `nginx.ingress.annotations sets ${P}rewrite-target=/$2 on the gRPC Ingress`,
      "every call fails with UNIMPLEMENTED",
      "Fix: remove it; route gRPC by path prefix (/package.Service/)",
    ],
  },
  {
    id: "NGINX-FOREIGN-ANNOTATIONS",
    when: "an nginx.org/* annotation of the other controller is set",
    options: nginx({ annotations: { "nginx.org/websocket-services": "gunstars-grpc-gke" } }),
    says: [
      "nginx.ingress.annotations sets nginx.org/websocket-services",
      "ingress-nginx reads only nginx.ingress.kubernetes.io/*, so it would be silently ignored",
      "Fix: remove it",
    ],
  },
  {
    id: "NGINX-EXTRA-PATHS",
    when: "extraPaths names an unknown extra port",
    options: nginx({ extraPaths: [{ path: "/auth", port: "login" }] }, AUTH),
    says: [
      'nginx.ingress.extraPaths routes /auth to port "login", which is not in extraPorts (auth)',
      "ingress-nginx would answer 503",
      "Fix: add {name: login, port: <number>} to extraPorts",
    ],
  },
  {
    id: "NGINX-EXTRA-PATHS",
    when: "extraPaths routes to an extra port that serves TLS",
    options: nginx(
      { extraPaths: [{ path: "/admin", port: "admin" }] },
      { extraPorts: [{ name: "admin", port: 8443, appProtocol: "https" }] },
    ),
    says: [
      "nginx.ingress.extraPaths routes /admin to extra port admin, whose appProtocol is https",
      "speaks cleartext HTTP/1.1 (and websockets) to the pod",
      "Fix: serve HTTP/1.1 on that port",
    ],
  },
  {
    id: "NGINX-EXTRA-PATHS",
    when: "extraPaths routes a host the gRPC Ingress does not",
    options: nginx({ extraPaths: [{ path: "/auth", port: "auth", hosts: ["auth.example.com"] }] }, AUTH),
    says: [
      'nginx.ingress.extraPaths routes /auth on host "auth.example.com", which nginx.ingress.hosts does not route',
      "that host would have none",
      "Fix: add {host: auth.example.com} to nginx.ingress.hosts",
    ],
  },
  {
    id: "NGINX-EXTRA-PATHS",
    when: "an extra path is the gRPC Ingress's own path",
    options: nginx({ extraPaths: [{ path: "/", port: "auth" }] }, AUTH),
    says: [
      'nginx.ingress.extraPaths routes / (Prefix) on "api.example.com", a path the gRPC Ingress routes to the grpc port too',
      "ingress-nginx keeps one of the two locations",
      "Fix: use a more specific path for the extra port",
    ],
  },
  {
    id: "NGINX-EXTRA-PATHS",
    when: "extraPathsAnnotations set GRPC on the HTTP/1.1 paths",
    options: nginx(
      {
        extraPaths: [{ path: "/auth", port: "auth" }],
        extraPathsAnnotations: { [`${P}backend-protocol`]: "GRPC" },
      },
      AUTH,
    ),
    says: [
      `nginx.ingress.extraPathsAnnotations sets ${P}backend-protocol=GRPC`,
      "the wrong protocol",
      "Fix: remove it",
    ],
  },
  {
    id: "NGINX-EXTRA-PATHS",
    when: "extraPathsAnnotations are set without extraPaths",
    options: nginx({ extraPathsAnnotations: { [`${P}limit-rps`]: "10" } }),
    says: [
      "nginx.ingress.extraPathsAnnotations is set without nginx.ingress.extraPaths",
      "silently ignored",
      "Fix: remove them, or put gRPC Ingress annotations in nginx.ingress.annotations",
    ],
  },
  {
    id: "NGINX-ISSUER",
    when: "two issuers are given (one created, one named)",
    options: nginx({}, {}, { issuerRef: { name: "letsencrypt-prod" } }),
    says: [
      "nginx.certManager.issuer.create=true with nginx.certManager.issuerRef.name=letsencrypt-prod: two issuers",
      "silently ignore issuerRef",
      "Fix: set nginx.certManager.issuer.create=false to use letsencrypt-prod",
    ],
  },
  {
    id: "NGINX-ISSUER",
    when: "no issuer is given",
    options: nginx({}, {}, { issuer: { create: false } }),
    says: [
      "nginx.certManager.mode=ingressShim with nginx.certManager.issuer.create=false and no nginx.certManager.issuerRef.name",
      "cert-manager never fills the TLS Secrets",
      "Fix: set nginx.certManager.issuerRef.name",
    ],
  },
  {
    id: "NGINX-ISSUER",
    when: "an issuer is created with certManager.mode=none",
    options: nginx({}, {}, { mode: "none" }),
    says: [
      "nginx.certManager.mode=none with nginx.certManager.issuer.create=true",
      "register an ACME account for nothing",
      "Fix: set nginx.certManager.issuer.create=false",
    ],
  },
  {
    id: "NGINX-ISSUER",
    when: "a cert-manager issuer annotation is added next to explicit Certificates",
    options: nginx(
      { annotations: { "cert-manager.io/cluster-issuer": "letsencrypt" } },
      {},
      { mode: "certificates" },
    ),
    says: [
      "nginx.ingress.annotations sets cert-manager.io/cluster-issuer=letsencrypt",
      "create a second Certificate for each Secret the chart's Certificates already fill",
      "Fix: remove the annotation and set nginx.certManager.issuerRef.name=letsencrypt with issuer.create=false",
    ],
  },
  {
    id: "NGINX-ACME",
    when: "acme.environment=custom has no server",
    options: nginx({}, {}, { issuer: { acme: { environment: "custom" } } }),
    says: [
      "nginx.certManager.issuer.acme.environment=custom without nginx.certManager.issuer.acme.server",
      "cert-manager refuses an ACME issuer without a server URL",
      "Fix: set acme.server",
    ],
  },
  {
    id: "NGINX-ACME",
    when: "acme.server is set next to a Let's Encrypt environment",
    options: nginx({}, {}, { issuer: { acme: { server: "https://acme.example.org/directory" } } }),
    says: [
      "nginx.certManager.issuer.acme.server=https://acme.example.org/directory with nginx.certManager.issuer.acme.environment=staging",
      "the server would be silently ignored",
      "Fix: set environment=custom",
    ],
  },
  {
    id: "NGINX-ACME",
    when: "the dns01 solver has no Cloud DNS project",
    options: nginx({}, {}, { issuer: { acme: { solver: { type: "dns01" } } } }),
    says: [
      "nginx.certManager.issuer.acme.solver.type=dns01 without nginx.certManager.issuer.acme.solver.cloudDNS.project",
      "no certificate would be issued",
      "Fix: set solver.cloudDNS.project",
    ],
  },
  {
    id: "NGINX-ACME",
    when: "a wildcard host is to be validated over http01",
    options: nginx({ tls: [{ secretName: "wildcard-tls", hosts: ["*.example.com"] }] }),
    says: [
      'nginx.ingress.tls lists the wildcard "*.example.com" with nginx.certManager.issuer.acme.solver.type=http01',
      "an ACME CA validates a wildcard name only through DNS-01",
      "Fix: set solver.type=dns01",
    ],
  },
  {
    id: "NGINX-NETWORK-POLICY",
    when: "a NetworkPolicy is asked for without nginx.controller.namespace",
    options: nginx({}, { networkPolicy: { enabled: true } }),
    says: [
      "networkPolicy.enabled=true with nginx.controller.namespace empty",
      "it would refuse them and every call would fail with 502",
      "Fix: set nginx.controller.namespace to the namespace the controller runs in",
    ],
  },
];

describe("ingress-nginx guards (templates/nginx/_guards.tpl)", () => {
  itRefusesEach(guards);

  it.concurrent.for(HELM_MAJORS)(
    "should accept a wildcard TLS host covering the routed hosts with the dns01 solver, and HTTP/1.1 extra paths on their own paths (helm %i)",
    async (helm, { expect }) => {
      const { documents } = await renderChart({
        helm,
        ...nginx(
          {
            hosts: [{ host: "api.example.com" }, { host: "play.example.com" }],
            tls: [{ secretName: "wildcard-tls", hosts: ["*.example.com"] }],
            extraPaths: [{ path: "/auth", port: "auth", pathType: "Exact" }],
          },
          AUTH,
          { issuer: { acme: { solver: { type: "dns01", cloudDNS: { project: "p" } } } } },
        ),
      });
      expect(findAll(documents, "Ingress")).toHaveLength(2);
    },
  );

  it("should accept the timeouts just above the controller's 60 s and an upper-case backend protocol given by hand", async () => {
    const { documents } = await renderChart(
      nginx({
        proxyReadTimeoutSeconds: 61,
        proxySendTimeoutSeconds: 61,
        annotations: { [`${P}backend-protocol`]: "GRPCS" },
      }),
    );
    expect(find(documents, "Ingress").metadata?.annotations?.[`${P}proxy-read-timeout`]).toBe("61");
  });

  it("should report every TLS problem of one host list at once when a host is untouched by TLS and a TLS host is unrouted", async () => {
    const messages = guardMessages(
      await renderFailure(nginx({ hosts: [{ host: "play.example.com" }], tls: ONE_HOST.tls })),
    );
    expect(guardIds(messages)).toEqual(["NGINX-TLS-HOSTS", "NGINX-TLS-HOSTS"]);
  });

  it("should run none of the ingress-nginx guards when frontend is gkeIngress or none", async () => {
    const contradictions = {
      nginx: {
        ingress: { annotations: { [`${P}rewrite-target`]: "/", "nginx.org/grpc-services": "x" } },
        certManager: { issuerRef: { name: "x" }, issuer: { acme: { environment: "custom" } } },
      },
    };
    for (const frontend of ["gkeIngress", "none"]) {
      await expect(renderChart({ values: { ...contradictions, frontend } })).resolves.toBeDefined();
    }
  });
});

interface SchemaRefusal {
  readonly when: string;
  readonly values: Values;
  readonly path: readonly string[];
  readonly says: readonly string[];
}

const refusals: readonly SchemaRefusal[] = [
  {
    when: "an ACME email that is not an address",
    values: { nginx: { certManager: { issuer: { acme: { email: "ops" } } } } },
    path: ["nginx", "certManager", "issuer", "acme", "email"],
    says: ["@"],
  },
  {
    when: "an unknown certManager.mode",
    values: { nginx: { certManager: { mode: "annotation" } } },
    path: ["nginx", "certManager", "mode"],
    says: ["ingressShim", "certificates", "none"],
  },
  {
    when: "a TLS entry without hosts (cert-manager's ingress-shim requires them)",
    values: { nginx: { ingress: { tls: [{ secretName: "api-tls" }] } } },
    path: ["nginx", "ingress", "tls", "0"],
    says: ["hosts"],
  },
];

/** How a helm major prints a schema path in its refusal. */
function printedPath(helm: HelmMajor, path: readonly string[]): string {
  if (helm === 4) return `at '${path.map((key) => `/${key}`).join("")}'`;
  return `- ${path.join(".")}`;
}

describe("schema refusals of the nginx values (values.schema.json)", () => {
  it.concurrent.for(
    HELM_MAJORS.flatMap((helm) => refusals.map((refusal) => [refusal.when, helm, refusal] as const)),
  )(
    "should refuse the values, naming the value's path and what is allowed, when they set %s (helm %i)",
    async ([, helm, { values, path, says }], { expect }) => {
      const message = await renderFailure({ helm, values: { frontend: "nginx", ...values } });
      expect(message).toContain("values don't meet the specifications of the schema");
      expect(message).toContain(printedPath(helm, path));
      for (const fragment of says) expect(message).toContain(fragment);
    },
  );
});
