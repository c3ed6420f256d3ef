{{/*
Guards of the GKE Gateway frontend (frontend: gkeGateway). See _guards.tpl for how guards work.
*/}}

{{/* The hook: this frontend's guards, then the googleLoadBalancer ones it renders. */}}
{{- define "grpc-gke.gkeGateway.guards" -}}
{{- concat (list "GKE-GATEWAY-CLASS" "GKE-GATEWAY-READINESS" "GKE-GATEWAY-SHARED" "GKE-GATEWAY-CERTIFICATES" "GKE-GATEWAY-CERTIFICATE-MAP" "GKE-GATEWAY-REDIRECT-HTTP" "GKE-GATEWAY-ALLOW-GLOBAL-ACCESS" "GKE-GATEWAY-HEALTH-CHECK" "GKE-GATEWAY-SECURITY-POLICY" "GKE-GATEWAY-IAP") (include "grpc-gke.guards.googleLoadBalancer" . | fromJsonArray) | toJson }}
{{- end }}

{{/*
Guard GKE-GATEWAY-CLASS: a class that is not one of GKE's single-cluster GatewayClasses; the `-mc` multi-cluster
classes route to ServiceImports from a fleet config cluster, which the chart does not render.
*/}}
{{- define "grpc-gke.guard.GKE-GATEWAY-CLASS" -}}
{{- $m := list }}
{{- /* https://cloud.google.com/kubernetes-engine/docs/how-to/gatewayclass-capabilities; multi-cluster: "For multi-cluster Gateways, these resources can only be attached to a net.gke.io/v1 ServiceImport" (https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources, Limitations). */}}
{{- $className := .Values.gkeGateway.gateway.className }}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $classes := keys $facts.gkeGateway.classes | sortAlpha | join ", " }}
{{- if not (hasKey $facts.gkeGateway.classes $className) }}
{{- if hasSuffix "-mc" $className }}
{{- $m = append $m (printf "gkeGateway.gateway.className=%s is a multi-cluster GatewayClass: its Gateway lives in the fleet's config cluster and routes to ServiceImports (from a ServiceExport in each cluster), and GKE applies GCPBackendPolicy and HealthCheckPolicy only to ServiceImports there, so this chart's Service, route and policies would serve nothing. Fix: use the single-cluster class %s, or deploy a multi-cluster Gateway with multi-cluster Services yourself and set frontend=none." $className (trimSuffix "-mc" $className)) }}
{{- else }}
{{- $m = append $m (printf "gkeGateway.gateway.className=%s is not a GKE GatewayClass for one cluster: the GKE Gateway controller would never program the Gateway (no load balancer, no address). Fix: use one of %s." $className $classes) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-GATEWAY-READINESS: the Gateway without a readiness probe (the NEG readiness gate and rollouts rely on it).
*/}}
{{- define "grpc-gke.guard.GKE-GATEWAY-READINESS" -}}
{{- $m := list }}
{{- if not .Values.probes.readiness.enabled }}
{{- $m = append $m "probes.readiness.enabled=false with frontend=gkeGateway: a pod would count as ready before the server listens, so rollouts (maxUnavailable 0, minReadySeconds) and the NEG readiness gate would send load balancer traffic to it and return 502s. Fix: keep probes.readiness.enabled=true." }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-GATEWAY-SHARED: a shared Gateway (gkeGateway.sharedGateway.name) together with values that only configure
a Gateway the chart creates.
*/}}
{{- define "grpc-gke.guard.GKE-GATEWAY-SHARED" -}}
{{- $m := list }}
{{- $gw := .Values.gkeGateway.gateway }}
{{- $shared := .Values.gkeGateway.sharedGateway }}
{{- if $shared.name }}
{{- $set := list }}
{{- range $key := list "addressName" "certificateRefs" "preSharedCerts" "certificateManagerCerts" "certificateMap" "httpListener" "sslPolicy" "allowGlobalAccess" "annotations" "labels" }}
{{- if get $gw $key }}{{ $set = append $set (printf "gkeGateway.gateway.%s" $key) }}{{ end }}
{{- end }}
{{- if $set }}
{{- $m = append $m (printf "gkeGateway.sharedGateway.name=%s with %s: the chart attaches its route to that existing Gateway and creates none, so these settings of a Gateway it would create would be silently ignored (the shared Gateway's owner sets its address, certificates, listeners and policies). Fix: remove them, or set gkeGateway.sharedGateway.name=\"\" to create a Gateway for this release." $shared.name (join ", " $set)) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-GATEWAY-CERTIFICATES: a Gateway the chart creates with no certificate (no HTTPS, so no HTTP/2 for
clients), or with more Secrets and pre-shared certificates than GKE attaches to one Gateway.
*/}}
{{- define "grpc-gke.guard.GKE-GATEWAY-CERTIFICATES" -}}
{{- $m := list }}
{{- /* 15 Secrets or SSL certificates per Gateway: https://cloud.google.com/kubernetes-engine/docs/concepts/gateway-security (FACTS.gkeGateway.maxCertificates). */}}
{{- $gw := .Values.gkeGateway.gateway }}
{{- if include "grpc-gke.gkeGateway.createsGateway" . }}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $max := int $facts.gkeGateway.maxCertificates }}
{{- $count := include "grpc-gke.gkeGateway.listenerCertificateCount" . | int }}
{{- if not (or $gw.certificateRefs $gw.preSharedCerts $gw.certificateManagerCerts $gw.certificateMap) }}
{{- $m = append $m "frontend=gkeGateway creates a Gateway with no certificate (gkeGateway.gateway.certificateRefs, preSharedCerts, certificateManagerCerts and certificateMap are all empty): its HTTPS listener could not terminate TLS, so GKE would not program it, and gRPC clients speak HTTP/2 to Google's load balancer only over HTTPS. Fix: set gkeGateway.gateway.certificateMap (Certificate Manager, global classes), certificateManagerCerts, preSharedCerts or certificateRefs (a kubernetes.io/tls Secret), or attach to a Gateway that has one with gkeGateway.sharedGateway.name." }}
{{- else if gt $count $max }}
{{- $m = append $m (printf "%d certificates on the Gateway (gkeGateway.gateway.certificateRefs and preSharedCerts): GKE attaches at most %d Secrets and SSL certificates to one Gateway, so the load balancer would not be programmed. Fix: use a Certificate Manager certificate map (gkeGateway.gateway.certificateMap), which holds far more, or split the hosts across releases." $count $max) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-GATEWAY-CERTIFICATE-MAP: a Certificate Manager map next to listener certificates (GKE refuses it next to
certificateRefs; the load balancer ignores the others), or on a regional or internal class (only Google Front End
load balancers take a map).
*/}}
{{- define "grpc-gke.guard.GKE-GATEWAY-CERTIFICATE-MAP" -}}
{{- $m := list }}
{{- /* "You cannot use the networking.gke.io/certmap annotation with a tls.certificateRefs on the same Gateway resource" (https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway); maps attach to GFE-based load balancers only (https://cloud.google.com/certificate-manager/docs/deploy); Compute Engine target proxies: "If set, sslCertificates will be ignored". */}}
{{- $gw := .Values.gkeGateway.gateway }}
{{- $class := include "grpc-gke.gkeGateway.class" . | fromJson }}
{{- if and (include "grpc-gke.gkeGateway.createsGateway" .) $gw.certificateMap }}
{{- $listener := list }}
{{- range $key := list "certificateRefs" "preSharedCerts" "certificateManagerCerts" }}
{{- if get $gw $key }}{{ $listener = append $listener (printf "gkeGateway.gateway.%s" $key) }}{{ end }}
{{- end }}
{{- if $listener }}
{{- $m = append $m (printf "gkeGateway.gateway.certificateMap=%s with %s: GKE treats a networking.gke.io/certmap annotation next to listener certificateRefs as an error and does not program the Gateway, and a load balancer with a certificate map ignores its other certificates (Compute Engine: \"If set, sslCertificates will be ignored\"). Fix: keep only the certificate map (add those certificates to it as map entries), or remove certificateMap." $gw.certificateMap (join ", " $listener)) }}
{{- end }}
{{- if and $class (not $class.global) }}
{{- $m = append $m (printf "gkeGateway.gateway.certificateMap=%s with gkeGateway.gateway.className=%s: certificate maps attach only to the global load balancers built on Google Front Ends; a regional or internal load balancer references Certificate Manager certificates directly, so the HTTPS listener would have no certificate. Fix: list the certificates in gkeGateway.gateway.certificateManagerCerts (regional Certificate Manager certificates), or use a global class (gke-l7-global-external-managed)." $gw.certificateMap $gw.className) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-GATEWAY-REDIRECT-HTTP: an HTTPS redirect with no HTTP listener to serve it.
*/}}
{{- define "grpc-gke.guard.GKE-GATEWAY-REDIRECT-HTTP" -}}
{{- $m := list }}
{{- /* A route's parentRefs[].sectionName must name a listener of the Gateway, or the route is not Accepted (gateway.networking.k8s.io/v1 ParentReference). */}}
{{- $v := .Values.gkeGateway }}
{{- if $v.route.httpsRedirect.enabled }}
{{- if and (include "grpc-gke.gkeGateway.createsGateway" .) (not $v.gateway.httpListener) }}
{{- $m = append $m "gkeGateway.route.httpsRedirect.enabled=true with gkeGateway.gateway.httpListener=false: the redirect route attaches to the Gateway's HTTP listener (sectionName http), which would not exist, so the route is never accepted and nothing redirects. Fix: set gkeGateway.gateway.httpListener=true, or gkeGateway.route.httpsRedirect.enabled=false to serve HTTPS only." }}
{{- else if and (not (include "grpc-gke.gkeGateway.createsGateway" .)) (not $v.sharedGateway.httpSectionName) }}
{{- $m = append $m (printf "gkeGateway.route.httpsRedirect.enabled=true with gkeGateway.sharedGateway.httpSectionName empty: the redirect route needs the shared Gateway %s's plain HTTP listener to attach to. Fix: set gkeGateway.sharedGateway.httpSectionName to that listener's name, or gkeGateway.route.httpsRedirect.enabled=false (the shared Gateway's owner may redirect already)." $v.sharedGateway.name) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-GATEWAY-ALLOW-GLOBAL-ACCESS: global access on a class that is not internal (it only exists for internal
load balancers).
*/}}
{{- define "grpc-gke.guard.GKE-GATEWAY-ALLOW-GLOBAL-ACCESS" -}}
{{- $m := list }}
{{- /* GCPGatewayPolicy allowGlobalAccess: "Configure global access for your regional internal Gateway" (https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources). */}}
{{- $gw := .Values.gkeGateway.gateway }}
{{- $class := include "grpc-gke.gkeGateway.class" . | fromJson }}
{{- if and $gw.allowGlobalAccess $class (not $class.internal) }}
{{- $m = append $m (printf "gkeGateway.gateway.allowGlobalAccess=true with gkeGateway.gateway.className=%s: global access is a setting of internal load balancers only (it lets clients in other regions reach them; an external one is reachable from everywhere), so it cannot apply to this Gateway and the GCPGatewayPolicy asks for something GKE cannot do. Fix: set gkeGateway.gateway.allowGlobalAccess=false, or use the internal class gke-l7-rilb." $gw.className) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-GATEWAY-HEALTH-CHECK: a native gRPC health check where nothing answers it (Google's gRPC health check is
cleartext h2c), or a gRPC service name with the HTTP check.
*/}}
{{- define "grpc-gke.guard.GKE-GATEWAY-HEALTH-CHECK" -}}
{{- $m := list }}
{{- /* HealthCheckPolicy config.type is TCP, HTTP, HTTPS, HTTP2 or GRPC (gke-gateway-api apis/networking/v1/healthcheck_types.go); Compute Engine's TLS variant is a separate type (gcloud compute health-checks create grpc-with-tls), so GRPC is cleartext. */}}
{{- $check := .Values.gkeGateway.healthCheck }}
{{- if eq $check.type "GRPC" }}
{{- if and (include "grpc-gke.tls.enabled" .) (ne .Values.probes.type "grpc") }}
{{- $m = append $m (printf "gkeGateway.healthCheck.type=GRPC with backendTLS.mode=%s and probes.type=%s: Google's gRPC health check speaks cleartext HTTP/2 (HealthCheckPolicy has no gRPC-with-TLS type), the grpc port serves TLS and the health port plain HTTP/1.1, so every check fails, every pod is unhealthy and the load balancer returns 502. Fix: backendTLS.mode=disabled (the grpc port then serves h2c and is checked directly), or probes.type=grpc with a server that answers grpc.health.v1 over h2c on the health port, or gkeGateway.healthCheck.type=HTTP." .Values.backendTLS.mode .Values.probes.type) }}
{{- end }}
{{- else if $check.grpcServiceName }}
{{- $m = append $m (printf "gkeGateway.healthCheck.grpcServiceName=%s with gkeGateway.healthCheck.type=%s: only the GRPC health check asks for a grpc.health.v1 service, so the name would be silently ignored. Fix: set gkeGateway.healthCheck.type=GRPC, or remove grpcServiceName." $check.grpcServiceName $check.type) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-GATEWAY-SECURITY-POLICY: a Cloud Armor policy on the internal class (Cloud Armor serves external load
balancers only).
*/}}
{{- define "grpc-gke.guard.GKE-GATEWAY-SECURITY-POLICY" -}}
{{- $m := list }}
{{- /* "Only external backend services that use load balancers can reference a security policy" (https://cloud.google.com/compute/docs/reference/rest/v1/securityPolicies). */}}
{{- $class := include "grpc-gke.gkeGateway.class" . | fromJson }}
{{- if and .Values.googleLoadBalancer.securityPolicy.enabled $class $class.internal }}
{{- $m = append $m (printf "googleLoadBalancer.securityPolicy.enabled=true with gkeGateway.gateway.className=%s: only the backend services of external load balancers can reference a Cloud Armor security policy, so GKE could not apply the GCPBackendPolicy. Fix: set googleLoadBalancer.securityPolicy.enabled=false on the internal Gateway, or use an external class." .Values.gkeGateway.gateway.className) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GKE-GATEWAY-IAP: Identity-Aware Proxy without the OAuth client GCPBackendPolicy requires for it.
*/}}
{{- define "grpc-gke.guard.GKE-GATEWAY-IAP" -}}
{{- $m := list }}
{{- /* "If true, the ClientID and Oauth2ClientSecret fields must be non-empty" (gke-gateway-api apis/networking/v1/gcpbackendpolicy_types.go, IdentityAwareProxyConfig). */}}
{{- $iap := .Values.gkeGateway.backendPolicy.iap }}
{{- if and $iap.enabled (not (and $iap.clientID $iap.oauth2ClientSecret)) }}
{{- $m = append $m "gkeGateway.backendPolicy.iap.enabled=true without gkeGateway.backendPolicy.iap.clientID and oauth2ClientSecret: GCPBackendPolicy requires both when IAP is on, so GKE would reject the policy and the backend would keep GKE's defaults (a 30 s timeout that cuts streams). Fix: create an OAuth client, put its secret in a Secret in the release namespace, and set clientID and oauth2ClientSecret (the Secret's name)." }}
{{- end }}
{{- toJson $m }}
{{- end }}
