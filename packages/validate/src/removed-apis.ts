/**
 * Beta API versions Kubernetes stopped serving, with the version that replaces each, from the Deprecated API
 * Migration Guide (https://kubernetes.io/docs/reference/using-api/deprecation-guide/, "Removed APIs by release").
 * A manifest with one of these is refused by every current cluster; the report names the replacement.
 */
export interface RemovedApi {
  /** The release that stopped serving it. */
  readonly removedIn: string;
  /** The apiVersion to use instead, or undefined when the kind itself is gone. */
  readonly replacement: string | undefined;
  /** What to do when there is no replacement. */
  readonly note?: string;
}

const REMOVED: readonly (readonly [
  apiVersions: string,
  kinds: string,
  removedIn: string,
  replacement: string | undefined,
  note?: string,
])[] = [
  ["extensions/v1beta1 apps/v1beta1 apps/v1beta2", "Deployment ReplicaSet", "1.16", "apps/v1"],
  ["extensions/v1beta1 apps/v1beta2", "DaemonSet", "1.16", "apps/v1"],
  ["apps/v1beta1 apps/v1beta2", "StatefulSet", "1.16", "apps/v1"],
  ["extensions/v1beta1", "NetworkPolicy", "1.16", "networking.k8s.io/v1"],
  ["extensions/v1beta1 networking.k8s.io/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1"],
  ["networking.k8s.io/v1beta1", "IngressClass", "1.22", "networking.k8s.io/v1"],
  [
    "admissionregistration.k8s.io/v1beta1",
    "MutatingWebhookConfiguration ValidatingWebhookConfiguration",
    "1.22",
    "admissionregistration.k8s.io/v1",
  ],
  ["apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "1.22", "apiextensions.k8s.io/v1"],
  ["apiregistration.k8s.io/v1beta1", "APIService", "1.22", "apiregistration.k8s.io/v1"],
  ["authentication.k8s.io/v1beta1", "TokenReview", "1.22", "authentication.k8s.io/v1"],
  [
    "authorization.k8s.io/v1beta1",
    "LocalSubjectAccessReview SelfSubjectAccessReview SubjectAccessReview",
    "1.22",
    "authorization.k8s.io/v1",
  ],
  ["certificates.k8s.io/v1beta1", "CertificateSigningRequest", "1.22", "certificates.k8s.io/v1"],
  ["coordination.k8s.io/v1beta1", "Lease", "1.22", "coordination.k8s.io/v1"],
  [
    "rbac.authorization.k8s.io/v1beta1",
    "ClusterRole ClusterRoleBinding Role RoleBinding",
    "1.22",
    "rbac.authorization.k8s.io/v1",
  ],
  ["scheduling.k8s.io/v1beta1", "PriorityClass", "1.22", "scheduling.k8s.io/v1"],
  ["storage.k8s.io/v1beta1", "CSIDriver CSINode StorageClass VolumeAttachment", "1.22", "storage.k8s.io/v1"],
  ["batch/v1beta1", "CronJob", "1.25", "batch/v1"],
  ["discovery.k8s.io/v1beta1", "EndpointSlice", "1.25", "discovery.k8s.io/v1"],
  ["events.k8s.io/v1beta1", "Event", "1.25", "events.k8s.io/v1"],
  ["autoscaling/v2beta1", "HorizontalPodAutoscaler", "1.25", "autoscaling/v2"],
  ["policy/v1beta1", "PodDisruptionBudget", "1.25", "policy/v1"],
  [
    "extensions/v1beta1 policy/v1beta1",
    "PodSecurityPolicy",
    "1.25",
    undefined,
    "PodSecurityPolicy was removed without a replacement kind: use Pod Security Admission (namespace labels pod-security.kubernetes.io/enforce) and delete the object",
  ],
  ["node.k8s.io/v1beta1", "RuntimeClass", "1.25", "node.k8s.io/v1"],
  ["autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26", "autoscaling/v2"],
  [
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "FlowSchema PriorityLevelConfiguration",
    "1.26",
    "flowcontrol.apiserver.k8s.io/v1",
  ],
  ["storage.k8s.io/v1beta1", "CSIStorageCapacity", "1.27", "storage.k8s.io/v1"],
  [
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "FlowSchema PriorityLevelConfiguration",
    "1.29",
    "flowcontrol.apiserver.k8s.io/v1",
  ],
  [
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "FlowSchema PriorityLevelConfiguration",
    "1.32",
    "flowcontrol.apiserver.k8s.io/v1",
  ],
];

const BY_KEY = new Map<string, RemovedApi>(
  REMOVED.flatMap(([apiVersions, kinds, removedIn, replacement, note]) =>
    apiVersions
      .split(" ")
      .flatMap((apiVersion) =>
        kinds
          .split(" ")
          .map(
            (kind) =>
              [
                `${apiVersion}/${kind}`,
                { removedIn, replacement, ...(note === undefined ? {} : { note }) },
              ] as const,
          ),
      ),
  ),
);

/** The removal of an apiVersion/kind, if Kubernetes stopped serving it. */
export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return BY_KEY.get(`${apiVersion}/${kind}`);
}
