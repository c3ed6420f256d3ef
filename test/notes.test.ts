import { describe, expect, it } from "vitest";
import { defaultsAndVariants, listVariants } from "./support/chart.ts";
import { notes, notesFor } from "./support/notes.ts";

/** Every position of `fragment` in `text`. */
function positions(text: string, fragment: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(fragment); at !== -1; at = text.indexOf(fragment, at + 1)) found.push(at);
  return found;
}

const example = listVariants().find((variant) => variant.name === "examples/gunstars");
const gatewayExample = listVariants().find((variant) => variant.name === "examples/gateway");
const nginxExample = listVariants().find((variant) => variant.name === "examples/nginx");

const KESTREL_BINDING =
  'builder.Services.Configure<KestrelServerOptions>(builder.Configuration.GetSection("Kestrel"))';

describe("NOTES.txt", () => {
  // Concurrent: each case waits on its own helm process.
  it.concurrent.for(defaultsAndVariants())(
    "should tell how to wait for the rollout when rendered for $name",
    async ({ valuesFile }, { expect }) => {
      expect(await notes(valuesFile)).toContain("kubectl -n games rollout status deployment/");
    },
  );

  it("should walk the Gunstars example through static IP, DNS, certificate, a call and helm test in order", async () => {
    const text = await notes(example?.valuesFile);
    const steps = [
      "gcloud compute addresses create gunstars-realtime-ingress --global",
      "api.gunstars.example.com.  A  <IP>",
      "kubectl -n games get managedcertificate gunstars-grpc-gke",
      "grpcurl api.gunstars.example.com:443 grpc.health.v1.Health/Check",
      "helm test gunstars -n games --logs",
    ];
    for (const step of steps) expect(text).toContain(step);
    const at = steps.map((step) => text.indexOf(step));
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it("should name grpc.health.v1 and the ASP.NET calls that serve it in the helm test step when tests.enabled is the default", async () => {
    const text = await notes(undefined);
    const step = text.slice(text.indexOf("Test gRPC health through the Service"));
    expect(step).toContain("The server must serve grpc.health.v1.Health");
    expect(step).toContain("builder.Services.AddGrpcHealthChecks()");
    expect(step).toContain("app.MapGrpcHealthChecksService()");
    expect(step).toContain('"does not implement the grpc health protocol"');
    expect(step).toContain("helm test gunstars -n games --logs");
  });

  it.concurrent("should drop the helm test step when tests.enabled=false", async ({ expect }) => {
    const text = await notesFor({ tests: { enabled: false } });
    expect(text).not.toContain("helm test");
    expect(text).not.toContain("AddGrpcHealthChecks");
  });

  describe("Kestrel keep-alive", () => {
    it.concurrent("should print the line that binds the Kestrel section when app.preset is aspnetcore (default)", async ({
      expect,
    }) => {
      const text = await notes(undefined);
      expect(text).toContain(KESTREL_BINDING);
      expect(text).toContain("Kestrel reads Kestrel__Limits__KeepAliveTimeout only if the app binds");
    });

    it.concurrent("should warn that Kestrel's 130 s idle timeout races Google's 600 s keep-alive when the frontend is gkeIngress (default)", async ({
      expect,
    }) => {
      const text = (await notes(undefined)).replace(/\s+/g, " ");
      expect(text).toContain(
        "its idle timeout stays at 130 s, shorter than the 600 s the frontend keeps idle connections to the pods",
      );
    });

    it.concurrent("should print the binding line without the idle-timeout warning when nginx keeps idle connections to pods only 60 s", async ({
      expect,
    }) => {
      const text = await notes(nginxExample?.valuesFile);
      expect(text).toContain(KESTREL_BINDING);
      expect(text).not.toContain("idle timeout stays at 130 s");
    });

    it.concurrent("should not mention Kestrel when app.preset=generic", async ({ expect }) => {
      const text = await notesFor({ app: { preset: "generic" } });
      expect(text).not.toContain("KestrelServerOptions");
      expect(text).not.toContain("Kestrel");
    });

    it.concurrent("should not print the binding line when app.aspnetcore.keepAliveTimeoutSeconds is null", async ({
      expect,
    }) => {
      expect(await notesFor({ app: { aspnetcore: { keepAliveTimeoutSeconds: null } } })).not.toContain(
        "KestrelServerOptions",
      );
    });
  });

  describe("without an Ingress", () => {
    it.concurrent("should say TLS comes first, never suggesting gkeIngress.ingress.enabled=true on its own, when backendTLS.mode=disabled", async ({
      expect,
    }) => {
      const text = await notesFor({ backendTLS: { mode: "disabled" } });
      expect(text).toContain("grpcurl -plaintext localhost:5000 grpc.health.v1.Health/Check");
      expect(text).toContain("speaks HTTP/2 to backends only over TLS");
      // Any spelling of the suggestion (chart 0.1 said `ingress.enabled=true`) must come after the TLS step.
      const suggestions = positions(text, "ingress.enabled=true");
      expect(suggestions.length).toBeGreaterThanOrEqual(1);
      for (const at of suggestions) {
        const before = text.slice(Math.max(0, at - 80), at).replace(/\s+/g, " ");
        expect(before).toContain("set backendTLS.mode=selfSigned first, then");
      }
      expect(text).not.toContain("To publish it through Google's load balancer set ");
    });

    it.concurrent("should suggest gkeIngress.ingress.enabled=true with a certificate and a static IP when backend TLS is on (default)", async ({
      expect,
    }) => {
      const text = (await notes(undefined)).replace(/\s+/g, " ");
      expect(text).toContain("grpcurl -insecure localhost:5000 grpc.health.v1.Health/Check");
      expect(text).toContain(
        "To publish it through Google's load balancer set gkeIngress.ingress.enabled=true, gkeIngress.managedCertificate.domains and gkeIngress.ingress.globalStaticIPName.",
      );
    });

    it.concurrent("should offer port-forwarding and no load balancer step when frontend=none", async ({
      expect,
    }) => {
      const text = await notesFor({ frontend: "none" });
      expect(text).toContain("(frontend: none)");
      expect(text).toContain("No frontend (frontend=none)");
      expect(text).toContain("kubectl -n games port-forward svc/gunstars-grpc-gke 5000:5000");
      expect(text).not.toContain("gcloud compute addresses");
      expect(text).not.toContain("gkeIngress");
    });
  });

  describe("frontend gkeGateway", () => {
    const CERTIFICATE = { certificateRefs: ["api-tls"] };

    it("should walk the Gateway example through address, Programmed, DNS, certificate map, a call and helm test in order", async () => {
      const text = await notes(gatewayExample?.valuesFile);
      const steps = [
        "gcloud compute addresses create gunstars-realtime-gateway --global",
        "kubectl -n games wait gateway/gunstars-grpc-gke --for=condition=Programmed --timeout=15m",
        "kubectl -n games describe httproute gunstars-grpc-gke",
        "api.gunstars.example.com.  A  <IP>",
        'The certificate map "gunstars-certs" needs an entry for each host',
        "grpcurl api.gunstars.example.com:443 grpc.health.v1.Health/Check",
        "helm test gunstars -n games --logs",
      ];
      for (const step of steps) expect(text).toContain(step);
      const at = steps.map((step) => text.indexOf(step));
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(text).toContain("(frontend: gkeGateway)");
      expect(text).toContain("cleartext HTTP/2 (appProtocol kubernetes.io/h2c) to port 5000");
      expect(text).not.toContain("managedcertificate");
      expect(text).not.toContain("proxy-only");
    });

    it.concurrent("should print the Kestrel binding line for AllowAlternateSchemes and the keep-alive when the aspnetcore preset serves h2c behind the Gateway", async ({
      expect,
    }) => {
      const text = await notes(gatewayExample?.valuesFile);
      expect(text).toContain(KESTREL_BINDING);
      expect(text.replace(/\s+/g, " ")).toContain(
        "Kestrel reads Kestrel__Limits__KeepAliveTimeout and Kestrel__AllowAlternateSchemes only if the app binds the Kestrel section",
      );
      expect(text).toContain(
        "The request :scheme header 'https' does not match the\ntransport scheme 'http'",
      );
    });

    it.concurrent("should print the binding line for AllowAlternateSchemes alone when app.aspnetcore.keepAliveTimeoutSeconds is null behind the h2c Gateway", async ({
      expect,
    }) => {
      const text = await notesFor({
        frontend: "gkeGateway",
        backendTLS: { mode: "disabled" },
        app: { aspnetcore: { keepAliveTimeoutSeconds: null } },
        gkeGateway: { gateway: CERTIFICATE },
      });
      expect(text.replace(/\s+/g, " ")).toContain(
        "Kestrel reads Kestrel__AllowAlternateSchemes only if the app binds the Kestrel section",
      );
      expect(text).toContain(KESTREL_BINDING);
      expect(text).not.toContain("KeepAliveTimeout");
    });

    it.concurrent("should not mention AllowAlternateSchemes when the Gateway speaks TLS to the pods (backend TLS on)", async ({
      expect,
    }) => {
      const text = await notesFor({ frontend: "gkeGateway", gkeGateway: { gateway: CERTIFICATE } });
      expect(text).not.toContain("AllowAlternateSchemes");
      expect(text).toContain("HTTP/2 over TLS (appProtocol HTTP2) to port 5000");
      expect(text).toContain("Kestrel reads Kestrel__Limits__KeepAliveTimeout only if the app binds");
    });

    it.concurrent("should reserve a regional address and a proxy-only subnet when the class is gke-l7-regional-external-managed", async ({
      expect,
    }) => {
      const text = await notesFor({
        frontend: "gkeGateway",
        gkeGateway: {
          gateway: { className: "gke-l7-regional-external-managed", certificateManagerCerts: ["regional"] },
        },
      });
      expect(text).toContain("gcloud compute addresses create NAME --region REGION\n");
      expect(text).toContain("--set gkeGateway.gateway.addressName=NAME");
      expect(text).toContain("--purpose REGIONAL_MANAGED_PROXY");
      expect(text).not.toContain("--global");
      expect(text).not.toContain("SHARED_LOADBALANCER_VIP");
      expect(text).toContain("A regional Gateway needs a proxy-only subnet");
    });

    it.concurrent("should reserve an internal address in a subnet, shared by the HTTP and HTTPS listeners, when the class is gke-l7-rilb with httpListener", async ({
      expect,
    }) => {
      const text = await notesFor({
        frontend: "gkeGateway",
        gkeGateway: {
          gateway: {
            className: "gke-l7-rilb",
            preSharedCerts: ["internal"],
            addressName: "grpc-internal",
            httpListener: true,
          },
        },
      });
      expect(text).toContain(
        "gcloud compute addresses create grpc-internal --region REGION --subnet SUBNET --purpose SHARED_LOADBALANCER_VIP",
      );
      expect(text).toContain("A regional internal Gateway needs a proxy-only subnet");
      expect(text).not.toContain("helm upgrade gunstars ... --set gkeGateway.gateway.addressName");
    });

    it.concurrent("should tell how the shared Gateway must admit the route, and wait on that Gateway, when gkeGateway.sharedGateway is set", async ({
      expect,
    }) => {
      const text = await notesFor({
        frontend: "gkeGateway",
        gkeGateway: { sharedGateway: { name: "edge", namespace: "infra", httpsSectionName: "https-api" } },
      });
      expect(text).toContain('The route attaches to listener "https-api" of Gateway infra/edge');
      expect(text).toContain('must admit namespace "games"');
      expect(text).toContain("kubectl -n infra wait gateway/edge --for=condition=Programmed");
      expect(text).not.toContain("gcloud compute addresses");
    });
  });

  describe("static IP of a regional Ingress", () => {
    it.concurrent("should reserve a shared internal address in a subnet when gkeIngress.ingress.class=gce-internal", async ({
      expect,
    }) => {
      const text = await notesFor({
        gkeIngress: {
          ingress: {
            enabled: true,
            class: "gce-internal",
            allowHttp: false,
            tls: [{ secretName: "internal-tls" }],
          },
          frontendConfig: { redirectToHttps: { enabled: false } },
        },
      });
      expect(text).toContain(
        "gcloud compute addresses create NAME --region REGION --subnet SUBNET --purpose SHARED_LOADBALANCER_VIP",
      );
      expect(text).toContain("gcloud compute addresses describe NAME --region REGION");
      expect(text).toContain("--set gkeIngress.ingress.regionalStaticIPName=NAME");
      expect(text).not.toContain("--global");
    });

    it.concurrent("should reserve a plain regional address, with no subnet or purpose, when gkeIngress.ingress.class=gce-regional-external", async ({
      expect,
    }) => {
      const text = await notesFor({
        gkeIngress: {
          ingress: { enabled: true, class: "gce-regional-external", preSharedCerts: ["regional-cert"] },
        },
      });
      expect(text).toContain("gcloud compute addresses create NAME --region REGION\n");
      expect(text).not.toContain("SHARED_LOADBALANCER_VIP");
    });
  });
  describe("frontend nginx", () => {
    const ONE_HOST = {
      hosts: [{ host: "api.example.com" }],
      tls: [{ secretName: "api-example-com-tls", hosts: ["api.example.com"] }],
    };

    it("should walk the nginx example through the controller's IP, DNS, certificates, a call, streams, the retirement and helm test in order", async () => {
      const text = await notes(nginxExample?.valuesFile);
      const steps = [
        "kubectl -n games get ingress gunstars-grpc-gke -o jsonpath='{.status.loadBalancer.ingress[0].ip}'",
        "api.gunstars.example.com.  A  <IP>",
        "play.gunstars.example.com.  A  <IP>",
        "kubectl -n games get certificate api-gunstars-example-com-tls play-gunstars-example-com-tls",
        "kubectl -n games get issuer gunstars-grpc-gke-letsencrypt",
        "grpcurl api.gunstars.example.com:443 grpc.health.v1.Health/Check",
        "curl https://play.gunstars.example.com/ws",
        "--set-string controller.config.client-body-timeout=3600",
        "ingress-nginx was retired in March 2026",
        "helm test gunstars -n games --logs",
      ];
      for (const step of steps) expect(text).toContain(step);
      const at = steps.map((step) => text.indexOf(step));
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(text).toContain("(frontend: nginx)");
      expect(text).toContain("ingress-nginx speaks GRPCS (HTTP/2 over TLS) to port 5000");
      expect(text).toContain("frontend=gkeGateway, examples/gateway.values.yaml");
      expect(text).not.toContain("gcloud compute addresses");
      expect(text).not.toContain("-insecure");
    });

    it.concurrent("should say staging certificates are untrusted, call with -insecure and give the switch to production when acme.environment is staging (the default)", async ({
      expect,
    }) => {
      const text = await notesFor({ frontend: "nginx", nginx: { ingress: ONE_HOST } });
      expect(text).toContain("These are Let's Encrypt STAGING certificates: clients do not trust them");
      expect(text).toContain(
        "helm upgrade gunstars ... --set nginx.certManager.issuer.acme.environment=production",
      );
      expect(text).toContain("grpcurl -insecure api.example.com:443 list");
      expect(text).toContain("(ingress-shim: one Certificate per Secret, named after it)");
    });

    it.concurrent("should tell to create the TLS Secrets and name no issuer when nginx.certManager.mode=none", async ({
      expect,
    }) => {
      const text = await notesFor({
        frontend: "nginx",
        nginx: { ingress: ONE_HOST, certManager: { mode: "none", issuer: { create: false } } },
      });
      expect(text).toContain(
        "kubectl -n games create secret tls api-example-com-tls --cert=<api.example.com.crt> --key=<api.example.com.key>",
      );
      expect(text).not.toContain("get certificate");
      expect(text).not.toContain("-insecure");
    });

    it.concurrent("should warn that a namespaced Issuer needs --issuer-ambient-credentials for Cloud DNS through Workload Identity", async ({
      expect,
    }) => {
      const text = await notesFor({
        frontend: "nginx",
        nginx: {
          ingress: ONE_HOST,
          certManager: { issuer: { acme: { solver: { type: "dns01", cloudDNS: { project: "p" } } } } },
        },
      });
      expect(text.replace(/\s+/g, " ")).toContain(
        "A namespaced Issuer uses those ambient credentials only when cert-manager runs with --issuer-ambient-credentials",
      );
    });

    it.concurrent("should say GRPC (cleartext HTTP/2) and print no Kestrel scheme warning when backendTLS.mode=disabled", async ({
      expect,
    }) => {
      const text = await notesFor({
        frontend: "nginx",
        backendTLS: { mode: "disabled" },
        nginx: { ingress: ONE_HOST },
      });
      expect(text).toContain("ingress-nginx speaks GRPC (cleartext HTTP/2) to port 5000");
      expect(text).not.toContain("AllowAlternateSchemes");
    });
  });
});
