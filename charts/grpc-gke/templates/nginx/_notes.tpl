{{/*
NOTES.txt steps of the ingress-nginx frontend (the hook grpc-gke.nginx.notes): the controller's address and DNS, the
frontend certificates, a call, long streams, and the controller's retirement.
*/}}
{{- define "grpc-gke.nginx.notes" -}}
{{- $steps := list (include "grpc-gke.nginx.notes.address" .) (include "grpc-gke.nginx.notes.certificates" .) (include "grpc-gke.nginx.notes.call" .) (include "grpc-gke.nginx.notes.streams" .) (include "grpc-gke.nginx.notes.retired" .) }}
{{- toJson $steps }}
{{- end }}

{{- define "grpc-gke.nginx.notes.address" -}}
{{- $ing := .Values.nginx.ingress -}}
Point DNS at the ingress-nginx controller (class {{ $ing.className }}). Its external IP shows on the Ingress once the
   controller has picked it up (or on the controller's LoadBalancer Service):

   kubectl -n {{ .Release.Namespace }} get ingress {{ include "grpc-gke.names.fullname" . }} -o jsonpath='{.status.loadBalancer.ingress[0].ip}'
   kubectl get service -A -l app.kubernetes.io/name=ingress-nginx

   An A record per host:
{{- range $ing.hosts }}
   {{ .host }}.  A  <IP>
{{- end }}
{{- end }}

{{- define "grpc-gke.nginx.notes.certificates" -}}
{{- $cm := .Values.nginx.certManager }}
{{- $ns := .Release.Namespace }}
{{- $secrets := list }}
{{- range .Values.nginx.ingress.tls }}{{ $secrets = append $secrets .secretName }}{{ end }}
{{- if eq $cm.mode "none" -}}
Frontend certificates (nginx.certManager.mode=none): create each TLS Secret yourself, in namespace {{ $ns }}:
{{ range .Values.nginx.ingress.tls }}
   kubectl -n {{ $ns }} create secret tls {{ .secretName }} --cert=<{{ first .hosts }}.crt> --key=<{{ first .hosts }}.key>
{{- end }}
{{- else }}
{{- $issuer := include "grpc-gke.nginx.issuerRef" . | fromJson -}}
Frontend certificates: cert-manager fills the TLS Secrets from {{ $issuer.kind }} {{ $issuer.name }}{{ if eq $cm.mode "ingressShim" }}
   (ingress-shim: one Certificate per Secret, named after it){{ end }}. They are Ready once DNS points at the
   controller{{ if and $cm.issuer.create (eq $cm.issuer.acme.solver.type "http01") }} and the CA could fetch its http01 token through it{{ end }}:

   kubectl -n {{ $ns }} get certificate {{ join " " $secrets }}
   kubectl -n {{ $ns }} describe certificate {{ first $secrets }}
   kubectl -n {{ $ns }} get challenges
{{- if $cm.issuer.create }}
{{- $acme := $cm.issuer.acme }}
   kubectl {{ if eq $cm.issuer.kind "Issuer" }}-n {{ $ns }} get issuer{{ else }}get clusterissuer{{ end }} {{ $issuer.name }}
{{- if eq $acme.environment "staging" }}

   These are Let's Encrypt STAGING certificates: clients do not trust them (grpcurl needs -insecure). Once they
   are Ready, switch to production; the issuer is renamed, so cert-manager re-issues every certificate:

   helm upgrade {{ .Release.Name }} ... --set nginx.certManager.issuer.acme.environment=production
{{- else if eq $acme.environment "production" }}

   Let's Encrypt production has strict rate limits on failed validations: try new hosts with
   nginx.certManager.issuer.acme.environment=staging first.
{{- end }}
{{- if and (eq $acme.solver.type "dns01") (not $acme.solver.cloudDNS.serviceAccountSecretRef.name) }}

   Cloud DNS through Workload Identity: bind cert-manager's own Kubernetes service account to a Google service
   account with roles/dns.admin.{{ if eq $cm.issuer.kind "Issuer" }} A namespaced Issuer uses those ambient credentials only when
   cert-manager runs with --issuer-ambient-credentials (off by default; a ClusterIssuer needs no flag).{{ end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{- define "grpc-gke.nginx.notes.call" -}}
{{- $ing := .Values.nginx.ingress }}
{{- $host := (first $ing.hosts).host }}
{{- $staging := and (ne .Values.nginx.certManager.mode "none") .Values.nginx.certManager.issuer.create (eq .Values.nginx.certManager.issuer.acme.environment "staging") -}}
Call the service (grpcurl needs server reflection, or -proto/-import-path):

   grpcurl {{ if $staging }}-insecure {{ end }}{{ $host }}:443 list
   grpcurl {{ if $staging }}-insecure {{ end }}{{ $host }}:443 grpc.health.v1.Health/Check

   ingress-nginx speaks {{ include "grpc-gke.nginx.backendProtocol" . }} ({{ if include "grpc-gke.tls.enabled" . }}HTTP/2 over TLS{{ else }}cleartext HTTP/2{{ end }}) to port {{ .Values.ports.grpc }}; a 502 means the pod does not serve that there.
{{- range include "grpc-gke.nginx.extraPaths" . | fromJsonArray }}
   curl https://{{ first .hosts }}{{ .path }}   # extra port {{ .port }} (HTTP/1.1, websockets)
{{- end }}
{{- end }}

{{- define "grpc-gke.nginx.notes.streams" -}}
{{- $ing := .Values.nginx.ingress -}}
Long streams: a gRPC stream or websocket is closed after {{ $ing.proxyReadTimeoutSeconds }} s without a message from the pod
   (proxy-read-timeout) or {{ $ing.proxySendTimeoutSeconds }} s without one to it (proxy-send-timeout). Client-streaming and bidi calls
   also stop at the controller's client-body-timeout (60 s between two client messages), which only its
   ConfigMap sets (no annotation, kubernetes/ingress-nginx#12434); with the controller's chart:

   helm upgrade ingress-nginx ingress-nginx/ingress-nginx --reuse-values \
     --set-string controller.config.client-body-timeout={{ $ing.proxySendTimeoutSeconds }}
{{- end }}

{{- define "grpc-gke.nginx.notes.retired" -}}
ingress-nginx was retired in March 2026: no more releases or security fixes. It keeps working, but plan
   the move to the GKE Gateway frontend (frontend=gkeGateway, examples/gateway.values.yaml), which also speaks
   cleartext HTTP/2 to the pods and needs no controller in the cluster.
{{- end }}
