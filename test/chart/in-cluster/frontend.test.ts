/**
 * frontend=inCluster as a whole (templates/in-cluster/_in-cluster.tpl, its hooks): no public path, the plain
 * ClusterIP Service with no annotation, the headless Service of client-side balancing, nothing of the load balancer
 * frontends, and the headless names in the backend certificate (clients verify the name they dial).
 */
import { describe, expect, it } from "vitest";
import { FULLNAME, find, lazyDocuments, listObjects, tlsMaterial } from "../support.ts";

const HEADLESS = `${FULLNAME}-headless`;
const defaults = lazyDocuments({ values: { frontend: "inCluster" } });

describe("frontend inCluster", () => {
  it("should render the Deployment, both Services and the usual objects, and nothing of a load balancer, when frontend=inCluster", async () => {
    expect(listObjects(await defaults()).sort()).toEqual(
      [
        "Deployment/gunstars-grpc-gke",
        "Pod/gunstars-grpc-gke-test-grpc-health",
        "PodDisruptionBudget/gunstars-grpc-gke",
        "Secret/gunstars-grpc-gke-backend-tls",
        `Service/${HEADLESS}`,
        "Service/gunstars-grpc-gke",
        "ServiceAccount/gunstars-grpc-gke",
      ].sort(),
    );
  });

  it("should put no annotation on the ClusterIP Service and keep appProtocol HTTP2 (TLS to the pods) when backend TLS is on (default)", async () => {
    const service = find(await defaults(), "Service", FULLNAME);
    expect(service.metadata?.annotations).toBeUndefined();
    expect(service.spec.ports?.find((port) => port.name === "grpc")?.appProtocol).toBe("HTTP2");
  });

  it("should not set Kestrel__AllowAlternateSchemes (clients reach the pods directly) when backendTLS.mode=disabled", async () => {
    const documents = await lazyDocuments({
      values: { frontend: "inCluster", backendTLS: { mode: "disabled" } },
    })();
    const env = find(documents, "Deployment").spec.template.spec?.containers[0]?.env ?? [];
    expect(env.map((variable) => variable.name)).not.toContain("Kestrel__AllowAlternateSchemes");
  });

  it("should need no frontend draining in the grace period (60 s covers preStop 15 + appDrainSeconds 30 + 5) when values are the defaults", async () => {
    const documents = await lazyDocuments({
      values: {
        frontend: "inCluster",
        terminationGracePeriodSeconds: 50,
        googleLoadBalancer: { connectionDraining: { drainingTimeoutSec: 600 } },
      },
    })();
    expect(find(documents, "Deployment").spec.template.spec?.terminationGracePeriodSeconds).toBe(50);
  });

  it("should add the headless Service's names to the generated certificate after the ClusterIP Service's", async () => {
    const secret = find(await defaults(), "Secret", `${FULLNAME}-backend-tls`);
    expect(tlsMaterial(secret).dnsNames).toEqual([
      FULLNAME,
      `${FULLNAME}.games`,
      `${FULLNAME}.games.svc`,
      `${FULLNAME}.games.svc.cluster.local`,
      HEADLESS,
      // The server name kuberesolver gives every address (builder.go makeAddresses: "<service>.<namespace>").
      `${HEADLESS}.games`,
      `${HEADLESS}.games.svc`,
      // What dns:/// clients dial.
      `${HEADLESS}.games.svc.cluster.local`,
    ]);
  });

  it("should add them to the cert-manager Certificate too when backendTLS.mode=certManager", async () => {
    const documents = await lazyDocuments({
      values: { frontend: "inCluster", backendTLS: { mode: "certManager" } },
    })();
    expect(find(documents, "Certificate").spec.dnsNames).toEqual(
      expect.arrayContaining([`${HEADLESS}.games`, `${HEADLESS}.games.svc.cluster.local`]),
    );
  });

  it("should leave the certificate's names as they were when client-side balancing is off (frontend gkeIngress, the default)", async () => {
    const secret = find(await lazyDocuments()(), "Secret", `${FULLNAME}-backend-tls`);
    expect(tlsMaterial(secret).dnsNames).toEqual([
      FULLNAME,
      `${FULLNAME}.games`,
      `${FULLNAME}.games.svc`,
      `${FULLNAME}.games.svc.cluster.local`,
    ]);
  });
});
