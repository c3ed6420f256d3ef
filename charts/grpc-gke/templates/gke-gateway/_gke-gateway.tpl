{{/*
The GKE Gateway frontend (frontend: gkeGateway): its hooks (see _frontend.tpl) and helpers. The GKE Gateway
controller reads none of GKE Ingress's configuration: no Service annotation (NEG, app-protocols, backend-config),
no BackendConfig or FrontendConfig ("You cannot use a FrontendConfig or a BackendConfig to configure a Gateway. You
must use a Policy.", https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources). It
creates the NEGs of the Services its routes name by itself.
*/}}

{{/* No annotation: the Gateway controller ignores GKE Ingress's and needs none of its own. */}}
{{- define "grpc-gke.gkeGateway.serviceAnnotations" -}}
{{- dict | toJson }}
{{- end }}

{{/*
The Gateway controller reads the backend protocol from appProtocol only: HTTP2 is HTTP/2 over TLS to the pod (the
certificate is not verified), kubernetes.io/h2c is cleartext HTTP/2, the one way to reach a cleartext gRPC port
through a Google load balancer (https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#load-balancer-tls).
*/}}
{{- define "grpc-gke.gkeGateway.grpcAppProtocol" -}}
{{- include "grpc-gke.ports.defaultGrpcAppProtocol" . }}
{{- end }}

{{/* The GCPBackendPolicy's connection draining (the chart always renders it). */}}
{{- define "grpc-gke.gkeGateway.drainingSeconds" -}}
{{- int .Values.googleLoadBalancer.connectionDraining.drainingTimeoutSec }}
{{- end }}

{{/*
Clients reach the load balancer over HTTPS; with backendTLS.mode=disabled it speaks h2c to the pod, and may forward
the client's `:scheme: https`.
*/}}
{{- define "grpc-gke.gkeGateway.cleartextBehindTls" -}}
{{- if not (include "grpc-gke.tls.enabled" .) }}true{{ end }}
{{- end }}

{{/*
NetworkPolicy sources: the load balancer of gkeGateway.gateway.className (the chart's Gateway or the shared one), its
proxies (Google's ranges for the global classes, the proxy-only subnet for the regional and internal ones:
networkPolicy.proxyOnlySubnets, guard GKE-GATEWAY-NETWORK-POLICY) on the grpc port, and its health checkers where the
HealthCheckPolicy sends them: the health port, or the grpc port itself for a gRPC check of an h2c grpc port
(healthcheckpolicy.yaml, USE_SERVING_PORT) (grpc-gke.networkPolicy.googleLoadBalancer).
*/}}
{{- define "grpc-gke.gkeGateway.networkPolicy" -}}
{{- $class := include "grpc-gke.gkeGateway.class" . | fromJson }}
{{- $onGrpcPort := and (eq .Values.gkeGateway.healthCheck.type "GRPC") (not (include "grpc-gke.tls.enabled" .)) }}
{{- include "grpc-gke.networkPolicy.googleLoadBalancer" (dict "root" . "class" (printf "gkeGateway.gateway.className=%s" .Values.gkeGateway.gateway.className) "global" ($class.global | default false) "healthCheckOnGrpcPort" $onGrpcPort) }}
{{- end }}

{{/* Nothing added to the pod: the frontend runs outside it (the `pod` hook, see _frontend.tpl). */}}
{{- define "grpc-gke.gkeGateway.pod" -}}{}{{- end }}

{{/*
"true" when the chart creates the Gateway, empty when it attaches to gkeGateway.sharedGateway.name.
Usage: {{ if include "grpc-gke.gkeGateway.createsGateway" . }}
*/}}
{{- define "grpc-gke.gkeGateway.createsGateway" -}}
{{- if not .Values.gkeGateway.sharedGateway.name }}true{{ end }}
{{- end }}

{{/*
The facts of gkeGateway.gateway.className ({"global": bool, "internal": bool}), or {} for a class GKE does not
offer for one cluster (GKE-GATEWAY-CLASS refuses it).
Usage: {{ $class := include "grpc-gke.gkeGateway.class" . | fromJson }}
*/}}
{{- define "grpc-gke.gkeGateway.class" -}}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- get $facts.gkeGateway.classes .Values.gkeGateway.gateway.className | default dict | toJson }}
{{- end }}

{{/*
The Gateway the HTTPRoutes attach to, as {"name", "namespace"} (namespace empty: the release's).
Usage: {{ $parent := include "grpc-gke.gkeGateway.parent" . | fromJson }}
*/}}
{{- define "grpc-gke.gkeGateway.parent" -}}
{{- $shared := .Values.gkeGateway.sharedGateway }}
{{- if include "grpc-gke.gkeGateway.createsGateway" . }}
{{- dict "name" (include "grpc-gke.names.fullname" .) "namespace" "" | toJson }}
{{- else }}
{{- dict "name" $shared.name "namespace" $shared.namespace | toJson }}
{{- end }}
{{- end }}

{{/*
Listener names of the Gateway the routes attach to: `https` and `http` on the chart's Gateway (http empty without
gkeGateway.gateway.httpListener), the shared Gateway's section names otherwise.
Usage: {{ $sections := include "grpc-gke.gkeGateway.sections" . | fromJson }}
*/}}
{{- define "grpc-gke.gkeGateway.sections" -}}
{{- $v := .Values.gkeGateway }}
{{- if include "grpc-gke.gkeGateway.createsGateway" . }}
{{- dict "https" "https" "http" (ternary "http" "" $v.gateway.httpListener) | toJson }}
{{- else }}
{{- dict "https" $v.sharedGateway.httpsSectionName "http" $v.sharedGateway.httpSectionName | toJson }}
{{- end }}
{{- end }}

{{/*
Certificates on the HTTPS listener that count against GKE's per-Gateway limit: Secrets and pre-shared (Compute
Engine) certificates. Certificate Manager certificates and maps do not.
Usage: {{ include "grpc-gke.gkeGateway.listenerCertificateCount" . | int }}
*/}}
{{- define "grpc-gke.gkeGateway.listenerCertificateCount" -}}
{{- $gw := .Values.gkeGateway.gateway }}
{{- add (len $gw.certificateRefs) (len $gw.preSharedCerts) }}
{{- end }}

{{/*
The name of the HTTPRoute that only redirects HTTP to HTTPS.
Usage: {{ include "grpc-gke.gkeGateway.redirectRouteName" . }}
*/}}
{{- define "grpc-gke.gkeGateway.redirectRouteName" -}}
{{- printf "%s-https-redirect" (include "grpc-gke.names.fullname" . | trunc 48 | trimSuffix "-") }}
{{- end }}

{{/*
googleLoadBalancer.logging.sampleRate (a fraction, 0.0-1.0) as GCPBackendPolicy wants it: an integer number of
millionths (0.25 -> 250000), never a float.
Usage: {{ include "grpc-gke.gkeGateway.logSampleRate" . }}
*/}}
{{- define "grpc-gke.gkeGateway.logSampleRate" -}}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- round (mulf (float64 .Values.googleLoadBalancer.logging.sampleRate) (float64 $facts.gkeGateway.logSampleRateScale)) 0 | int }}
{{- end }}

{{/* Google's load balancers keep idle connections to backends 600 s (grpc-gke.facts loadBalancer.backendKeepAliveSec). */}}
{{- define "grpc-gke.gkeGateway.backendIdleSeconds" -}}
{{- (include "grpc-gke.facts" . | fromJson).loadBalancer.backendKeepAliveSec | int }}
{{- end }}
