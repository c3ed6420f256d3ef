import { describe, expect, it } from "vitest";
import { FULLNAME, find, findAll, lazyDocuments, podSpec, renderFailure, sourceOf } from "./support.ts";

const defaults = lazyDocuments();

describe("templates/serviceaccount.yaml", () => {
  it("should create a ServiceAccount named like the release from serviceaccount.yaml when values are the defaults", async () => {
    const documents = await defaults();
    expect(sourceOf(documents, "ServiceAccount")).toBe("grpc-gke/templates/serviceaccount.yaml");
    expect(find(documents, "ServiceAccount", FULLNAME).metadata?.namespace).toBe("games");
  });

  it("should not automount the API token when values are the defaults", async () => {
    expect(find(await defaults(), "ServiceAccount").automountServiceAccountToken).toBe(false);
  });

  const workloadIdentity = lazyDocuments({
    values: {
      serviceAccount: {
        name: "gunstars-realtime",
        annotations: { "iam.gke.io/gcp-service-account": "realtime@project.iam.gserviceaccount.com" },
        automountServiceAccountToken: true,
      },
    },
  });

  it("should use the name, annotations and token setting in both ServiceAccount and pod when they are set", async () => {
    const documents = await workloadIdentity();
    const account = find(documents, "ServiceAccount", "gunstars-realtime");
    expect(account.metadata?.annotations).toEqual({
      "iam.gke.io/gcp-service-account": "realtime@project.iam.gserviceaccount.com",
    });
    expect(account.automountServiceAccountToken).toBe(true);
    const pod = podSpec(find(documents, "Deployment"));
    expect(pod.serviceAccountName).toBe("gunstars-realtime");
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  const existing = lazyDocuments({ values: { serviceAccount: { create: false, name: "gunstars-runtime" } } });
  const fallback = lazyDocuments({ values: { serviceAccount: { create: false } } });

  it("should create none and run the pod as serviceAccount.name when serviceAccount.create=false", async () => {
    const documents = await existing();
    expect(findAll(documents, "ServiceAccount")).toEqual([]);
    expect(podSpec(find(documents, "Deployment")).serviceAccountName).toBe("gunstars-runtime");
  });

  it("should run the pod as `default` when serviceAccount.create=false and no name is set", async () => {
    expect(podSpec(find(await fallback(), "Deployment")).serviceAccountName).toBe("default");
  });
});

/**
 * Workload Identity Federation for GKE: the ServiceAccount annotation `iam.gke.io/gcp-service-account` names the Google
 * service account the pods act as (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity). Google's
 * client libraries get its tokens from the metadata server (Application Default Credentials fall back to
 * `metadata.google.internal`, and never read the Kubernetes ServiceAccount token: googleapis/google-auth-library-python
 * google/auth/_default.py, compute_engine/_metadata.py), which the GKE metadata server answers on Workload Identity
 * nodes, so the pods need no Kubernetes token mounted for it.
 */
describe("templates/serviceaccount.yaml: Workload Identity", () => {
  const GSA = "gunstars-api@gunstars-prod.iam.gserviceaccount.com";
  const identity = lazyDocuments({
    values: { serviceAccount: { workloadIdentity: { gcpServiceAccount: GSA } } },
  });

  it("should annotate the ServiceAccount with iam.gke.io/gcp-service-account when serviceAccount.workloadIdentity.gcpServiceAccount is set", async () => {
    expect(find(await identity(), "ServiceAccount", FULLNAME).metadata?.annotations).toEqual({
      "iam.gke.io/gcp-service-account": GSA,
    });
  });

  it("should keep the Kubernetes token unmounted in the ServiceAccount and the pod when Workload Identity is on", async () => {
    const documents = await identity();
    expect(find(documents, "ServiceAccount", FULLNAME).automountServiceAccountToken).toBe(false);
    const pod = podSpec(find(documents, "Deployment"));
    expect(pod.serviceAccountName).toBe(FULLNAME);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect((pod.volumes ?? []).some((volume) => volume.projected !== undefined)).toBe(false);
  });

  it("should keep serviceAccount.annotations next to the Workload Identity annotation when both are set", async () => {
    const both = lazyDocuments({
      values: {
        serviceAccount: {
          annotations: { "example.com/owner": "realtime", "iam.gke.io/gcp-service-account": GSA },
          workloadIdentity: { gcpServiceAccount: GSA },
        },
      },
    });
    expect(find(await both(), "ServiceAccount", FULLNAME).metadata?.annotations).toEqual({
      "example.com/owner": "realtime",
      "iam.gke.io/gcp-service-account": GSA,
    });
  });

  it("should render no annotations when neither serviceAccount.annotations nor Workload Identity is set (defaults)", async () => {
    expect(find(await defaults(), "ServiceAccount", FULLNAME).metadata?.annotations).toBeUndefined();
  });

  it.concurrent.for([
    ["gunstars-api@gunstars-prod.iam.gserviceaccount.com.evil.example", 4],
    ["gunstars-api@gunstars-prod.iam.gserviceaccount.com.evil.example", 3],
    ["api@gunstars-prod.iam.gserviceaccount.com", 4],
    ["gunstars-api@gunstars-prod.svc.id.goog", 3],
  ] as const)(
    "should refuse %s, which is not NAME@PROJECT.iam.gserviceaccount.com, when given to helm %i",
    async ([email, helm], { expect }) => {
      const message = await renderFailure({
        helm,
        values: { serviceAccount: { workloadIdentity: { gcpServiceAccount: email } } },
      });
      expect(message).toMatch(/serviceAccount[./]workloadIdentity[./]gcpServiceAccount/);
      expect(message).toContain(helm === 4 ? email : "Does not match pattern");
    },
  );
});
