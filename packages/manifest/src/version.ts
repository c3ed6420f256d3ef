/**
 * The Kubernetes release the tools target, in one place: the built-in schemas are published for it
 * (kubeconform's `-kubernetes-version`), the validator picks its folder, and the CLI and the tests render
 * charts for it (`helm template --kube-version`).
 */
export const KUBERNETES_VERSION = "1.34.0";
