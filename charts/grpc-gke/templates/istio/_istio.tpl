{{/*
The Istio ingress gateway frontend (frontend: istio): its hooks (see _frontend.tpl) and helpers. An Istio ingress
gateway already runs in the cluster; the chart binds it to the Service with a Gateway (networking.istio.io/v1: TLS ends
there, with the Secret `istio.gateway.credentialName`), a VirtualService (hosts to the grpc port, no route timeout, no
retries) and a DestinationRule (HTTP/2, connection pool, TLS to the pod or not). Field meanings: istio/api
networking/v1alpha3/{gateway,virtual_service,destination_rule}.proto; behaviour: istio/istio pilot/pkg/networking/core.
The optional Cloud Endpoints ESP sidecar is in _esp.tpl.
*/}}

{{/* No annotation: Istio reads the Service's ports (name, appProtocol) and none of its annotations for routing. */}}
{{- define "grpc-gke.istio.serviceAnnotations" -}}
{{- dict | toJson }}
{{- end }}

{{/*
`grpc`: Istio reads a port's protocol from appProtocol when set, else from the port name, and appProtocol wins
(istio/istio pkg/config/kube/conversion.go ConvertProtocol); GRPC is an HTTP/2 protocol, so the gateway speaks HTTP/2 to
the port (pilot/pkg/networking/core/cluster_builder.go setUpstreamProtocol), over the DestinationRule's TLS or in
cleartext. GRPC rather than HTTP2: a pod's own Istio sidecar sets no inbound retry policy on gRPC ports ("the default
reset-before-request condition does not work well for gRPC streaming services", route/route.go
BuildDefaultHTTPInboundRoute).
*/}}
{{- define "grpc-gke.istio.grpcAppProtocol" -}}grpc{{- end }}

{{/*
The gateway has no draining of its own (Envoy keeps a stream on a removed endpoint until the pod ends it). What drains
is the pods' own Istio sidecar: with istio.proxy.terminationDrainDurationSeconds set, it serves that long from SIGTERM,
the start of termination, so the pod must last that long: the drain counts from after the preStop sleep in the
grace-period arithmetic (grpc-gke.pod.drainSeconds), hence the duration minus preStop. Unset, the chart derives the
duration from that arithmetic instead (grpc-gke.istio.terminationDrainSeconds), and adds nothing.
*/}}
{{- define "grpc-gke.istio.drainingSeconds" -}}
{{- $set := .Values.istio.proxy.terminationDrainDurationSeconds }}
{{- if kindIs "invalid" $set }}0{{ else }}{{ max 0 (sub (int $set) (int .Values.gracefulShutdown.preStop.seconds)) }}{{ end }}
{{- end }}

{{/*
TLS ends at the gateway; with backendTLS.mode=disabled it speaks h2c to the pod (or to ESP, which calls the app in
h2c too), and Envoy forwards the client's `:scheme: https` ("For HTTP/2, and HTTP/3, incoming :scheme headers are
trusted and propagated through upstream", https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_conn_man/headers).
*/}}
{{- define "grpc-gke.istio.cleartextBehindTls" -}}
{{- if not (include "grpc-gke.tls.enabled" .) }}true{{ end }}
{{- end }}

{{/*
The ingress gateway pods reach the grpc port from their namespace (istio.gateway.namespace, by the namespace's
`kubernetes.io/metadata.name` label, which Kubernetes sets on every namespace) with their labels
(istio.gateway.selector). With ESP the Service's grpc port lands on ESP's port (the `pod` hook's targetPorts), which is
then the port the NetworkPolicy admits them on: ESP reaches the app over the pod's loopback, which no NetworkPolicy
filters, and nothing else reaches the app's own grpc port any more.
*/}}
{{- define "grpc-gke.istio.networkPolicy" -}}
{{- $gw := .Values.istio.gateway }}
{{- $peer := dict "namespaceSelector" (dict "matchLabels" (dict "kubernetes.io/metadata.name" $gw.namespace)) "podSelector" (dict "matchLabels" $gw.selector) }}
{{- dict "supported" true "ownSources" true "grpcFrom" (list $peer) "healthFrom" list | toJson }}
{{- end }}

{{/*
What this frontend adds to the pod (the `pod` hook): the `proxy.istio.io/config` annotation with the sidecar's
terminationDrainDuration, and with ESP its native sidecar, volumes and the ports the Service lands on.
*/}}
{{- define "grpc-gke.istio.pod" -}}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $annotations := dict $facts.istio.proxyConfigAnnotation (printf "terminationDrainDuration: %ds" (include "grpc-gke.istio.terminationDrainSeconds" . | int)) }}
{{- $pod := dict "annotations" $annotations }}
{{- if include "grpc-gke.istio.esp.enabled" . }}
{{- $ports := include "grpc-gke.istio.esp.ports" . | fromJson }}
{{- $_ := set $pod "initContainers" (list (include "grpc-gke.istio.esp.container" . | fromYaml)) }}
{{- $_ = set $pod "volumes" (include "grpc-gke.istio.esp.volumes" . | fromYamlArray) }}
{{- $_ = set $pod "targetPorts" (dict "grpc" $ports.grpc "health" $ports.health) }}
{{- end }}
{{- toJson $pod }}
{{- end }}

{{/*
terminationDrainDuration of the pods' Istio sidecar, in seconds: istio.proxy.terminationDrainDurationSeconds, else the
shutdown the grace period was sized for (grpc-gke.pod.shutdownSeconds: preStop + drain). The proxy gets SIGTERM when
termination starts and drains for this long (istio/api mesh/v1alpha1/proxy.proto termination_drain_duration, default
5 s), so it outlives the app's own drain.
Usage: {{ include "grpc-gke.istio.terminationDrainSeconds" . | int }}
*/}}
{{- define "grpc-gke.istio.terminationDrainSeconds" -}}
{{- $set := .Values.istio.proxy.terminationDrainDurationSeconds }}
{{- if kindIs "invalid" $set }}{{ include "grpc-gke.pod.shutdownSeconds" . }}{{ else }}{{ int $set }}{{ end }}
{{- end }}

{{/*
"true" when the chart creates the Gateway, empty when the VirtualService binds to istio.sharedGateway.name.
Usage: {{ if include "grpc-gke.istio.createsGateway" . }}
*/}}
{{- define "grpc-gke.istio.createsGateway" -}}
{{- if not .Values.istio.sharedGateway.name }}true{{ end }}
{{- end }}

{{/*
The Gateway the VirtualService binds to, as `<namespace>/<name>` (a VirtualService's `gateways` entry: istio/api
virtual_service.proto, "<gateway namespace>/<gateway name>").
Usage: {{ include "grpc-gke.istio.gatewayRef" . }}
*/}}
{{- define "grpc-gke.istio.gatewayRef" -}}
{{- $shared := .Values.istio.sharedGateway }}
{{- if include "grpc-gke.istio.createsGateway" . }}
{{- printf "%s/%s" .Release.Namespace (include "grpc-gke.names.fullname" .) }}
{{- else }}
{{- printf "%s/%s" ($shared.namespace | default .Release.Namespace) $shared.name }}
{{- end }}
{{- end }}

{{/*
The Service's fully qualified name, the `host` of the VirtualService destination and of the DestinationRule (a short
name would be read in the namespace of the object that names it; the full one means the same everywhere).
Usage: {{ include "grpc-gke.istio.serviceHost" . }}
*/}}
{{- define "grpc-gke.istio.serviceHost" -}}
{{- printf "%s.%s.svc.%s" (include "grpc-gke.names.fullname" .) .Release.Namespace (.Values.clusterDomain | trimSuffix ".") }}
{{- end }}

{{/*
The DestinationRule's TLS mode for the grpc port: istio.destinationRule.tls.mode, or by default SIMPLE (TLS
origination) when the grpc port serves TLS and nothing (Istio's automatic mTLS, else cleartext) when it does not.
Usage: {{ include "grpc-gke.istio.tlsMode" . }}
*/}}
{{- define "grpc-gke.istio.tlsMode" -}}
{{- $mode := .Values.istio.destinationRule.tls.mode }}
{{- if $mode }}{{ $mode }}{{ else if include "grpc-gke.tls.enabled" . }}SIMPLE{{ end }}
{{- end }}

{{/*
The name of the cert-manager Certificate of the gateway's TLS Secret: the Secret's name, as cert-manager names the
Certificates it makes for a Secret. It lives in istio.gateway.namespace, where other releases may have theirs.
Usage: {{ include "grpc-gke.istio.certificateName" . }}
*/}}
{{- define "grpc-gke.istio.certificateName" -}}
{{- .Values.istio.gateway.credentialName }}
{{- end }}

{{/*
The gateway's idle upstream connections: the DestinationRule's connectionPool.http.idleTimeout, else Istio's
default of an hour; "0s" disables the timeout (-1: without limit).
*/}}
{{- define "grpc-gke.istio.backendIdleSeconds" -}}
{{- $idle := .Values.istio.destinationRule.connectionPool.http.idleTimeout }}
{{- if not $idle }}{{ (include "grpc-gke.facts" . | fromJson).istio.defaultIdleTimeoutSec | int }}
{{- else }}{{ $seconds := include "grpc-gke.tls.durationSeconds" $idle | int }}{{ if eq $seconds 0 }}-1{{ else }}{{ $seconds }}{{ end }}
{{- end }}
{{- end }}
