import { describeObject, jsonPath, type RenderedDocument } from "@grpc-gke/manifest";
import type { IManagedCertificate } from "@kubernetes-models/gke/networking.gke.io/v1/ManagedCertificate";
import { asArray, asString, field, managedCertificateNames, readAs } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";

/** Whether an Ingress host (possibly `*.example.com`) covers a domain. */
function hostMatches(pattern: string, domain: string): boolean {
  if (pattern === domain) return true;
  if (!pattern.startsWith("*.")) return false;
  const suffix = pattern.slice(1);
  return domain.endsWith(suffix) && !domain.slice(0, -suffix.length).includes(".");
}

function domainsOf(certificate: RenderedDocument): readonly unknown[] {
  return asArray(field(readAs<IManagedCertificate>(certificate.object), "spec")?.domains);
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
      domainsOf(certificate).forEach((entry, index) => {
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
        domainsOf(certificate).forEach((entry, index) => {
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
