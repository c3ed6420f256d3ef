{{/*
NOTES.txt steps of the GKE Gateway frontend (the hook grpc-gke.gkeGateway.notes): the address and proxy-only subnet
(or the shared Gateway), waiting for Programmed, DNS, a call.
*/}}
{{- define "grpc-gke.gkeGateway.notes" -}}
{{- $steps := list }}
{{- if include "grpc-gke.gkeGateway.createsGateway" . }}
{{- $steps = append $steps (include "grpc-gke.gkeGateway.notes.address" .) }}
{{- else }}
{{- $steps = append $steps (include "grpc-gke.gkeGateway.notes.shared" .) }}
{{- end }}
{{- $steps = append $steps (include "grpc-gke.gkeGateway.notes.programmed" .) }}
{{- $steps = append $steps (include "grpc-gke.gkeGateway.notes.dns" .) }}
{{- $steps = append $steps (include "grpc-gke.gkeGateway.notes.call" .) }}
{{- toJson $steps }}
{{- end }}

{{- define "grpc-gke.gkeGateway.notes.address" -}}
{{- $gw := .Values.gkeGateway.gateway }}
{{- $class := include "grpc-gke.gkeGateway.class" . | fromJson }}
{{- $name := $gw.addressName | default "NAME" -}}
Address. {{ if $gw.addressName }}The Gateway (class {{ $gw.className }}) uses the reserved address "{{ $name }}"; reserve it if you have not:{{ else }}The Gateway (class {{ $gw.className }}) gets an ephemeral address. Reserve one so DNS survives a re-created load balancer:{{ end }}
{{- if $class.global }}
   gcloud compute addresses create {{ $name }} --global
   gcloud compute addresses describe {{ $name }} --global --format='value(address)'
{{- else }}
   gcloud compute addresses create {{ $name }} --region REGION{{ if $class.internal }} --subnet SUBNET{{ if $gw.httpListener }} --purpose SHARED_LOADBALANCER_VIP{{ end }}{{ end }}
   gcloud compute addresses describe {{ $name }} --region REGION --format='value(address)'
{{- end }}
{{- if not $gw.addressName }}
   helm upgrade {{ .Release.Name }} ... --set gkeGateway.gateway.addressName={{ $name }}
{{- end }}
{{- if not $class.global }}

   A regional{{ if $class.internal }} internal{{ end }} Gateway needs a proxy-only subnet in the cluster's region and VPC (one per region):

   gcloud compute networks subnets create proxy-only --purpose REGIONAL_MANAGED_PROXY --role ACTIVE \
     --region REGION --network VPC --range 10.129.0.0/23
{{- end }}
{{- end }}

{{- define "grpc-gke.gkeGateway.notes.shared" -}}
{{- $shared := .Values.gkeGateway.sharedGateway }}
{{- $ns := $shared.namespace | default .Release.Namespace -}}
Shared Gateway. The route attaches to listener "{{ $shared.httpsSectionName }}" of Gateway {{ $ns }}/{{ $shared.name }}, which
   its owner runs. That listener's allowedRoutes must admit namespace "{{ .Release.Namespace }}" (namespaces.from: All, or a
   Selector matching it), or the route is never accepted:

   kubectl -n {{ $ns }} get gateway {{ $shared.name }} -o yaml
{{- end }}

{{- define "grpc-gke.gkeGateway.notes.programmed" -}}
{{- $parent := include "grpc-gke.gkeGateway.parent" . | fromJson }}
{{- $gwNs := $parent.namespace | default .Release.Namespace }}
{{- $fullname := include "grpc-gke.names.fullname" . -}}
Wait for the load balancer: the Gateway is Programmed once GKE has built it (a few minutes), and the
   route is Accepted with ResolvedRefs once it points at the Service:

   kubectl -n {{ $gwNs }} wait gateway/{{ $parent.name }} --for=condition=Programmed --timeout=15m
   kubectl -n {{ $gwNs }} get gateway {{ $parent.name }} -o jsonpath='{.status.addresses[0].value}'
   kubectl -n {{ .Release.Namespace }} describe httproute {{ $fullname }}
{{- end }}

{{- define "grpc-gke.gkeGateway.notes.dns" -}}
{{- $hostnames := .Values.gkeGateway.route.hostnames -}}
DNS: an A record per host, pointing at that address:
{{- range $hostnames }}
   {{ . }}.  A  <IP>
{{- else }}
   <your host>.  A  <IP>
{{- end }}
{{- with .Values.gkeGateway.gateway.certificateMap }}

   The certificate map "{{ . }}" needs an entry for each host (gcloud certificate-manager maps entries create).
{{- end }}
{{- end }}

{{- define "grpc-gke.gkeGateway.notes.call" -}}
{{- $hostnames := .Values.gkeGateway.route.hostnames }}
{{- $host := "HOST" }}
{{- with $hostnames }}{{ $host = first . }}{{ end }}
{{- $tls := include "grpc-gke.tls.enabled" . -}}
Call the service (grpcurl needs server reflection, or -proto/-import-path):

   grpcurl {{ $host }}:443 list
   grpcurl {{ $host }}:443 grpc.health.v1.Health/Check

   The load balancer speaks {{ if $tls }}HTTP/2 over TLS (appProtocol HTTP2){{ else }}cleartext HTTP/2 (appProtocol kubernetes.io/h2c){{ end }} to port {{ .Values.ports.grpc }};
   "upstream connect error ... protocol error" means it is not what the pod serves there.
   Streams end after googleLoadBalancer.timeoutSec={{ .Values.googleLoadBalancer.timeoutSec }} s (GCPBackendPolicy); clients must reconnect.
{{- end }}
