import { describe, expect, it } from "vitest";
import type { Values } from "../../support/chart.ts";
import { annotation, FULLNAME, find, findAll, lazyDocuments, listObjects, sourceOf } from "../support.ts";

const P = "nginx.ingress.kubernetes.io/";
const HOST = "api.example.com";
/** One host with its TLS entry: what every nginx render needs to pass the guards. */
const ONE_HOST = {
  hosts: [{ host: HOST }],
  tls: [{ secretName: "api-example-com-tls", hosts: [HOST] }],
};
const nginx = (ingress: Values, extra: Values = {}) => ({
  values: { frontend: "nginx", nginx: { ingress: { ...ONE_HOST, ...ingress } }, ...extra },
});

const minimal = lazyDocuments(nginx({}));
const grpcIngress = async (documents: typeof minimal) => find(await documents(), "Ingress", FULLNAME);

describe("templates/nginx/ingress.yaml", () => {
  it("should render one networking.k8s.io/v1 Ingress of class nginx and no GKE object when frontend=nginx", async () => {
    const documents = await minimal();
    expect(sourceOf(documents, "Ingress")).toBe("grpc-gke/templates/nginx/ingress.yaml");
    expect(findAll(documents, "Ingress").map((ingress) => ingress.metadata?.name)).toEqual([FULLNAME]);
    expect((await grpcIngress(minimal)).spec.ingressClassName).toBe("nginx");
    const kinds = listObjects(documents).map((object) => object.split("/")[0]);
    for (const kind of ["BackendConfig", "FrontendConfig", "ManagedCertificate", "Gateway", "HTTPRoute"]) {
      expect(kinds).not.toContain(kind);
    }
  });

  it("should set ingressClassName from nginx.ingress.className and no kubernetes.io/ingress.class annotation when it is set", async () => {
    const ingress = await grpcIngress(lazyDocuments(nginx({ className: "nginx-public" })));
    expect(ingress.spec.ingressClassName).toBe("nginx-public");
    expect(ingress.metadata?.annotations).not.toHaveProperty("kubernetes.io/ingress.class");
  });

  it("should speak GRPCS to the pod when the grpc port serves TLS (backendTLS.mode=selfSigned, the default)", async () => {
    expect(annotation(await grpcIngress(minimal), `${P}backend-protocol`)).toBe("GRPCS");
  });

  it("should speak GRPC (h2c), in upper case, when backendTLS.mode=disabled", async () => {
    // nginx.tmpl derives grpc_read_timeout/grpc_send_timeout only for the exact values GRPC and GRPCS.
    const ingress = await grpcIngress(lazyDocuments(nginx({}, { backendTLS: { mode: "disabled" } })));
    expect(annotation(ingress, `${P}backend-protocol`)).toBe("GRPC");
  });

  it("should redirect to HTTPS, raise both proxy timeouts to 3600 s and lift the body-size limit when values are the defaults", async () => {
    const annotations = (await grpcIngress(minimal)).metadata?.annotations;
    expect(annotations).toMatchObject({
      [`${P}ssl-redirect`]: "true",
      [`${P}proxy-read-timeout`]: "3600",
      [`${P}proxy-send-timeout`]: "3600",
      [`${P}proxy-body-size`]: "0",
    });
  });

  it("should render the timeouts as whole seconds and pass the body size through when they are set", async () => {
    const ingress = await grpcIngress(
      lazyDocuments(
        nginx({
          proxyReadTimeoutSeconds: 7200,
          proxySendTimeoutSeconds: 900,
          proxyBodySize: "8m",
          sslRedirect: false,
        }),
      ),
    );
    expect(ingress.metadata?.annotations).toMatchObject({
      [`${P}ssl-redirect`]: "false",
      [`${P}proxy-read-timeout`]: "7200",
      [`${P}proxy-send-timeout`]: "900",
      [`${P}proxy-body-size`]: "8m",
    });
  });

  it("should carry no rewrite, snippet or nginx.org/* annotation when values are the defaults", async () => {
    const keys = Object.keys((await grpcIngress(minimal)).metadata?.annotations ?? {});
    expect(keys.filter((key) => /rewrite|snippet|^nginx\.org\//.test(key))).toEqual([]);
  });

  it("should route / (Prefix) of each host to the grpc Service port by name, with its TLS Secret, when one host is set", async () => {
    expect((await grpcIngress(minimal)).spec).toMatchObject({
      tls: [{ hosts: [HOST], secretName: "api-example-com-tls" }],
      rules: [
        {
          host: HOST,
          http: {
            paths: [
              {
                path: "/",
                pathType: "Prefix",
                backend: { service: { name: FULLNAME, port: { name: "grpc" } } },
              },
            ],
          },
        },
      ],
    });
  });

  it("should keep one TLS entry per host and the paths given per host when two hosts are set", async () => {
    const ingress = await grpcIngress(
      lazyDocuments(
        nginx({
          hosts: [
            { host: "api.example.com" },
            {
              host: "play.example.com",
              paths: [{ path: "/game.v1.Match/" }, { path: "/ping", pathType: "Exact" }],
            },
          ],
          tls: [
            { secretName: "api-tls", hosts: ["api.example.com"] },
            { secretName: "play-tls", hosts: ["play.example.com"] },
          ],
        }),
      ),
    );
    expect(ingress.spec.tls).toEqual([
      { hosts: ["api.example.com"], secretName: "api-tls" },
      { hosts: ["play.example.com"], secretName: "play-tls" },
    ]);
    expect(ingress.spec.rules?.[1]?.http?.paths.map(({ path, pathType }) => [path, pathType])).toEqual([
      ["/game.v1.Match/", "Prefix"],
      ["/ping", "Exact"],
    ]);
  });

  it("should let nginx.ingress.annotations add keys and replace the chart's when they are set", async () => {
    const ingress = await grpcIngress(
      lazyDocuments(nginx({ annotations: { [`${P}proxy-body-size`]: "16m", [`${P}limit-rps`]: "50" } })),
    );
    expect(ingress.metadata?.annotations).toMatchObject({
      [`${P}proxy-body-size`]: "16m",
      [`${P}limit-rps`]: "50",
      [`${P}backend-protocol`]: "GRPCS",
    });
  });

  it("should add nginx.ingress.labels to the chart's labels when they are set", async () => {
    const ingress = await grpcIngress(lazyDocuments(nginx({ labels: { team: "realtime" } })));
    expect(ingress.metadata?.labels).toMatchObject({
      team: "realtime",
      "app.kubernetes.io/name": "grpc-gke",
    });
  });

  describe("extra paths", () => {
    const fanOut = lazyDocuments(
      nginx(
        {
          hosts: [{ host: "api.example.com" }, { host: "play.example.com" }],
          tls: [
            { secretName: "api-tls", hosts: ["api.example.com"] },
            { secretName: "play-tls", hosts: ["play.example.com"] },
          ],
          extraPaths: [
            { path: "/auth", port: "auth" },
            {
              path: "/service2",
              port: "service2",
              hosts: ["play.example.com"],
              pathType: "ImplementationSpecific",
            },
          ],
          extraPathsAnnotations: { [`${P}limit-rps`]: "20" },
        },
        {
          extraPorts: [
            { name: "auth", port: 9999, appProtocol: "http" },
            { name: "service2", port: 9998, appProtocol: "kubernetes.io/ws" },
          ],
        },
      ),
    );
    const extraIngress = async () => find(await fanOut(), "Ingress", `${FULLNAME}-http`);

    it("should render no second Ingress when nginx.ingress.extraPaths is empty (the default)", async () => {
      expect(findAll(await minimal(), "Ingress")).toHaveLength(1);
    });

    it("should route each extra path to its extra port by name on every host by default, or on its own hosts, in a second Ingress", async () => {
      const rules = (await extraIngress()).spec.rules ?? [];
      const routes = rules.flatMap((rule) =>
        (rule.http?.paths ?? []).map((path) => [
          rule.host,
          path.path,
          path.pathType,
          path.backend.service?.name,
          path.backend.service?.port?.name,
        ]),
      );
      expect(routes).toEqual([
        ["api.example.com", "/auth", "Prefix", FULLNAME, "auth"],
        ["play.example.com", "/auth", "Prefix", FULLNAME, "auth"],
        ["play.example.com", "/service2", "ImplementationSpecific", FULLNAME, "service2"],
      ]);
    });

    it("should give the second Ingress no backend-protocol (HTTP/1.1 and websockets) and no tls, but the same class, redirect and stream timeouts", async () => {
      const ingress = await extraIngress();
      expect(ingress.spec.ingressClassName).toBe("nginx");
      expect(ingress.spec).not.toHaveProperty("tls");
      expect(ingress.metadata?.annotations).toEqual({
        [`${P}ssl-redirect`]: "true",
        [`${P}proxy-read-timeout`]: "3600",
        [`${P}proxy-send-timeout`]: "3600",
        [`${P}proxy-body-size`]: "0",
        [`${P}limit-rps`]: "20",
      });
    });

    it("should keep the gRPC Ingress's backend-protocol off the extra paths and the extra paths off the gRPC Ingress", async () => {
      const grpc = await grpcIngress(fanOut);
      const ports = (grpc.spec.rules ?? []).flatMap((rule) =>
        (rule.http?.paths ?? []).map((path) => path.backend.service?.port?.name),
      );
      expect(new Set(ports)).toEqual(new Set(["grpc"]));
      expect((await extraIngress()).metadata?.annotations).not.toHaveProperty(`${P}backend-protocol`);
    });
  });
});
