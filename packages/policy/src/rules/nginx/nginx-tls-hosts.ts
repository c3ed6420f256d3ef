import { describeObject } from "@grpc-gke/manifest";
import { defineRule } from "../../rule.ts";

/** A TLS host covers a rule host: the same name (case-insensitive), or a `*.` wildcard one label above it. */
function covers(tlsHost: string, host: string): boolean {
  const wanted = tlsHost.toLowerCase();
  const name = host.toLowerCase();
  if (wanted === name) return true;
  return (
    wanted.startsWith("*.") && !name.startsWith("*.") && name.slice(name.indexOf(".") + 1) === wanted.slice(2)
  );
}

/**
 * ingress-nginx builds one server per rule host and takes its certificate from the tls entry of the same Ingress that
 * names the host, else from a Secret of that Ingress whose certificate covers it, else the controller's default
 * (kubernetes/ingress-nginx internal/ingress/controller/controller.go, createServers and extractTLSSecretName). So a
 * TLS host that no rule of the Ingress routes is never served with that entry (an error: the certificate is issued
 * and never used), and a rule host no tls entry names gets the default certificate unless the Secret happens to cover
 * it (advisory: the rule cannot read the certificate).
 */
export const nginxTlsHosts = defineRule(
  {
    id: "NGINX-TLS-HOSTS",
    title: "ingress-nginx Ingress whose TLS hosts and rule hosts do not line up",
    why:
      "ingress-nginx uses an Ingress's tls entries only for the hosts of that Ingress's own rules: a TLS host without " +
      "a rule is never served with that certificate, and a rule host that no tls entry names falls back to the " +
      "controller's self-signed default certificate, which gRPC clients refuse.",
    fix:
      "List each host in both spec.rules and spec.tls of the same Ingress (a *.example.com TLS host covers " +
      "api.example.com).",
    link: "https://kubernetes.github.io/ingress-nginx/user-guide/tls/",
  },
  (set, reporter) => {
    for (const ingress of set.nginxIngresses) {
      const name = describeObject(ingress.document.object);
      for (const entry of ingress.tls) {
        for (const { host, path } of entry.hosts) {
          if (ingress.rules.some((rule) => covers(host, rule.host))) continue;
          reporter.report(
            ingress.document,
            path,
            `${name} lists ${host} in spec.tls (secret ${entry.secretName ?? "none"}) but no rule of it routes that host, so ingress-nginx never serves the certificate for it.`,
            `Add a rule for ${host} to ${name}, or remove it from spec.tls.`,
          );
        }
      }
      if (ingress.tls.length === 0) continue;
      for (const rule of ingress.rules) {
        if (ingress.tls.some((entry) => entry.hosts.some(({ host }) => covers(host, rule.host)))) continue;
        reporter.report(
          ingress.document,
          rule.path,
          `${name} has TLS but no spec.tls entry names ${rule.host}: unless one of its Secrets' certificates covers it, ingress-nginx serves ${rule.host} with its self-signed default certificate.`,
          `Add ${rule.host} to the hosts of a spec.tls entry of ${name}.`,
          "warning",
        );
      }
    }
  },
);
