{{/*
App presets: how the chart tells the server where to listen and where its certificate is (app.preset).
*/}}

{{/*
Environment variables of the app preset, as a JSON list of EnvVar. Variables the user also sets in
.Values.env are left out so the user's value wins without a duplicate name.
Usage: {{ include "grpc-gke.presets.env" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.presets.env" -}}
{{- $env := include (printf "grpc-gke.presets.%s.env" .Values.app.preset) . | fromJsonArray }}
{{- $userNames := list }}
{{- range .Values.env }}
{{- $userNames = append $userNames .name }}
{{- end }}
{{- $out := list }}
{{- range $env }}
{{- if not (has .name $userNames) }}
{{- $out = append $out . }}
{{- end }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/*
aspnetcore: Kestrel endpoints through configuration environment variables (Kestrel__Endpoints__<name>__*).
The endpoint names are values: .NET merges Kestrel:Endpoints from every configuration source
(ConfigurationProvider.GetChildKeys takes the union) and Kestrel binds each endpoint, so a name that differs
from the one appsettings.json uses adds a second endpoint on the same port instead of overriding it.
Usage: {{ include "grpc-gke.presets.aspnetcore.env" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.presets.aspnetcore.env" -}}
{{- $tls := include "grpc-gke.tls.enabled" . }}
{{- $asp := .Values.app.aspnetcore }}
{{- $grpc := printf "Kestrel__Endpoints__%s__" $asp.endpointNames.grpc }}
{{- $health := printf "Kestrel__Endpoints__%s__" $asp.endpointNames.health }}
{{- $env := list }}
{{- $env = append $env (dict "name" (print $grpc "Url") "value" (printf "%s://0.0.0.0:%d" (ternary "https" "http" (eq $tls "true")) (int .Values.ports.grpc))) }}
{{- $env = append $env (dict "name" (print $grpc "Protocols") "value" "Http2") }}
{{- if $tls }}
{{- $env = append $env (dict "name" (print $grpc "Certificate__Path") "value" (include "grpc-gke.tls.certPath" .)) }}
{{- $env = append $env (dict "name" (print $grpc "Certificate__KeyPath") "value" (include "grpc-gke.tls.keyPath" .)) }}
{{- end }}
{{- $env = append $env (dict "name" (print $health "Url") "value" (printf "http://0.0.0.0:%d" (int .Values.ports.health))) }}
{{- $env = append $env (dict "name" (print $health "Protocols") "value" "Http1") }}
{{- /* Read only if the app binds the Kestrel section itself (dotnet/aspnetcore#4765): see the value's doc. */}}
{{- if not (kindIs "invalid" $asp.keepAliveTimeoutSeconds) }}
{{- $env = append $env (dict "name" "Kestrel__Limits__KeepAliveTimeout" "value" (include "grpc-gke.presets.timespan" $asp.keepAliveTimeoutSeconds)) }}
{{- end }}
{{- /*
A proxy that terminates the client's TLS and speaks h2c to the pod may forward `:scheme: https`; Kestrel resets such a
stream with PROTOCOL_ERROR ("The request :scheme header 'https' does not match the transport scheme 'http'") unless
KestrelServerOptions.AllowAlternateSchemes is true (aspnetcore Http2Stream.TryValidatePseudoHeaders). Like Limits, it
is read from configuration only when the app binds the Kestrel section (dotnet/aspnetcore#4765; NOTES give the line).
*/}}
{{- if include (printf "grpc-gke.%s.cleartextBehindTls" .Values.frontend) . }}
{{- $env = append $env (dict "name" "Kestrel__AllowAlternateSchemes" "value" "true") }}
{{- end }}
{{- /* HostOptions.ShutdownTimeout, read from host configuration with the DOTNET_ prefix (dotnet/runtime HostOptions). */}}
{{- if $asp.setShutdownTimeout }}
{{- $env = append $env (dict "name" "DOTNET_SHUTDOWNTIMEOUTSECONDS" "value" (.Values.gracefulShutdown.appDrainSeconds | int | toString)) }}
{{- end }}
{{- toJson $env }}
{{- end }}

{{/*
generic: GRPC_PORT, HEALTH_PORT, HEALTH_PATH, SHUTDOWN_DRAIN_SECONDS and, with TLS, TLS_CERT_FILE / TLS_KEY_FILE;
GRPC_MAX_CONNECTION_AGE_MS / GRPC_MAX_CONNECTION_AGE_GRACE_MS when app.maxConnectionAgeMs / ...GraceMs are set;
METRICS_PORT / METRICS_PATH when ports.metrics is set. packages/reference-server is a server configured by exactly
these, but for the metrics pair (it serves no metrics).
Usage: {{ include "grpc-gke.presets.generic.env" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.presets.generic.env" -}}
{{- $env := list }}
{{- $env = append $env (dict "name" "GRPC_PORT" "value" (.Values.ports.grpc | int | toString)) }}
{{- $env = append $env (dict "name" "HEALTH_PORT" "value" (.Values.ports.health | int | toString)) }}
{{- $env = append $env (dict "name" "HEALTH_PATH" "value" .Values.health.path) }}
{{- $env = append $env (dict "name" "SHUTDOWN_DRAIN_SECONDS" "value" (.Values.gracefulShutdown.appDrainSeconds | int | toString)) }}
{{- if include "grpc-gke.tls.enabled" . }}
{{- $env = append $env (dict "name" "TLS_CERT_FILE" "value" (include "grpc-gke.tls.certPath" .)) }}
{{- $env = append $env (dict "name" "TLS_KEY_FILE" "value" (include "grpc-gke.tls.keyPath" .)) }}
{{- end }}
{{- with include "grpc-gke.presets.grpcHealthServices" . | fromJsonArray }}
{{- $env = append $env (dict "name" "GRPC_HEALTH_SERVICES" "value" (join "," .)) }}
{{- end }}
{{- /* Where the server serves Prometheus metrics (ports.metrics), for servers that read it (the reference server serves none). */}}
{{- if include "grpc-gke.metrics.enabled" . }}
{{- $env = append $env (dict "name" "METRICS_PORT" "value" (.Values.ports.metrics | int | toString)) }}
{{- $env = append $env (dict "name" "METRICS_PATH" "value" .Values.metrics.path) }}
{{- end }}
{{- /*
The server side of client-side balancing (app.maxConnectionAgeMs): gRPC's MAX_CONNECTION_AGE, a GOAWAY after that
age (grpc-go keepalive.ServerParameters MaxConnectionAge, grpc-java NettyServerBuilder.maxConnectionAge, grpc-js
`grpc.max_connection_age_ms`; packages/reference-server passes these two to grpc-js), so clients reconnect and
re-resolve, and DNS clients pick up new pods.
*/}}
{{- range $pair := list (list "maxConnectionAgeMs" "GRPC_MAX_CONNECTION_AGE_MS") (list "maxConnectionAgeGraceMs" "GRPC_MAX_CONNECTION_AGE_GRACE_MS") }}
{{- $v := get $.Values.app (first $pair) }}
{{- if not (kindIs "invalid" $v) }}
{{- $env = append $env (dict "name" (last $pair) "value" ($v | int64 | toString)) }}
{{- end }}
{{- end }}
{{- toJson $env }}
{{- end }}

{{/*
The grpc.health.v1 service names something will ask the server about: the gRPC probes, the helm test pod and a
GKE Gateway gRPC health check. JSON list, sorted, without the empty name (the server as a whole).
Usage: {{ include "grpc-gke.presets.grpcHealthServices" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.presets.grpcHealthServices" -}}
{{- $names := list }}
{{- if eq .Values.probes.type "grpc" }}{{ $names = append $names .Values.probes.grpcService }}{{ end }}
{{- if .Values.tests.enabled }}{{ $names = append $names .Values.tests.grpcService }}{{ end }}
{{- if and (eq .Values.frontend "gkeGateway") (eq .Values.gkeGateway.healthCheck.type "GRPC") }}
{{- $names = append $names .Values.gkeGateway.healthCheck.grpcServiceName }}
{{- end }}
{{- without ($names | uniq | sortAlpha) "" | toJson }}
{{- end }}

{{/*
Seconds rendered as a .NET TimeSpan: [d.]hh:mm:ss (630 -> 00:10:30).
Usage: {{ include "grpc-gke.presets.timespan" 630 }}
*/}}
{{- define "grpc-gke.presets.timespan" -}}
{{- $s := int . }}
{{- $d := div $s 86400 }}
{{- $hms := printf "%02d:%02d:%02d" (div (mod $s 86400) 3600) (div (mod $s 3600) 60) (mod $s 60) }}
{{- if gt $d 0 }}{{ printf "%d.%s" $d $hms }}{{ else }}{{ $hms }}{{ end }}
{{- end }}
