{{/*
Ports. The numbers are defined once in values (ports.grpc, ports.health); the names here are the single
definition used by container ports, probes, Service ports and targetPorts, and whatever a frontend keys by
port name (GKE's app-protocols and backend-config annotations, Ingress and route backends).
*/}}

{{/*
Usage: {{ include "grpc-gke.ports.grpcName" . }}, {{ include "grpc-gke.ports.healthName" . }}
*/}}
{{- define "grpc-gke.ports.grpcName" -}}grpc{{- end }}
{{- define "grpc-gke.ports.healthName" -}}health{{- end }}

{{/*
The metrics port (ports.metrics, when set): the container and Service port the monitors scrape by name
(templates/podmonitoring.yaml, templates/servicemonitor.yaml).
Usage: {{ include "grpc-gke.ports.metricsName" . }}
*/}}
{{- define "grpc-gke.ports.metricsName" -}}metrics{{- end }}

{{/*
`appProtocol` of the grpc Service port: the frontend's choice (grpc-gke.<frontend>.grpcAppProtocol), else the
neutral one below.
Usage: {{ include "grpc-gke.ports.grpcAppProtocol" . }}
*/}}
{{- define "grpc-gke.ports.grpcAppProtocol" -}}
{{- include (printf "grpc-gke.%s.grpcAppProtocol" .Values.frontend) . }}
{{- end }}

{{/*
The neutral appProtocol of the grpc port: `HTTP2` (HTTP/2 over TLS, what GKE's load balancers call it) with
backend TLS, `kubernetes.io/h2c` (the Kubernetes-defined cleartext HTTP/2 value, KEP-3726) without.
Usage: {{ include "grpc-gke.ports.defaultGrpcAppProtocol" . }}
*/}}
{{- define "grpc-gke.ports.defaultGrpcAppProtocol" -}}
{{- if include "grpc-gke.tls.enabled" . }}HTTP2{{ else }}kubernetes.io/h2c{{ end }}
{{- end }}
