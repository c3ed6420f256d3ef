import { asArray, asString, at, jsonPath } from "../json.ts";
import {
  BACKEND_CONFIG_KEYS,
  describeObject,
  INGRESS_CLASS_KEY,
  MANAGED_CERTIFICATES_KEY,
} from "../objects.ts";
import { defineRule } from "../rule.ts";

function managedCertificateNames(annotations: Readonly<Record<string, string>>): string[] {
  return (annotations[MANAGED_CERTIFICATES_KEY] ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

function hostMatches(pattern: string, domain: string): boolean {
  if (pattern === domain) return true;
  if (!pattern.startsWith("*.")) return false;
  const suffix = pattern.slice(1);
  return domain.endsWith(suffix) && !domain.slice(0, -suffix.length).includes(".");
}

export const managedCertificateDomains = defineRule(
  {
    id: "GKE-MANAGED-CERT-DOMAINS",
    title: "ManagedCertificate domains that are wildcards or that the Ingress does not route",
    why:
      "Google-managed certificates do not support wildcard domains (the certificate never provisions), and a domain " +
      "that is not a host of the Ingress rules (with no default backend) gets the load balancer's default 404 " +
      "backend even once the certificate is Active.",
    fix: "List only concrete hostnames in ManagedCertificate spec.domains, each one also a host of the Ingress rules.",
    link: "https://cloud.google.com/kubernetes-engine/docs/how-to/managed-certs",
  },
  (set, reporter) => {
    for (const certificate of set.ofKind("ManagedCertificate", "networking.gke.io")) {
      asArray(at(certificate.object, "spec", "domains")).forEach((entry, index) => {
        const domain = asString(entry);
        if (domain?.includes("*") === true)
          reporter.report(
            certificate,
            jsonPath("spec", "domains", index),
            `domain "${domain}" is a wildcard, which Google-managed certificates do not support.`,
            "List each hostname, or use a Certificate Manager or cert-manager DNS-01 certificate for wildcards.",
          );
      });
    }
    for (const ingress of set.ingresses) {
      if (!ingress.gce || ingress.hosts.length === 0 || ingress.hasDefaultBackend) continue;
      for (const name of managedCertificateNames(ingress.annotations)) {
        const certificate = set.find("ManagedCertificate", name, ingress.namespace, "networking.gke.io");
        if (certificate === undefined) continue;
        asArray(at(certificate.object, "spec", "domains")).forEach((entry, index) => {
          const domain = asString(entry);
          if (domain === undefined || domain.includes("*")) return;
          if (ingress.hosts.some((host) => hostMatches(host, domain))) return;
          reporter.report(
            certificate,
            jsonPath("spec", "domains", index),
            `domain "${domain}" is attached to ${describeObject(ingress.document.object)}, which routes only ${ingress.hosts.join(", ")} and has no default backend, so requests for it get the default 404.`,
            `Add a rule for host "${domain}" to the Ingress, or drop the domain from the certificate.`,
          );
        });
      }
    }
  },
);

export const managedCertificateMissing = defineRule(
  {
    id: "GKE-MANAGED-CERT-MISSING",
    title: "Ingress names a ManagedCertificate that is not in the set",
    why:
      "networking.gke.io/managed-certificates names ManagedCertificates in the Ingress's namespace; a missing one " +
      "leaves the HTTPS listener without that certificate and the Ingress with sync errors.",
    fix: "Render the ManagedCertificate next to the Ingress, or fix the name in the annotation.",
    link: "https://github.com/GoogleCloudPlatform/gke-managed-certs",
  },
  (set, reporter) => {
    for (const ingress of set.ingresses) {
      for (const name of managedCertificateNames(ingress.annotations)) {
        if (set.find("ManagedCertificate", name, ingress.namespace, "networking.gke.io") !== undefined)
          continue;
        reporter.report(
          ingress.document,
          jsonPath("metadata", "annotations", MANAGED_CERTIFICATES_KEY),
          `${MANAGED_CERTIFICATES_KEY} names ManagedCertificate "${name}", which is not in the rendered set.`,
        );
      }
    }
  },
);

const GCE_ONLY_ANNOTATIONS = [
  "kubernetes.io/ingress.global-static-ip-name",
  "kubernetes.io/ingress.regional-static-ip-name",
  MANAGED_CERTIFICATES_KEY,
  "ingress.gcp.kubernetes.io/pre-shared-cert",
  "networking.gke.io/v1beta1.FrontendConfig",
  "kubernetes.io/ingress.allow-http",
];

export const ingressClassName = defineRule(
  {
    id: "GKE-INGRESS-CLASS-NAME",
    title: "Ingress meant for GKE that uses spec.ingressClassName",
    why:
      "ingress-gce ignores spec.ingressClassName and only serves an Ingress with the kubernetes.io/ingress.class " +
      "annotation, or with neither; an Ingress with ingressClassName and no annotation is never picked up by GKE.",
    fix: "Drop spec.ingressClassName and set the annotation kubernetes.io/ingress.class: gce (or gce-internal).",
    link: "https://github.com/kubernetes/ingress-gce/blob/master/pkg/utils/utils.go",
  },
  (set, reporter) => {
    for (const ingress of set.ingresses) {
      const className = asString(at(ingress.document.object, "spec", "ingressClassName"));
      if (className === undefined || ingress.annotations[INGRESS_CLASS_KEY] !== undefined) continue;
      const gceAnnotations = GCE_ONLY_ANNOTATIONS.filter((key) => ingress.annotations[key] !== undefined);
      if (!className.startsWith("gce") && gceAnnotations.length === 0) continue;
      const sign = className.startsWith("gce")
        ? `ingressClassName "${className}"`
        : `GKE-only annotations (${gceAnnotations.join(", ")}) with ingressClassName "${className}"`;
      reporter.report(
        ingress.document,
        "spec.ingressClassName",
        `${describeObject(ingress.document.object)} has ${sign} and no ${INGRESS_CLASS_KEY} annotation, so GKE Ingress ignores it.`,
      );
    }
  },
);

export const backendConfigOnIngress = defineRule(
  {
    id: "GKE-BACKEND-CONFIG-ON-INGRESS",
    title: "cloud.google.com/backend-config set on an Ingress instead of the Service",
    why:
      "ingress-gce reads backend-config only from Services; on an Ingress it is ignored, so timeoutSec, health " +
      "check and draining silently stay at their defaults.",
    fix: "Move the annotation to each backend Service (keyed by port name if needed).",
    link: "https://github.com/kubernetes/ingress-gce/issues/1803",
  },
  (set, reporter) => {
    for (const ingress of set.ingresses) {
      for (const key of BACKEND_CONFIG_KEYS) {
        if (ingress.annotations[key] === undefined) continue;
        reporter.report(
          ingress.document,
          jsonPath("metadata", "annotations", key),
          `${key} is on ${describeObject(ingress.document.object)}, where GKE ignores it (it belongs on the backend Services).`,
        );
      }
    }
  },
);

export const grpcRoute = defineRule(
  {
    id: "GKE-GRPCROUTE",
    title: "GRPCRoute attached to a GKE Gateway",
    why: "The GKE Gateway controller does not support GRPCRoute; the route is never programmed. gRPC goes through an HTTPRoute.",
    fix: "Use an HTTPRoute with a PathPrefix match /package.Service/ (or /) and a backend Service port with appProtocol HTTP2 or kubernetes.io/h2c.",
    link: "https://github.com/GoogleCloudPlatform/gke-gateway-api/issues/31",
  },
  (set, reporter) => {
    for (const route of set.routes) {
      if (route.kind !== "GRPCRoute") continue;
      const gateway = route.gateways.find((candidate) => candidate.gke);
      if (gateway === undefined) continue;
      reporter.report(
        route.document,
        "spec.parentRefs",
        `${describeObject(route.document.object)} attaches to ${describeObject(gateway.document.object)} of GatewayClass ${gateway.className ?? "?"}, which does not support GRPCRoute.`,
      );
    }
  },
);
