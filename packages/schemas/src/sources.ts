/**
 * Where the schemas come from: npm packages that carry the upstream API definitions as TypeScript declarations,
 * pinned exactly in package.json (and by the lockfile).
 */

/**
 * The Kubernetes release whose OpenAPI spec kubernetes-models was generated from. kubernetes-models 5.0.0 changelog:
 * "Update to Kubernetes v1.36.0"; no kubernetes-models release carries exactly 1.34 (4.5.x carries 1.33.0).
 * A 1.36 schema accepts the few fields added in 1.35/1.36 (lenient for a 1.34 cluster); it never rejects a
 * field 1.34 has, because Kubernetes does not remove fields from served stable versions. The release the
 * schemas are published for is KUBERNETES_VERSION in @grpc-gke/manifest.
 */
export const DEFINITIONS_KUBERNETES_VERSION = "1.36.0";

export interface SourcePackage {
  /** npm package name. */
  readonly name: string;
  /** API groups (top-level folders of the package) to take kinds from. "" is the core group, folder `v1`. */
  readonly groups: readonly string[];
  /** Keep only stable versions (v1, v2): alpha/beta built-ins are off by default or removed in 1.34. */
  readonly stableOnly: boolean;
  /** True for built-in groups (kubeconform naming `<kind>-<group>-<version>.json`). */
  readonly builtin: boolean;
}

/** Built-in API groups, as the top-level folders of kubernetes-models. */
const BUILTIN_GROUPS = [
  "",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "apiregistration.k8s.io",
  "apps",
  "authentication.k8s.io",
  "authorization.k8s.io",
  "autoscaling",
  "batch",
  "certificates.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "events.k8s.io",
  "flowcontrol.apiserver.k8s.io",
  "networking.k8s.io",
  "node.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "resource.k8s.io",
  "scheduling.k8s.io",
  "storage.k8s.io",
] as const;

export const SOURCES: readonly SourcePackage[] = [
  { name: "kubernetes-models", groups: BUILTIN_GROUPS, stableOnly: true, builtin: true },
  {
    name: "@kubernetes-models/gke",
    groups: ["cloud.google.com", "networking.gke.io"],
    stableOnly: false,
    builtin: false,
  },
  {
    name: "@kubernetes-models/gateway-api",
    groups: ["gateway.networking.k8s.io"],
    stableOnly: false,
    builtin: false,
  },
  {
    name: "@kubernetes-models/cert-manager",
    groups: ["cert-manager.io", "acme.cert-manager.io"],
    stableOnly: false,
    builtin: false,
  },
  {
    name: "@kubernetes-models/istio",
    groups: ["networking.istio.io", "security.istio.io"],
    stableOnly: false,
    builtin: false,
  },
  {
    name: "@kubernetes-models/prometheus-operator",
    groups: ["monitoring.coreos.com"],
    stableOnly: false,
    builtin: false,
  },
];

/**
 * Stable built-in kinds kubernetes-models carries (from its 1.36 spec) that Kubernetes 1.34 does not serve.
 * MutatingAdmissionPolicy(Binding) is admissionregistration.k8s.io/v1beta1 in 1.34 and v1 only from 1.36.
 */
export const NOT_SERVED_IN_TARGET: readonly string[] = [
  "admissionregistration.k8s.io/v1/MutatingAdmissionPolicy",
  "admissionregistration.k8s.io/v1/MutatingAdmissionPolicyBinding",
];

/** The apimachinery package every source imports ObjectMeta, IntOrString, Quantity... from. */
export const APIMACHINERY = "@kubernetes-models/apimachinery";
