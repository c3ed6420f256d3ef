import type { RenderedDocument } from "@grpc-gke/manifest";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { matchesLabelSelector } from "./label-selector.ts";
import { namespaceOf, sameNamespace } from "./object.ts";
import { asArray, asNumber, asRecord, asString, field, readAs } from "./read.ts";
import type { Container, Workload } from "./workloads.ts";

/** A peer of an ingress rule, as far as the rules read it: an address block, or pods/namespaces (any address). */
export interface NetworkPolicyPeer {
  readonly ipBlock: { readonly cidr: string; readonly except: readonly string[] } | undefined;
}

/** A port of an ingress rule: a number or a container port name, and an end for a range. */
export interface NetworkPolicyPort {
  readonly port: number | string | undefined;
  readonly endPort: number | undefined;
}

/** One `spec.ingress` rule: `from` and `ports` undefined when absent or empty (every source, every port). */
export interface NetworkPolicyIngressRule {
  readonly from: readonly NetworkPolicyPeer[] | undefined;
  readonly ports: readonly NetworkPolicyPort[] | undefined;
}

export interface NetworkPolicy {
  readonly document: RenderedDocument;
  readonly namespace: string | undefined;
  /** Whether it isolates the pods it selects for ingress (policyTypes has Ingress, or is absent). */
  readonly ingressIsolation: boolean;
  readonly podSelector: unknown;
  readonly ingress: readonly NetworkPolicyIngressRule[];
}

/**
 * A NetworkPolicy, read as the API defines it (networking/v1 types.go): without `policyTypes` it isolates for ingress
 * always (and for egress when it has egress rules); an empty `podSelector` selects every pod of its namespace.
 */
export function readNetworkPolicy(document: RenderedDocument): NetworkPolicy {
  const spec = field(readAs<INetworkPolicy>(document.object), "spec");
  const types = asArray(spec?.policyTypes).map(asString);
  const ingress = asArray(spec?.ingress).map((entry): NetworkPolicyIngressRule => {
    const rule = asRecord(entry);
    const from = asArray(rule?.from).map((peer): NetworkPolicyPeer => {
      const block = asRecord(asRecord(peer)?.ipBlock);
      const cidr = asString(block?.cidr);
      return {
        ipBlock:
          cidr === undefined
            ? undefined
            : { cidr, except: asArray(block?.except).flatMap((item) => asString(item) ?? []) },
      };
    });
    const ports = asArray(rule?.ports).map((entry): NetworkPolicyPort => {
      const port = asRecord(entry);
      return { port: asNumber(port?.port) ?? asString(port?.port), endPort: asNumber(port?.endPort) };
    });
    return { from: from.length === 0 ? undefined : from, ports: ports.length === 0 ? undefined : ports };
  });
  return {
    document,
    namespace: namespaceOf(document),
    ingressIsolation: types.length === 0 || types.includes("Ingress"),
    podSelector: spec?.podSelector ?? {},
    ingress,
  };
}

/**
 * Whether the policy selects the workload's pods: the same namespace (one without a namespace lands wherever it is
 * applied, so it matches any) and a podSelector matching the pod labels.
 */
export function selectsWorkload(policy: NetworkPolicy, workload: Workload): boolean {
  if (!sameNamespace(policy.namespace, workload.namespace)) return false;
  return matchesLabelSelector(policy.podSelector, workload.podLabels) === true;
}

/** An IPv4 CIDR as [network, prefix length], or undefined (IPv6 and malformed blocks are not read). */
function ipv4Cidr(cidr: string): [number, number] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (match === null) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const length = Number(match[5]);
  if (octets.some((octet) => octet > 255) || length > 32) return undefined;
  const address = octets.reduce((value, octet) => value * 256 + octet, 0);
  const size = 2 ** (32 - length);
  return [Math.floor(address / size) * size, length];
}

/** Whether `outer` holds every address of `inner` (IPv4). */
export function cidrContains(outer: string, inner: string): boolean {
  const a = ipv4Cidr(outer);
  const b = ipv4Cidr(inner);
  if (a === undefined || b === undefined || a[1] > b[1]) return false;
  const size = 2 ** (32 - a[1]);
  return Math.floor(b[0] / size) * size === a[0];
}

/** Whether two IPv4 CIDRs share an address. */
function cidrOverlaps(x: string, y: string): boolean {
  return cidrContains(x, y) || cidrContains(y, x);
}

/**
 * Whether a rule admits every address of `range` on a container port (by number, or by its name): no `from` admits
 * every source, an `ipBlock` only when it holds the whole range and excepts none of it; pod and namespace selectors
 * match pods, never outside addresses. No `ports` admits every port.
 */
export function admits(
  rule: NetworkPolicyIngressRule,
  range: string,
  container: Container,
  port: number,
): boolean {
  const name = container.ports.find((candidate) => candidate.containerPort === port)?.name;
  const portAdmitted =
    rule.ports === undefined ||
    rule.ports.some((entry) =>
      typeof entry.port === "number"
        ? entry.port === port || (entry.endPort !== undefined && entry.port <= port && port <= entry.endPort)
        : entry.port === undefined || entry.port === name,
    );
  if (!portAdmitted) return false;
  if (rule.from === undefined) return true;
  return rule.from.some(
    (peer) =>
      peer.ipBlock !== undefined &&
      cidrContains(peer.ipBlock.cidr, range) &&
      !peer.ipBlock.except.some((excepted) => cidrOverlaps(excepted, range)),
  );
}
