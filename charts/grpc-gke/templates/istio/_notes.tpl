{{/*
NOTES.txt steps of the Istio frontend (the hook grpc-gke.istio.notes): the gateway's address and DNS, the TLS Secret
(in the gateway pods' namespace), a call, the ESP service config with ESP, and long streams.
*/}}
{{- define "grpc-gke.istio.notes" -}}
{{- $steps := list (include "grpc-gke.istio.notes.address" .) (include "grpc-gke.istio.notes.credential" .) }}
{{- if include "grpc-gke.istio.esp.enabled" . }}
{{- $steps = append $steps (include "grpc-gke.istio.notes.esp" .) }}
{{- end }}
{{- $steps = append $steps (include "grpc-gke.istio.notes.call" .) }}
{{- $steps = append $steps (include "grpc-gke.istio.notes.streams" .) }}
{{- toJson $steps }}
{{- end }}

{{- define "grpc-gke.istio.notes.address" -}}
{{- $gw := .Values.istio.gateway -}}
Point DNS at the Istio ingress gateway: the external IP of its Service (Istio's default one is
   istio-ingressgateway, in namespace {{ $gw.namespace }}; the pods are those labelled {{ include "grpc-gke.istio.labelList" $gw.selector }}):

   kubectl -n {{ $gw.namespace }} get svc istio-ingressgateway
   kubectl -n {{ $gw.namespace }} get svc -l {{ include "grpc-gke.istio.labelList" $gw.selector }}

   An A record per host:
{{- range .Values.istio.hosts }}
   {{ . }}.  A  <EXTERNAL-IP>
{{- end }}
{{- if not (include "grpc-gke.istio.createsGateway" .) }}

   The VirtualService binds to the shared Gateway {{ include "grpc-gke.istio.gatewayRef" . }}: its HTTPS server must list these
   hosts (or *) and its owner provides the certificate:

   kubectl -n {{ .Values.istio.sharedGateway.namespace | default .Release.Namespace }} get gateway.networking.istio.io {{ .Values.istio.sharedGateway.name }} -o yaml
{{- end }}
{{- end }}

{{- define "grpc-gke.istio.notes.credential" -}}
{{- $gw := .Values.istio.gateway }}
{{- if include "grpc-gke.istio.createsGateway" . -}}
The TLS certificate: Istio reads the Secret {{ $gw.credentialName }} (tls.crt, tls.key) from the gateway pods' namespace,
   {{ $gw.namespace }}, not from {{ .Release.Namespace }}.
{{- if .Values.istio.certManager.enabled }} cert-manager writes it from {{ .Values.istio.certManager.issuerRef.kind }} {{ .Values.istio.certManager.issuerRef.name }}:

   kubectl -n {{ $gw.namespace }} get certificate {{ include "grpc-gke.istio.certificateName" . }}
   kubectl -n {{ $gw.namespace }} describe certificate {{ include "grpc-gke.istio.certificateName" . }}
{{- else }} Create it there:

   kubectl -n {{ $gw.namespace }} create secret tls {{ $gw.credentialName }} --cert=<{{ first .Values.istio.hosts }}.crt> --key=<{{ first .Values.istio.hosts }}.key>
{{- end }}
{{- else -}}
The TLS certificate is the shared Gateway's: its owner keeps the Secret in the gateway pods' namespace ({{ $gw.namespace }}).
{{- end }}
{{- end }}

{{- define "grpc-gke.istio.notes.esp" -}}
{{- $esp := .Values.istio.esp -}}
Cloud Endpoints: ESP{{ if eq (int $esp.version) 2 }}v2{{ else }} v1{{ end }} serves {{ $esp.service }} and refuses every call its service config does not
   list. Deploy the config (your API descriptor and gRPC API config) before the pods start:

   protoc --include_imports --include_source_info --descriptor_set_out api_descriptor.pb <your .proto files>
   gcloud endpoints services deploy api_descriptor.pb api_config.yaml
   gcloud services enable servicecontrol.googleapis.com

   ESP reports to Service Control with the pod's credentials: with Workload Identity, bind the pods' ServiceAccount
   ({{ include "grpc-gke.names.serviceAccount" . }}) to a Google service account with roles/servicemanagement.serviceController.
{{- if .Values.tests.enabled }}
   helm test and grpcurl's Health/Check go through ESP: list grpc.health.v1.Health in the config (apis, and
   usage rules with allow_unregistered_calls if it needs no API key), or they fail with "Method does not exist".
{{- end }}
{{- end }}

{{- define "grpc-gke.istio.notes.call" -}}
{{- $host := first .Values.istio.hosts | default "HOST" }}
{{- $mode := include "grpc-gke.istio.tlsMode" . }}
{{- $esp := include "grpc-gke.istio.esp.enabled" . -}}
Call the service (grpcurl needs server reflection, or -proto/-import-path):

   grpcurl {{ $host }}:{{ int .Values.istio.gateway.httpsPort }} list
   grpcurl {{ $host }}:{{ int .Values.istio.gateway.httpsPort }} grpc.health.v1.Health/Check

   The gateway ends TLS and speaks HTTP/2 (appProtocol grpc) to {{ if $esp }}ESP on port {{ int .Values.istio.esp.port }}, which calls the app on 127.0.0.1:{{ int .Values.ports.grpc }}{{ else }}port {{ int .Values.ports.grpc }}{{ end }},
   {{ if eq $mode "SIMPLE" }}over TLS it originates (DestinationRule tls SIMPLE){{ else if eq $mode "ISTIO_MUTUAL" }}over Istio's mTLS to the pods' sidecars{{ else }}in cleartext (h2c), or Istio's mTLS to pods with a sidecar{{ end }}. A 503 "upstream connect error" means the pod does
   not serve that there: istioctl proxy-config cluster -n {{ .Values.istio.gateway.namespace }} deploy/istio-ingressgateway | grep {{ include "grpc-gke.names.fullname" . }}
{{- end }}

{{- define "grpc-gke.istio.notes.streams" -}}
{{- $timeout := int .Values.istio.virtualService.timeoutSeconds }}
{{- $esp := .Values.istio.esp -}}
Long streams: {{ if eq $timeout 0 }}the route has no timeout (timeout: 0s), so a stream lasts until a side ends it{{ else }}the route ends every stream after {{ $timeout }} s (istio.virtualService.timeoutSeconds); clients must reconnect{{ end }}.
   The pods' Istio sidecar, if the mesh injects one, drains for {{ include "grpc-gke.istio.terminationDrainSeconds" . }} s on shutdown (proxy.istio.io/config).
{{- if include "grpc-gke.istio.esp.enabled" . }}
{{- if eq (int $esp.version) 1 }}
   ESP v1 closes a client or bidi stream whose client sends nothing for {{ int $esp.clientBodyTimeoutSeconds }} s (--client_body_timeout).
{{- else }}
   ESPv2 closes a stream with no message either way for 5 minutes, unless the service config gives the method a
   backend deadline (backend.rules[].deadline), which becomes its idle timeout.
{{- end }}
{{- end }}
{{- end }}

{{/*
A label map as `key=value,key=value` (sorted), for kubectl -l.
Usage: {{ include "grpc-gke.istio.labelList" .Values.istio.gateway.selector }}
*/}}
{{- define "grpc-gke.istio.labelList" -}}
{{- $pairs := list }}
{{- range $key := keys . | sortAlpha }}{{ $pairs = append $pairs (printf "%s=%s" $key (get $ $key)) }}{{ end }}
{{- join "," $pairs }}
{{- end }}
