{{/*
Guards of the GKE Ingress frontend (frontend: gkeIngress). See _guards.tpl for how guards work.
*/}}

{{/* The hook: this frontend's guards, then the googleLoadBalancer ones it renders. */}}
{{- define "grpc-gke.gkeIngress.guards" -}}
{{- concat (list "GKE-INGRESS-BACKEND-TLS" "GKE-INGRESS-BACKEND-CONFIG" "GKE-INGRESS-READINESS" "GKE-INGRESS-STATIC-IP" "GKE-INGRESS-INTERNAL" "GKE-INGRESS-CERTIFICATES" "GKE-INGRESS-REDIRECT-HTTP" "GKE-INGRESS-MANAGED-CERT-CLASS" "GKE-INGRESS-MANAGED-CERT-DOMAINS" "GKE-INGRESS-AFFINITY-COOKIE-TTL") (include "grpc-gke.guards.googleLoadBalancer" . | fromJsonArray) | toJson }}
{{- end }}

{{/*
Guard GKE-INGRESS-BACKEND-TLS: backendTLS.mode=disabled with the Ingress: GKE Ingress speaks HTTP/2 to
backends only over TLS (502 failed_to_connect_to_backend).
*/}}
{{- define "grpc-gke.guard.GKE-INGRESS-BACKEND-TLS" -}}
{{- $m := list }}
{{- if and .Values.gkeIngress.ingress.enabled (not (include "grpc-gke.tls.enabled" .)) }}
{{- $m = append $m "backendTLS.mode=disabled with gkeIngress.ingress.enabled=true: GKE Ingress speaks HTTP/2 to backends only over TLS, so a cleartext (h2c) gRPC port makes the load balancer return 502 with failed_to_connect_to_backend. Fix: use backendTLS.mode=selfSigned (the load balancer does not verify the certificate), certManager or existingSecret." }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-INGRESS-BACKEND-CONFIG: the Ingress without the chart's BackendConfig, whose health check targets
the plain HTTP health port.
*/}}
{{- define "grpc-gke.guard.GKE-INGRESS-BACKEND-CONFIG" -}}
{{- $m := list }}
{{- if and .Values.gkeIngress.ingress.enabled (not .Values.gkeIngress.backendConfig.enabled) }}
{{- $m = append $m "gkeIngress.backendConfig.enabled=false with gkeIngress.ingress.enabled=true: without a BackendConfig GKE infers the health check from the readiness probe, which is on the health port rather than the grpc port, so it falls back to GET / over HTTP/2+TLS on the grpc port; the backends turn unhealthy and the load balancer returns 502. Fix: keep gkeIngress.backendConfig.enabled=true." }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-INGRESS-READINESS: the Ingress without a readiness probe (the NEG readiness gate and rollouts rely on it).
*/}}
{{- define "grpc-gke.guard.GKE-INGRESS-READINESS" -}}
{{- $m := list }}
{{- if and .Values.gkeIngress.ingress.enabled (not .Values.probes.readiness.enabled) }}
{{- $m = append $m "probes.readiness.enabled=false with gkeIngress.ingress.enabled=true: a pod would count as ready before the server listens, so rollouts (maxUnavailable 0, minReadySeconds) and the NEG readiness gate would send load balancer traffic to it and return 502s. Fix: keep probes.readiness.enabled=true." }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-INGRESS-STATIC-IP: a static address of the wrong scope for the class, or both kinds at once.
*/}}
{{- define "grpc-gke.guard.GKE-INGRESS-STATIC-IP" -}}
{{- $m := list }}
{{- $ing := .Values.gkeIngress.ingress }}
{{- if $ing.enabled }}
{{- if and $ing.globalStaticIPName $ing.regionalStaticIPName }}
{{- $m = append $m "gkeIngress.ingress.globalStaticIPName and gkeIngress.ingress.regionalStaticIPName are both set: GKE refuses an Ingress that names both kinds of static IP and never creates the load balancer. Fix: keep gkeIngress.ingress.globalStaticIPName for class gce, or gkeIngress.ingress.regionalStaticIPName for gce-regional-external/gce-internal." }}
{{- else if and $ing.globalStaticIPName (ne $ing.class "gce") }}
{{- $m = append $m (printf "gkeIngress.ingress.globalStaticIPName with gkeIngress.ingress.class=%s: a global address can only front the global external load balancer (class gce), so the regional load balancer cannot use it. Fix: reserve a regional address and set gkeIngress.ingress.regionalStaticIPName instead, or use gkeIngress.ingress.class=gce." $ing.class) }}
{{- else if and $ing.regionalStaticIPName (eq $ing.class "gce") }}
{{- $m = append $m "gkeIngress.ingress.regionalStaticIPName with gkeIngress.ingress.class=gce: the global external load balancer needs a global address (kubernetes.io/ingress.global-static-ip-name). Fix: reserve one with gcloud compute addresses create NAME --global and set gkeIngress.ingress.globalStaticIPName instead." }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-INGRESS-INTERNAL: what ingress-gce refuses on an internal Ingress (class gce-internal): an HTTPS
redirect, or HTTP and HTTPS without a reserved regional address (kubernetes/ingress-gce pkg/loadbalancers
url_maps.go and l7.go edgeHop).
*/}}
{{- define "grpc-gke.guard.GKE-INGRESS-INTERNAL" -}}
{{- $m := list }}
{{- $gi := .Values.gkeIngress }}
{{- $ing := $gi.ingress }}
{{- if and $ing.enabled (eq $ing.class "gce-internal") }}
{{- if and $gi.frontendConfig.enabled $gi.frontendConfig.redirectToHttps.enabled }}
{{- $m = append $m "gkeIngress.frontendConfig.redirectToHttps.enabled=true with gkeIngress.ingress.class=gce-internal: ingress-gce refuses HTTPS redirects on an internal load balancer (\"cannot enable HTTPS Redirects with L7 ILB\"), so the load balancer is never programmed. Fix: set gkeIngress.frontendConfig.redirectToHttps.enabled=false, and gkeIngress.ingress.allowHttp=false to serve HTTPS only." }}
{{- end }}
{{- if and $ing.allowHttp (gt (include "grpc-gke.gkeIngress.certificateCount" . | int) 0) (not $ing.regionalStaticIPName) }}
{{- $m = append $m "gkeIngress.ingress.allowHttp=true with certificates and no gkeIngress.ingress.regionalStaticIPName on class gce-internal: ingress-gce serves HTTP and HTTPS of an internal load balancer on one address only if it is reserved (purpose SHARED_LOADBALANCER_VIP), and otherwise refuses to configure the frontend (WillNotConfigureFrontend). Fix: reserve one with gcloud compute addresses create NAME --region REGION --subnet SUBNET --purpose SHARED_LOADBALANCER_VIP and set gkeIngress.ingress.regionalStaticIPName=NAME, or set gkeIngress.ingress.allowHttp=false." }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-INGRESS-CERTIFICATES: the Ingress with no certificate (no HTTPS, so no HTTP/2 for clients), or more
than GKE allows on one Ingress.
*/}}
{{- define "grpc-gke.guard.GKE-INGRESS-CERTIFICATES" -}}
{{- $m := list }}
{{- if .Values.gkeIngress.ingress.enabled }}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $max := int $facts.gkeIngress.maxCertificates }}
{{- $certs := include "grpc-gke.gkeIngress.certificateCount" . | int }}
{{- if eq $certs 0 }}
{{- $m = append $m "gkeIngress.ingress.enabled=true with no certificate: the load balancer would only listen on plain HTTP/1.1, and gRPC clients need HTTPS to speak HTTP/2 to it. Fix: set gkeIngress.managedCertificate.domains (Google-managed), gkeIngress.ingress.preSharedCerts or gkeIngress.ingress.tls." }}
{{- else if gt $certs $max }}
{{- $m = append $m (printf "%d certificates on one Ingress (gkeIngress.managedCertificate counts 1, plus gkeIngress.ingress.preSharedCerts and gkeIngress.ingress.tls): GKE allows at most %d certificates per Ingress and the load balancer would not sync. Fix: put several domains in one managedCertificate (up to %d), or split hosts across releases." $certs $max (int $facts.gkeIngress.managedCertificateMaxDomains)) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-INGRESS-REDIRECT-HTTP: an HTTPS redirect with the HTTP forwarding rule turned off.
*/}}
{{- define "grpc-gke.guard.GKE-INGRESS-REDIRECT-HTTP" -}}
{{- $m := list }}
{{- $gi := .Values.gkeIngress }}
{{- if and $gi.ingress.enabled $gi.frontendConfig.enabled $gi.frontendConfig.redirectToHttps.enabled (not $gi.ingress.allowHttp) }}
{{- $m = append $m "gkeIngress.frontendConfig.redirectToHttps.enabled=true with gkeIngress.ingress.allowHttp=false: the redirect is served by the HTTP (port 80) forwarding rule, which allow-http=false removes, so it would never run. Fix: set gkeIngress.ingress.allowHttp=true to redirect, or gkeIngress.frontendConfig.redirectToHttps.enabled=false to serve HTTPS only." }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-INGRESS-MANAGED-CERT-CLASS: a Google-managed certificate on a class other than the external gce.
*/}}
{{- define "grpc-gke.guard.GKE-INGRESS-MANAGED-CERT-CLASS" -}}
{{- $m := list }}
{{- $gi := .Values.gkeIngress }}
{{- if and $gi.ingress.enabled $gi.managedCertificate.domains (ne $gi.ingress.class "gce") }}
{{- $m = append $m (printf "gkeIngress.managedCertificate.domains with gkeIngress.ingress.class=%s: Google-managed certificates (ManagedCertificate) work only with the external global load balancer (class gce). Fix: use gkeIngress.ingress.class=gce, or gkeIngress.ingress.preSharedCerts / gkeIngress.ingress.tls." $gi.ingress.class) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-INGRESS-MANAGED-CERT-DOMAINS: managed-certificate domains that can never become Active: more than a
ManagedCertificate holds, wildcards, or a domain no host rule routes.
*/}}
{{- define "grpc-gke.guard.GKE-INGRESS-MANAGED-CERT-DOMAINS" -}}
{{- $m := list }}
{{- $gi := .Values.gkeIngress }}
{{- $domains := $gi.managedCertificate.domains }}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $max := int $facts.gkeIngress.managedCertificateMaxDomains }}
{{- if gt (len $domains) $max }}
{{- $m = append $m (printf "gkeIngress.managedCertificate.domains has %d entries: a ManagedCertificate holds at most %d domains. Fix: split the domains across releases, or use gkeIngress.ingress.preSharedCerts." (len $domains) $max) }}
{{- end }}
{{- if and $gi.ingress.enabled $gi.ingress.hosts (not $gi.ingress.defaultBackend) }}
{{- $hosts := list }}
{{- range $gi.ingress.hosts }}{{ $hosts = append $hosts .host }}{{ end }}
{{- range $domains }}
{{- if not (has . $hosts) }}
{{- $m = append $m (printf "gkeIngress.managedCertificate.domains contains %q, which no gkeIngress.ingress.hosts rule routes, and gkeIngress.ingress.defaultBackend=false: requests for it would get the load balancer's 404 even once the certificate is Active. Fix: add a host rule for %q, remove the domain, or set gkeIngress.ingress.defaultBackend=true." . .) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $domains }}
{{- if contains "*" . }}
{{- $m = append $m (printf "gkeIngress.managedCertificate.domains contains the wildcard %q: Google-managed certificates do not support wildcard domains and provisioning would never finish. Fix: list each host name, or use a wildcard certificate through gkeIngress.ingress.preSharedCerts (Certificate Manager/Compute SSL certificate) or gkeIngress.ingress.tls." .) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-INGRESS-AFFINITY-COOKIE-TTL: a session-affinity cookie lifetime a BackendConfig cannot carry (ingress-gce
validateSessionAffinity, pkg/backendconfig/validation.go: 0-86400).
*/}}
{{- define "grpc-gke.guard.GKE-INGRESS-AFFINITY-COOKIE-TTL" -}}
{{- $m := list }}
{{- $ttl := .Values.googleLoadBalancer.sessionAffinity.cookieTtlSec }}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $max := int $facts.gkeIngress.maxAffinityCookieTtlSec }}
{{- if and .Values.gkeIngress.backendConfig.enabled (not (kindIs "invalid" $ttl)) (gt (int $ttl) $max) }}
{{- $m = append $m (printf "googleLoadBalancer.sessionAffinity.cookieTtlSec=%d is above %d: ingress-gce refuses a BackendConfig whose affinityCookieTtlSec is not between 0 and %d, so the backend is never configured. Fix: use at most %d (a day), or 0 for a session cookie." (int $ttl) $max $max $max) }}
{{- end }}
{{- toJson $m }}
{{- end }}
