{{/*
The GKE Ingress frontend (frontend: gkeIngress): its hooks (see _frontend.tpl) and facts.
*/}}

{{/*
Service annotations ingress-gce reads, all on the Service (it ignores them on the Ingress):
- cloud.google.com/neg: container-native load balancing, so a ClusterIP Service works and the load balancer
  reaches pod IPs directly (kubernetes/ingress-gce pkg/negannotation);
- cloud.google.com/app-protocols: backend protocol by Service port name. HTTP2 there means HTTP/2 over TLS to
  the pod; Ingress has no cleartext (h2c) value, so the grpc entry is left out without backend TLS (the Ingress
  is refused then) (kubernetes/ingress-gce pkg/annotations/service.go);
- cloud.google.com/backend-config: the BackendConfig, bound to the grpc port only.
Usage: {{ include "grpc-gke.gkeIngress.serviceAnnotations" . | fromJson }}
*/}}
{{- define "grpc-gke.gkeIngress.serviceAnnotations" -}}
{{- $grpcName := include "grpc-gke.ports.grpcName" . }}
{{- $protocols := dict (include "grpc-gke.ports.healthName" .) "HTTP" }}
{{- if include "grpc-gke.tls.enabled" . }}
{{- $_ := set $protocols $grpcName "HTTP2" }}
{{- end }}
{{- $annotations := dict
  "cloud.google.com/neg" (dict "ingress" true | toJson)
  "cloud.google.com/app-protocols" ($protocols | toJson)
}}
{{- if .Values.gkeIngress.backendConfig.enabled }}
{{- $_ := set $annotations "cloud.google.com/backend-config" (dict "ports" (dict $grpcName (include "grpc-gke.names.fullname" .)) | toJson) }}
{{- end }}
{{- toJson $annotations }}
{{- end }}

{{/*
GKE Ingress reads app-protocols, not appProtocol; the port still says what it serves (HTTP2 = HTTP/2 over TLS,
as GKE Gateway and meshes read it).
*/}}
{{- define "grpc-gke.gkeIngress.grpcAppProtocol" -}}
{{- include "grpc-gke.ports.defaultGrpcAppProtocol" . }}
{{- end }}

{{/* The BackendConfig's connection draining, when the chart renders one. */}}
{{- define "grpc-gke.gkeIngress.drainingSeconds" -}}
{{- if .Values.gkeIngress.backendConfig.enabled }}{{ int .Values.googleLoadBalancer.connectionDraining.drainingTimeoutSec }}{{ else }}0{{ end }}
{{- end }}

{{/* GKE Ingress reaches the pods only over TLS (a cleartext grpc port is refused with the Ingress). */}}
{{- define "grpc-gke.gkeIngress.cleartextBehindTls" -}}{{- end }}

{{/*
Certificates attached to the Ingress: the chart's ManagedCertificate, pre-shared certificates and TLS Secrets.
Usage: {{ include "grpc-gke.gkeIngress.certificateCount" . | int }}
*/}}
{{- define "grpc-gke.gkeIngress.certificateCount" -}}
{{- $ing := .Values.gkeIngress.ingress }}
{{- $n := add (len $ing.preSharedCerts) (len $ing.tls) }}
{{- if .Values.gkeIngress.managedCertificate.domains }}{{ $n = add1 $n }}{{ end }}
{{- $n }}
{{- end }}

{{/*
NetworkPolicy sources: the load balancer of gkeIngress.ingress.class (FACTS.gkeIngress.classes), its proxies (Google's
ranges for `gce`, the proxy-only subnet for `gce-internal` and `gce-regional-external`: networkPolicy.proxyOnlySubnets,
guard GKE-INGRESS-NETWORK-POLICY) on the grpc port and its health checkers on the health port, where the BackendConfig's
health check goes (grpc-gke.networkPolicy.googleLoadBalancer).
*/}}
{{- define "grpc-gke.gkeIngress.networkPolicy" -}}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $class := get $facts.gkeIngress.classes .Values.gkeIngress.ingress.class | default dict }}
{{- include "grpc-gke.networkPolicy.googleLoadBalancer" (dict "root" . "class" (printf "gkeIngress.ingress.class=%s" .Values.gkeIngress.ingress.class) "global" ($class.global | default false) "healthCheckOnGrpcPort" false) }}
{{- end }}

{{/* Nothing added to the pod: the frontend runs outside it (the `pod` hook, see _frontend.tpl). */}}
{{- define "grpc-gke.gkeIngress.pod" -}}{}{{- end }}

{{/* Google's load balancers keep idle connections to backends 600 s (grpc-gke.facts loadBalancer.backendKeepAliveSec). */}}
{{- define "grpc-gke.gkeIngress.backendIdleSeconds" -}}
{{- (include "grpc-gke.facts" . | fromJson).loadBalancer.backendKeepAliveSec | int }}
{{- end }}
