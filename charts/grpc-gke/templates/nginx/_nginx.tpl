{{/*
The ingress-nginx frontend (frontend: nginx): its hooks (see _frontend.tpl) and helpers. Kubernetes retired
ingress-nginx in March 2026 (no releases or security fixes after it: https://kubernetes.io/blog/2025/11/11/ingress-nginx-retirement/);
this frontend keeps the clusters that run it working. The controller reads only annotations under
`nginx.ingress.kubernetes.io/` (kubernetes/ingress-nginx internal/ingress/annotations/parser/main.go) and none of the
Service's, so it needs nothing on the Service but its ports.
*/}}

{{/* No Service annotation: ingress-nginx reads its settings from the Ingress and routes to the pod endpoints. */}}
{{- define "grpc-gke.nginx.serviceAnnotations" -}}
{{- dict | toJson }}
{{- end }}

{{/*
ingress-nginx reads the backend protocol from the Ingress's backend-protocol annotation, not from appProtocol; the
grpc port still says what the pod serves there (HTTP2 with TLS, kubernetes.io/h2c without), for meshes, the policy
rules and readers.
*/}}
{{- define "grpc-gke.nginx.grpcAppProtocol" -}}
{{- include "grpc-gke.ports.defaultGrpcAppProtocol" . }}
{{- end }}

{{/*
ingress-nginx has no connection draining of its own: it drops a terminating pod from its upstreams when the
EndpointSlice says so, which the preStop sleep covers.
*/}}
{{- define "grpc-gke.nginx.drainingSeconds" -}}0{{- end }}

{{/*
Empty: with backend protocol GRPC (cleartext) nginx sends `:scheme: http` to the pod, and `https` only over grpcs://
(nginx src/http/modules/ngx_http_grpc_module.c, ngx_http_grpc_create_request), so Kestrel's scheme check passes.
*/}}
{{- define "grpc-gke.nginx.cleartextBehindTls" -}}{{- end }}

{{/*
NetworkPolicy sources: the ingress-nginx controller pods (nginx.controller.podLabels) in their namespace
(nginx.controller.namespace, by the `kubernetes.io/metadata.name` label Kubernetes sets on every namespace), on the grpc
port and the extra ports of nginx.ingress.extraPaths: nginx proxies to the pod endpoints itself (no kube-proxy), from the
controller pod's own address. No health checker: the controller health-checks nothing, the kubelet probes. Guard
NGINX-NETWORK-POLICY refuses a policy without the namespace.
*/}}
{{- define "grpc-gke.nginx.networkPolicy" -}}
{{- $controller := .Values.nginx.controller }}
{{- $from := list }}
{{- if $controller.namespace }}
{{- $peer := dict "namespaceSelector" (dict "matchLabels" (dict "kubernetes.io/metadata.name" $controller.namespace)) }}
{{- with $controller.podLabels }}
{{- $_ := set $peer "podSelector" (dict "matchLabels" .) }}
{{- end }}
{{- $from = list $peer }}
{{- end }}
{{- dict "supported" true "ownSources" true "grpcFrom" $from "healthFrom" list | toJson }}
{{- end }}

{{/* Nothing added to the pod: the frontend runs outside it (the `pod` hook, see _frontend.tpl). */}}
{{- define "grpc-gke.nginx.pod" -}}{}{{- end }}

{{/*
The backend protocol of the gRPC Ingress: GRPCS (TLS to the pod) when the grpc port serves TLS, GRPC (cleartext
h2c, which nginx speaks to upstreams with grpc_pass grpc://) otherwise. Upper case: the controller derives
grpc_read_timeout and grpc_send_timeout from the proxy timeouts only for the exact values GRPC and GRPCS
(kubernetes/ingress-nginx rootfs/etc/nginx/template/nginx.tmpl).
Usage: {{ include "grpc-gke.nginx.backendProtocol" . }}
*/}}
{{- define "grpc-gke.nginx.backendProtocol" -}}
{{- if include "grpc-gke.tls.enabled" . }}GRPCS{{ else }}GRPC{{ end }}
{{- end }}

{{/*
An annotation key of ingress-nginx: the controller's prefix (FACTS.nginx.annotationPrefix) and the name.
Usage: {{ include "grpc-gke.nginx.annotation" (list $ "backend-protocol") }}
*/}}
{{- define "grpc-gke.nginx.annotation" -}}
{{- $facts := include "grpc-gke.facts" (index . 0) | fromJson }}
{{- printf "%s%s" $facts.nginx.annotationPrefix (index . 1) }}
{{- end }}

{{/*
The annotations both Ingresses share: the redirect to HTTPS, the stream-safe proxy timeouts and the body size.
Usage: {{ include "grpc-gke.nginx.commonAnnotations" . | fromJson }}
*/}}
{{- define "grpc-gke.nginx.commonAnnotations" -}}
{{- $ing := .Values.nginx.ingress }}
{{- $a := dict }}
{{- $_ := set $a (include "grpc-gke.nginx.annotation" (list . "ssl-redirect")) ($ing.sslRedirect | toString) }}
{{- $_ = set $a (include "grpc-gke.nginx.annotation" (list . "proxy-read-timeout")) (int $ing.proxyReadTimeoutSeconds | toString) }}
{{- $_ = set $a (include "grpc-gke.nginx.annotation" (list . "proxy-send-timeout")) (int $ing.proxySendTimeoutSeconds | toString) }}
{{- $_ = set $a (include "grpc-gke.nginx.annotation" (list . "proxy-body-size")) $ing.proxyBodySize }}
{{- toJson $a }}
{{- end }}

{{/*
Every annotation of the gRPC Ingress: the common ones, the backend protocol, cert-manager's issuer annotation
(certManager.mode=ingressShim), then nginx.ingress.annotations over them. Guards read this merged map, so an
annotation given by hand is checked like the chart's own.
Usage: {{ include "grpc-gke.nginx.grpcAnnotations" . | fromJson }}
*/}}
{{- define "grpc-gke.nginx.grpcAnnotations" -}}
{{- $a := include "grpc-gke.nginx.commonAnnotations" . | fromJson }}
{{- $_ := set $a (include "grpc-gke.nginx.annotation" (list . "backend-protocol")) (include "grpc-gke.nginx.backendProtocol" .) }}
{{- if eq .Values.nginx.certManager.mode "ingressShim" }}
{{- $a = merge $a (include "grpc-gke.nginx.shimAnnotations" . | fromJson) }}
{{- end }}
{{- toJson (mergeOverwrite $a (.Values.nginx.ingress.annotations | default dict)) }}
{{- end }}

{{/*
Every annotation of the extra-paths Ingress: the common ones (no backend protocol: HTTP/1.1, which carries
websockets too), then nginx.ingress.extraPathsAnnotations over them.
Usage: {{ include "grpc-gke.nginx.extraPathsAnnotations" . | fromJson }}
*/}}
{{- define "grpc-gke.nginx.extraPathsAnnotations" -}}
{{- $a := include "grpc-gke.nginx.commonAnnotations" . | fromJson }}
{{- toJson (mergeOverwrite $a (.Values.nginx.ingress.extraPathsAnnotations | default dict)) }}
{{- end }}

{{/*
The name of the Ingress of nginx.ingress.extraPaths.
Usage: {{ include "grpc-gke.nginx.extraPathsIngressName" . }}
*/}}
{{- define "grpc-gke.nginx.extraPathsIngressName" -}}
{{- printf "%s-http" (include "grpc-gke.names.fullname" . | trunc 58 | trimSuffix "-") }}
{{- end }}

{{/*
The issuer of the frontend certificates, as {"name", "kind", "group"}: the ACME issuer the chart creates, or
nginx.certManager.issuerRef.
Usage: {{ $issuer := include "grpc-gke.nginx.issuerRef" . | fromJson }}
*/}}
{{- define "grpc-gke.nginx.issuerRef" -}}
{{- $cm := .Values.nginx.certManager }}
{{- if $cm.issuer.create }}
{{- dict "name" (include "grpc-gke.nginx.issuerName" .) "kind" $cm.issuer.kind "group" "cert-manager.io" | toJson }}
{{- else }}
{{- dict "name" $cm.issuerRef.name "kind" $cm.issuerRef.kind "group" $cm.issuerRef.group | toJson }}
{{- end }}
{{- end }}

{{/*
The name of the ACME issuer the chart creates, after its environment (`<fullname>-letsencrypt-staging`,
`<fullname>-letsencrypt`, `<fullname>-acme`): switching environments renames the issuer the certificates name, and
cert-manager re-issues a Secret another issuer signed (internal/controller/certificates/policies/checks.go,
SecretIssuerAnnotationsMismatch), so staging certificates are replaced by production ones without deleting anything.
Usage: {{ include "grpc-gke.nginx.issuerName" . }}
*/}}
{{- define "grpc-gke.nginx.issuerName" -}}
{{- $fullname := include "grpc-gke.names.fullname" . | trunc 40 | trimSuffix "-" }}
{{- $env := .Values.nginx.certManager.issuer.acme.environment }}
{{- if eq $env "staging" }}{{ printf "%s-letsencrypt-staging" $fullname }}
{{- else if eq $env "production" }}{{ printf "%s-letsencrypt" $fullname }}
{{- else }}{{ printf "%s-acme" $fullname }}{{ end }}
{{- end }}

{{/*
The ACME directory of the issuer the chart creates: Let's Encrypt's production or staging directory, or
nginx.certManager.issuer.acme.server (cert-manager pkg/apis/acme/v1/types_issuer.go names the staging URL;
third_party/forked/acme/acme.go the production one).
Usage: {{ include "grpc-gke.nginx.acmeServer" . }}
*/}}
{{- define "grpc-gke.nginx.acmeServer" -}}
{{- $acme := .Values.nginx.certManager.issuer.acme }}
{{- if eq $acme.environment "staging" }}https://acme-staging-v02.api.letsencrypt.org/directory
{{- else if eq $acme.environment "production" }}https://acme-v02.api.letsencrypt.org/directory
{{- else }}{{ $acme.server }}{{ end }}
{{- end }}

{{/*
cert-manager's ingress-shim annotations naming the issuer (pkg/apis/certmanager/v1/types.go): `cluster-issuer` for a
ClusterIssuer, `issuer` for an Issuer, and `issuer` with `issuer-kind` and `issuer-group` for an external issuer.
Usage: {{ include "grpc-gke.nginx.shimAnnotations" . | fromJson }}
*/}}
{{- define "grpc-gke.nginx.shimAnnotations" -}}
{{- $issuer := include "grpc-gke.nginx.issuerRef" . | fromJson }}
{{- $a := dict }}
{{- if ne $issuer.group "cert-manager.io" }}
{{- $_ := set $a "cert-manager.io/issuer" $issuer.name }}
{{- $_ = set $a "cert-manager.io/issuer-kind" $issuer.kind }}
{{- $_ = set $a "cert-manager.io/issuer-group" $issuer.group }}
{{- else if eq $issuer.kind "ClusterIssuer" }}
{{- $_ := set $a "cert-manager.io/cluster-issuer" $issuer.name }}
{{- else }}
{{- $_ := set $a "cert-manager.io/issuer" $issuer.name }}
{{- end }}
{{- toJson $a }}
{{- end }}

{{/*
The extra ports by name, as {"<name>": {"name", "port", "appProtocol"}}.
Usage: {{ $ports := include "grpc-gke.nginx.extraPortsByName" . | fromJson }}
*/}}
{{- define "grpc-gke.nginx.extraPortsByName" -}}
{{- $ports := dict }}
{{- range .Values.extraPorts }}
{{- $_ := set $ports .name . }}
{{- end }}
{{- toJson $ports }}
{{- end }}

{{/*
The hosts of nginx.ingress.hosts, in order.
Usage: {{ $hosts := include "grpc-gke.nginx.hosts" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.nginx.hosts" -}}
{{- $hosts := list }}
{{- range .Values.nginx.ingress.hosts }}{{ $hosts = append $hosts .host }}{{ end }}
{{- toJson $hosts }}
{{- end }}

{{/*
"true" when a TLS host covers a host: the same name, or a wildcard `*.example.com` one label above it (how
ingress-nginx and TLS match names).
Usage: {{ if include "grpc-gke.nginx.covers" (list "*.example.com" "api.example.com") }}
*/}}
{{- define "grpc-gke.nginx.covers" -}}
{{- $tlsHost := index . 0 }}
{{- $host := index . 1 }}
{{- if eq $tlsHost $host }}true
{{- else if and (hasPrefix "*." $tlsHost) (not (hasPrefix "*." $host)) (eq (trimPrefix "*." $tlsHost) (regexReplaceAll "^[^.]+\\." $host "")) }}true
{{- end }}
{{- end }}

{{/*
The extra paths, resolved: each path with its pathType, port (name and number) and hosts (default: every host of
nginx.ingress.hosts), as a JSON list.
Usage: {{ range include "grpc-gke.nginx.extraPaths" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.nginx.extraPaths" -}}
{{- $hosts := include "grpc-gke.nginx.hosts" . | fromJsonArray }}
{{- $out := list }}
{{- range .Values.nginx.ingress.extraPaths }}
{{- $out = append $out (dict "path" .path "pathType" (.pathType | default "Prefix") "port" .port "hosts" (.hosts | default $hosts)) }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/* ingress-nginx keeps idle upstream connections for its ConfigMap's upstream-keepalive-timeout (grpc-gke.facts nginx). */}}
{{- define "grpc-gke.nginx.backendIdleSeconds" -}}
{{- (include "grpc-gke.facts" . | fromJson).nginx.upstreamKeepaliveTimeoutSec | int }}
{{- end }}
