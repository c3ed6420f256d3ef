{{/*
NOTES.txt steps of the GKE Ingress frontend (the hook grpc-gke.gkeIngress.notes): static IP, DNS, certificate,
a call. Without the Ingress: how to reach the server, and what enabling it takes.
*/}}
{{- define "grpc-gke.gkeIngress.notes" -}}
{{- $steps := list }}
{{- if .Values.gkeIngress.ingress.enabled }}
{{- $steps = append $steps (include "grpc-gke.gkeIngress.notes.staticIP" .) }}
{{- $steps = append $steps (include "grpc-gke.gkeIngress.notes.dns" .) }}
{{- if .Values.gkeIngress.managedCertificate.domains }}
{{- $steps = append $steps (include "grpc-gke.gkeIngress.notes.managedCertificate" .) }}
{{- end }}
{{- $steps = append $steps (include "grpc-gke.gkeIngress.notes.call" .) }}
{{- else }}
{{- $steps = append $steps (include "grpc-gke.gkeIngress.notes.noIngress" .) }}
{{- end }}
{{- toJson $steps }}
{{- end }}

{{- define "grpc-gke.gkeIngress.notes.staticIP" -}}
{{- $ing := .Values.gkeIngress.ingress }}
{{- $ns := .Release.Namespace }}
{{- $reserved := or $ing.globalStaticIPName $ing.regionalStaticIPName }}
{{- $ipName := "NAME" }}
{{- if eq $ing.class "gce" }}{{ $ipName = $ing.globalStaticIPName | default "NAME" }}{{ else }}{{ $ipName = $ing.regionalStaticIPName | default "NAME" }}{{ end -}}
Static IP. {{ if $reserved }}The Ingress uses the reserved address "{{ $ipName }}"; reserve it if you have not:{{ else }}The Ingress gets an ephemeral IP. Reserve one so DNS survives a re-creation:{{ end }}
{{- if eq $ing.class "gce" }}
   gcloud compute addresses create {{ $ipName }} --global
   gcloud compute addresses describe {{ $ipName }} --global --format='value(address)'
{{- else }}
   gcloud compute addresses create {{ $ipName }} --region REGION{{ if eq $ing.class "gce-internal" }} --subnet SUBNET --purpose SHARED_LOADBALANCER_VIP{{ end }}
   gcloud compute addresses describe {{ $ipName }} --region REGION --format='value(address)'
{{- end }}
{{- if not $reserved }}
   helm upgrade {{ .Release.Name }} ... --set gkeIngress.ingress.{{ if eq $ing.class "gce" }}global{{ else }}regional{{ end }}StaticIPName={{ $ipName }}
{{- end }}

   The load balancer takes a few minutes to get its address:

   kubectl -n {{ $ns }} get ingress {{ include "grpc-gke.names.fullname" . }} -w
{{- end }}

{{- define "grpc-gke.gkeIngress.notes.dns" -}}
{{- $ing := .Values.gkeIngress.ingress }}
{{- $domains := .Values.gkeIngress.managedCertificate.domains -}}
DNS: an A record per host, pointing at that IP:
{{- range $domains }}
   {{ . }}.  A  <IP>
{{- end }}
{{- range $ing.hosts }}
{{- if not (has .host $domains) }}
   {{ .host }}.  A  <IP>
{{- end }}
{{- end }}
{{- if not (or $domains $ing.hosts) }}
   <your host>.  A  <IP>
{{- end }}
{{- end }}

{{- define "grpc-gke.gkeIngress.notes.managedCertificate" -}}
{{- $fullname := include "grpc-gke.names.fullname" . }}
{{- $ns := .Release.Namespace -}}
Google-managed certificate: it provisions only once DNS points at the load balancer, usually
   30-60 minutes later. Status goes Provisioning -> Active (FailedNotVisible: DNS not there yet):

   kubectl -n {{ $ns }} get managedcertificate {{ $fullname }}
   kubectl -n {{ $ns }} describe managedcertificate {{ $fullname }}
{{- end }}

{{- define "grpc-gke.gkeIngress.notes.call" -}}
{{- $ing := .Values.gkeIngress.ingress }}
{{- $domains := .Values.gkeIngress.managedCertificate.domains }}
{{- $host := "HOST" }}
{{- if $domains }}{{ $host = first $domains }}{{ else if $ing.hosts }}{{ $host = (first $ing.hosts).host }}{{ end -}}
Call the service (grpcurl needs server reflection, or -proto/-import-path):

   grpcurl {{ $host }}:443 list
   grpcurl {{ $host }}:443 grpc.health.v1.Health/Check

   A 502 with failed_to_connect_to_backend in the load balancer logs means it could not open
   TLS + HTTP/2 to the pod: the server must serve TLS on port {{ .Values.ports.grpc }}.
   Streams end after googleLoadBalancer.timeoutSec={{ .Values.googleLoadBalancer.timeoutSec }} s; clients must reconnect.
{{- end }}

{{- define "grpc-gke.gkeIngress.notes.noIngress" -}}
{{- $fullname := include "grpc-gke.names.fullname" . }}
{{- $tls := include "grpc-gke.tls.enabled" . }}
{{- $port := int .Values.ports.grpc -}}
No Ingress (gkeIngress.ingress.enabled=false). Reach the server from your machine:

   kubectl -n {{ .Release.Namespace }} port-forward svc/{{ $fullname }} {{ $port }}:{{ $port }}
   grpcurl {{ if $tls }}-insecure{{ else }}-plaintext{{ end }} localhost:{{ $port }} grpc.health.v1.Health/Check
{{- if $tls }}

   To publish it through Google's load balancer set gkeIngress.ingress.enabled=true,
   gkeIngress.managedCertificate.domains and gkeIngress.ingress.globalStaticIPName.
{{- else }}

   The grpc port serves cleartext h2c (backendTLS.mode=disabled), which GKE Ingress cannot reach: it
   speaks HTTP/2 to backends only over TLS. To publish it through Google's load balancer, set
   backendTLS.mode=selfSigned first, then gkeIngress.ingress.enabled=true with a certificate.
{{- end }}
{{- end }}
