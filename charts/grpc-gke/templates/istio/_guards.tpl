{{/*
Guards of the Istio frontend (frontend: istio) and its ESP sidecar. See _guards.tpl for how guards work.
*/}}

{{/* The hook: this frontend's guards (it renders no googleLoadBalancer values). */}}
{{- define "grpc-gke.istio.guards" -}}
{{- list "ISTIO-HOSTS" "ISTIO-GATEWAY-CERTIFICATE" "ISTIO-SHARED-GATEWAY" "ISTIO-READINESS" "ISTIO-BACKEND-TLS" "ISTIO-ROUTE-TIMEOUT" "ISTIO-PROXY-DRAIN" "ISTIO-ESP-SERVICE" "ISTIO-ESP-BACKEND-TLS" "ISTIO-ESP-PORTS" "ISTIO-ESP-ARGS" "ISTIO-ESP-HEALTH-PATH" "ISTIO-ESP-CLIENT-BODY-TIMEOUT" "ISTIO-ESP-CLIENT-SIDE-BALANCING" | toJson }}
{{- end }}

{{/*
Guard ISTIO-HOSTS: no host for the Gateway and the VirtualService (gRPC clients reach the gateway over TLS, by host
name).
*/}}
{{- define "grpc-gke.guard.ISTIO-HOSTS" -}}
{{- $m := list }}
{{- $istio := .Values.istio }}
{{- if not $istio.hosts }}
{{- $m = append $m "istio.hosts is empty with frontend=istio: the VirtualService needs at least one host (istio/api virtual_service.proto: hosts is required), the gateway picks a server by the TLS name (SNI) clients ask for, and the certificate must cover that name. Fix: set istio.hosts, e.g. [api.example.com], and a certificate for it (istio.gateway.credentialName)." }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard ISTIO-GATEWAY-CERTIFICATE: a Gateway the chart creates with no TLS Secret (no HTTPS, so no HTTP/2 for
clients), or a Certificate without an issuer.
*/}}
{{- define "grpc-gke.guard.ISTIO-GATEWAY-CERTIFICATE" -}}
{{- $m := list }}
{{- $istio := .Values.istio }}
{{- if include "grpc-gke.istio.createsGateway" . }}
{{- if not $istio.gateway.credentialName }}
{{- $m = append $m (printf "istio.gateway.credentialName is empty with frontend=istio and no istio.sharedGateway.name: the chart's Gateway would have an HTTPS server (tls.mode SIMPLE) with no certificate, which Istio refuses to serve, and gRPC clients speak HTTP/2 to the gateway only over TLS. Fix: set istio.gateway.credentialName to a kubernetes.io/tls Secret in namespace %s (Istio reads it from the gateway pods' namespace), or let cert-manager write it (istio.certManager.enabled=true with an issuer)." $istio.gateway.namespace) }}
{{- end }}
{{- if and $istio.certManager.enabled (not $istio.certManager.issuerRef.name) }}
{{- $m = append $m (printf "istio.certManager.enabled=true without istio.certManager.issuerRef.name: cert-manager's webhook refuses a Certificate without an issuer, so the Secret %s would never be written and the gateway would serve no certificate. Fix: name a ClusterIssuer (any namespace) or an Issuer in namespace %s in istio.certManager.issuerRef.name." ($istio.gateway.credentialName | default "(istio.gateway.credentialName)") $istio.gateway.namespace) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard ISTIO-SHARED-GATEWAY: a shared Gateway together with values that only configure a Gateway the chart creates.
*/}}
{{- define "grpc-gke.guard.ISTIO-SHARED-GATEWAY" -}}
{{- $m := list }}
{{- $istio := .Values.istio }}
{{- if not (include "grpc-gke.istio.createsGateway" .) }}
{{- $set := list }}
{{- if $istio.gateway.credentialName }}{{ $set = append $set (printf "istio.gateway.credentialName=%s" $istio.gateway.credentialName) }}{{ end }}
{{- if $istio.gateway.httpsRedirect.enabled }}{{ $set = append $set "istio.gateway.httpsRedirect.enabled=true" }}{{ end }}
{{- if $istio.certManager.enabled }}{{ $set = append $set "istio.certManager.enabled=true" }}{{ end }}
{{- if $set }}
{{- $m = append $m (printf "istio.sharedGateway.name=%s with %s: the chart creates no Gateway when it binds to a shared one, so these would be silently ignored; the shared Gateway's owner sets its certificate and redirect. Fix: remove them, or set istio.sharedGateway.name=\"\" to create a Gateway for this release." $istio.sharedGateway.name (join ", " $set)) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard ISTIO-READINESS: no readiness probe (Istio sends requests only to ready endpoints, and rollouts wait on it).
*/}}
{{- define "grpc-gke.guard.ISTIO-READINESS" -}}
{{- $m := list }}
{{- if not .Values.probes.readiness.enabled }}
{{- $m = append $m "probes.readiness.enabled=false with frontend=istio: Istio's gateway balances over the Service's ready endpoints, so a pod would get streams before its server listens, and rollouts (maxUnavailable 0, minReadySeconds) would not wait for it; clients get 503s (no healthy upstream, upstream connect error). Fix: keep probes.readiness.enabled=true." }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard ISTIO-BACKEND-TLS: a DestinationRule TLS mode that contradicts what the grpc port serves (TLS origination to a
cleartext port, cleartext or Istio mTLS to a port that serves its own TLS).
*/}}
{{- define "grpc-gke.guard.ISTIO-BACKEND-TLS" -}}
{{- $m := list }}
{{- $mode := .Values.istio.destinationRule.tls.mode }}
{{- $tls := include "grpc-gke.tls.enabled" . }}
{{- if and (eq $mode "SIMPLE") (not $tls) }}
{{- $m = append $m "istio.destinationRule.tls.mode=SIMPLE with backendTLS.mode=disabled: the gateway would open a TLS connection to a grpc port that serves cleartext HTTP/2, so every call fails (upstream connect error, 503). Fix: leave istio.destinationRule.tls.mode empty (cleartext, or Istio's mTLS when the pods have a sidecar), or serve TLS on the grpc port (backendTLS.mode=selfSigned)." }}
{{- else if and (has $mode (list "DISABLE" "ISTIO_MUTUAL")) $tls }}
{{- $m = append $m (printf "istio.destinationRule.tls.mode=%s with backendTLS.mode=%s: the grpc port serves TLS, but %s, so the app answers the cleartext HTTP/2 preface with a TLS alert and every call fails (upstream connect error, 503). Fix: set backendTLS.mode=disabled (cleartext inside the cluster%s), or leave istio.destinationRule.tls.mode empty for TLS origination (SIMPLE)." $mode .Values.backendTLS.mode (ternary "the pod's Istio sidecar ends Istio's mTLS and hands the app cleartext" "the gateway speaks cleartext to it" (eq $mode "ISTIO_MUTUAL")) (ternary ", encrypted by Istio's mTLS" "" (eq $mode "ISTIO_MUTUAL"))) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard ISTIO-ROUTE-TIMEOUT: a route timeout that cuts streams (under the facts' minimum; a timeout caps a whole
stream, not idle time).
*/}}
{{- define "grpc-gke.guard.ISTIO-ROUTE-TIMEOUT" -}}
{{- $m := list }}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $min := int $facts.loadBalancer.minStreamTimeoutSec }}
{{- $timeout := int .Values.istio.virtualService.timeoutSeconds }}
{{- if and (gt $timeout 0) (lt $timeout $min) }}
{{- $m = append $m (printf "istio.virtualService.timeoutSeconds=%d is below %d: a VirtualService route timeout is the time until the whole response, so Envoy would end every gRPC stream after %d s (and caps the deadline clients send in grpc-timeout), however busy it is. Fix: use 0 (no timeout, Istio's default) or at least an hour (e.g. 3600), and make clients reconnect when a stream ends." $timeout $min $timeout) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard ISTIO-PROXY-DRAIN: a sidecar terminationDrainDuration shorter than the app's shutdown (the sidecar would exit
while the app still drains its streams).
*/}}
{{- define "grpc-gke.guard.ISTIO-PROXY-DRAIN" -}}
{{- $m := list }}
{{- $set := .Values.istio.proxy.terminationDrainDurationSeconds }}
{{- if not (kindIs "invalid" $set) }}
{{- $preStop := int .Values.gracefulShutdown.preStop.seconds }}
{{- $app := int .Values.gracefulShutdown.appDrainSeconds }}
{{- if lt (int $set) (add $preStop $app) }}
{{- $m = append $m (printf "istio.proxy.terminationDrainDurationSeconds=%d is shorter than gracefulShutdown.preStop.seconds (%d) + gracefulShutdown.appDrainSeconds (%d) = %d: the pods' Istio sidecar starts draining at SIGTERM, when termination starts, and exits after that duration, cutting the streams the app is still draining. Fix: set it to at least %d, or remove it (null: the chart derives it from the shutdown)." (int $set) $preStop $app (add $preStop $app) (add $preStop $app)) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard ISTIO-ESP-SERVICE: ESP without an Endpoints service, or a rollout strategy that contradicts the config ID.
*/}}
{{- define "grpc-gke.guard.ISTIO-ESP-SERVICE" -}}
{{- $m := list }}
{{- $esp := .Values.istio.esp }}
{{- if $esp.enabled }}
{{- if not $esp.service }}
{{- $m = append $m "istio.esp.enabled=true without istio.esp.service: ESP would ask the metadata server for the service name (an instance attribute a GKE pod's metadata server does not provide) and exit, so no pod becomes ready. Fix: set istio.esp.service to your Endpoints service name (e.g. grpc-api.endpoints.PROJECT.cloud.goog, from gcloud endpoints services deploy)." }}
{{- end }}
{{- if and (eq $esp.rolloutStrategy "fixed") (not $esp.configId) }}
{{- $m = append $m "istio.esp.rolloutStrategy=fixed without istio.esp.configId: ESP pins one service config and needs its ID (--version); without it it cannot start. Fix: set istio.esp.configId (gcloud endpoints configs list), or use rolloutStrategy=managed." }}
{{- else if and (eq $esp.rolloutStrategy "managed") $esp.configId }}
{{- $m = append $m (printf "istio.esp.configId=%s with istio.esp.rolloutStrategy=managed: a managed rollout follows the latest config, and ESPv2 refuses --version with it (\"Flag --version cannot be used if --rollout_strategy=managed\"). Fix: remove istio.esp.configId, or set rolloutStrategy=fixed to pin it." $esp.configId) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard ISTIO-ESP-BACKEND-TLS: ESP with a grpc port that serves TLS (ESP calls the app in cleartext HTTP/2).
*/}}
{{- define "grpc-gke.guard.ISTIO-ESP-BACKEND-TLS" -}}
{{- $m := list }}
{{- if and .Values.istio.esp.enabled (include "grpc-gke.tls.enabled" .) }}
{{- $m = append $m (printf "istio.esp.enabled=true with backendTLS.mode=%s: the chart's ESP calls the app at grpc://127.0.0.1:%d, cleartext HTTP/2 inside the pod, so a TLS grpc port would answer it with a TLS alert and every call fails. Fix: set backendTLS.mode=disabled (TLS ends at the gateway; between the gateway and ESP use Istio's mTLS, istio.destinationRule.tls.mode=ISTIO_MUTUAL, if the pods are in the mesh)." .Values.backendTLS.mode (int .Values.ports.grpc)) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard ISTIO-ESP-PORTS: ESP ports that clash with each other, with the app's grpc, health or metrics port, or with
extraPorts (start_esp.py exits on "Port N is used more than once"; two processes cannot bind one port).
*/}}
{{- define "grpc-gke.guard.ISTIO-ESP-PORTS" -}}
{{- $m := list }}
{{- if .Values.istio.esp.enabled }}
{{- $taken := list (dict "name" "ports.grpc" "port" (int .Values.ports.grpc)) (dict "name" "ports.health" "port" (int .Values.ports.health)) }}
{{- with .Values.ports.metrics }}{{ $taken = append $taken (dict "name" "ports.metrics" "port" (int .)) }}{{ end }}
{{- range .Values.extraPorts }}{{ $taken = append $taken (dict "name" (printf "extraPorts %s" .name) "port" (int .port)) }}{{ end }}
{{- range (include "grpc-gke.istio.esp.ports" . | fromJson).all }}
{{- $own := . }}
{{- range $taken }}
{{- if eq (int .port) (int $own.port) }}
{{- $m = append $m (printf "%s=%d (ESP's %s) is also %s: %s, so ESP or the app cannot start (Address already in use). Fix: give %s a port of its own, e.g. %d." $own.value (int $own.port) $own.flag .name (ternary "start_esp exits with \"Port is used more than once\" when two of its own flags share a port" "ESP and the app share the pod's network namespace" (hasPrefix "istio.esp." .name)) $own.value (add (int $own.port) 100)) }}
{{- end }}
{{- end }}
{{- $taken = append $taken (dict "name" (printf "%s (ESP's %s)" $own.value $own.flag) "port" (int $own.port)) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard ISTIO-ESP-ARGS: istio.esp.extraArgs that repeat a flag the chart sets (ports, backend, service, health check,
rollout), including the TLS port of ESP behind a load balancer that wants TLS (--ssl_port).
*/}}
{{- define "grpc-gke.guard.ISTIO-ESP-ARGS" -}}
{{- $m := list }}
{{- if .Values.istio.esp.enabled }}
{{- $own := include "grpc-gke.istio.esp.ownFlags" . | fromJsonArray }}
{{- range .Values.istio.esp.extraArgs }}
{{- $flag := regexReplaceAll "=.*$" . "" }}
{{- if has $flag $own }}
{{- if has $flag (list "--ssl_port" "-S") }}
{{- $m = append $m (printf "istio.esp.extraArgs has %s: --ssl_port makes ESP serve TLS, which is what Google's load balancer needs in front of ESP, but here TLS ends at the Istio gateway and it speaks cleartext HTTP/2 to ESP's --http2_port/--listener_port (istio.esp.port), so an ESP TLS port would refuse the gateway. Fix: remove it; the chart sets ESP's ports from istio.esp.port (and healthPort)." .) }}
{{- else }}
{{- $m = append $m (printf "istio.esp.extraArgs has %s, a flag the chart sets from its values (ESP takes the last of two, or refuses repeated port flags), so the Service, probes and ports would no longer match what ESP does. Fix: remove it and set the value instead (istio.esp.port, healthPort, statusPort, service, rolloutStrategy, configId; health.path for --healthz; ports.grpc for --backend)." .) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard ISTIO-ESP-HEALTH-PATH: a health path ESP cannot answer itself ("/": ESP would send every request there).
*/}}
{{- define "grpc-gke.guard.ISTIO-ESP-HEALTH-PATH" -}}
{{- $m := list }}
{{- if and .Values.istio.esp.enabled (not (include "grpc-gke.istio.esp.healthz" .)) }}
{{- $m = append $m (printf "health.path=%s with istio.esp.enabled=true: the chart passes it to ESP as --healthz, where ESP answers health checks itself, and \"/\" would catch every request (\"Please don't use path /\", start_esp.py). Fix: use a path of its own, e.g. health.path=/healthz." .Values.health.path) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard ISTIO-ESP-CLIENT-BODY-TIMEOUT: an ESP v1 client body timeout that closes quiet client and bidi streams (at or
under nginx's default 60 s).
*/}}
{{- define "grpc-gke.guard.ISTIO-ESP-CLIENT-BODY-TIMEOUT" -}}
{{- $m := list }}
{{- $esp := .Values.istio.esp }}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $min := int $facts.loadBalancer.minStreamTimeoutSec }}
{{- if and $esp.enabled (eq (int $esp.version) 1) (le (int $esp.clientBodyTimeoutSeconds) $min) }}
{{- $m = append $m (printf "istio.esp.clientBodyTimeoutSeconds=%d with ESP v1: nginx closes a request body that receives nothing for client_body_timeout, and a client-streaming or bidi gRPC call is one request body, so a client silent for %d s loses its stream (nginx's default is 60 s). Fix: set it above %d, e.g. 3600, or use ESPv2 (istio.esp.version=2)." (int $esp.clientBodyTimeoutSeconds) (int $esp.clientBodyTimeoutSeconds) $min) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard ISTIO-ESP-CLIENT-SIDE-BALANCING: ESP with the headless Service of client-side balancing, whose clients would
dial the app's port past ESP.
*/}}
{{- define "grpc-gke.guard.ISTIO-ESP-CLIENT-SIDE-BALANCING" -}}
{{- $m := list }}
{{- if and .Values.istio.esp.enabled (include "grpc-gke.balancing.enabled" .) }}
{{- $m = append $m (printf "istio.esp.enabled=true with clientSideBalancing.enabled=true: in-cluster clients of the headless Service dial the pods' grpc port (%d), the app itself, so their calls would skip ESP's authentication and quotas. Fix: set clientSideBalancing.enabled=false (in-cluster clients go through the gateway, or through Istio's own per-request balancing with a sidecar), or turn ESP off." (int .Values.ports.grpc)) }}
{{- end }}
{{- toJson $m }}
{{- end }}
