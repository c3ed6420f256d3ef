/**
 * NOTES.txt for frontend=istio (templates/istio/_notes.tpl): the gateway's address, the TLS Secret in the gateway pods'
 * namespace, a grpcurl call, the Endpoints service config with ESP, and long streams, in that order.
 */
import { describe, it } from "vitest";
import type { Values } from "../../support/chart.ts";
import { notesFor as notesForValues } from "../../support/notes.ts";
import { esp, istio } from "./istio.ts";

/** NOTES.txt for the values of a stack built by ./istio.ts. */
const notesFor = ({ values }: { readonly values: Values }): Promise<string> => notesForValues(values);

describe("NOTES.txt (frontend istio)", () => {
  it.concurrent("should walk through the gateway's address, DNS, the Secret in istio-system and a grpcurl call, in order, when frontend=istio", async ({
    expect,
  }) => {
    const text = await notesFor(istio());
    const steps = [
      "kubectl -n istio-system get svc istio-ingressgateway",
      "api.example.com.  A  <EXTERNAL-IP>",
      "Istio reads the Secret api-example-com-tls (tls.crt, tls.key) from the gateway pods' namespace",
      "kubectl -n istio-system create secret tls api-example-com-tls",
      "grpcurl api.example.com:443 grpc.health.v1.Health/Check",
      "the route has no timeout (timeout: 0s)",
    ];
    for (const step of steps) expect(text).toContain(step);
    const at = steps.map((step) => text.indexOf(step));
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(text).toContain("(frontend: istio)");
    expect(text).not.toContain("gcloud endpoints");
  });

  it.concurrent("should say the gateway originates TLS to the pods when backend TLS is on (SIMPLE), and h2c when it is off", async ({
    expect,
  }) => {
    expect((await notesFor(istio())).replace(/\s+/g, " ")).toContain(
      "over TLS it originates (DestinationRule tls SIMPLE)",
    );
    expect((await notesFor(istio({}, { backendTLS: { mode: "disabled" } }))).replace(/\s+/g, " ")).toContain(
      "in cleartext (h2c), or Istio's mTLS to pods with a sidecar",
    );
  });

  it.concurrent("should point at the Certificate in istio-system instead of kubectl create secret when istio.certManager.enabled", async ({
    expect,
  }) => {
    const text = await notesFor(
      istio({ certManager: { enabled: true, issuerRef: { name: "letsencrypt" } } }),
    );
    expect(text).toContain("cert-manager writes it from ClusterIssuer letsencrypt");
    expect(text).toContain("kubectl -n istio-system get certificate api-example-com-tls");
    expect(text).not.toContain("create secret tls");
  });

  it.concurrent("should name the shared Gateway and its owner's certificate when istio.sharedGateway.name is set", async ({
    expect,
  }) => {
    const text = await notesFor(
      istio({
        gateway: { credentialName: "" },
        sharedGateway: { name: "public", namespace: "istio-system" },
      }),
    );
    expect(text).toContain("The VirtualService binds to the shared Gateway istio-system/public");
    expect(text).toContain("The TLS certificate is the shared Gateway's");
  });

  it.concurrent("should give the Endpoints service config deploy step, the Service Control role and grpc.health.v1 for helm test when ESP is on", async ({
    expect,
  }) => {
    const text = (await notesFor(esp())).replace(/\s+/g, " ");
    expect(text).toContain("ESPv2 serves grpc-api.endpoints.example.cloud.goog");
    expect(text).toContain("gcloud endpoints services deploy api_descriptor.pb api_config.yaml");
    expect(text).toContain("roles/servicemanagement.serviceController");
    expect(text).toContain("list grpc.health.v1.Health in the config");
    expect(text).toContain("to ESP on port 9000, which calls the app on 127.0.0.1:5000");
    expect(text).toContain("ESPv2 closes a stream with no message either way for 5 minutes");
  });

  it.concurrent("should give ESP v1's client body timeout when version is 1", async ({ expect }) => {
    const text = (await notesFor(esp({ version: 1 }))).replace(/\s+/g, " ");
    expect(text).toContain("ESP v1 closes a client or bidi stream whose client sends nothing for 3600 s");
  });
});
