{{/*
The Cloud Endpoints ESP sidecar of the Istio frontend (istio.esp): ESP v1 (nginx-based, cloudendpoints/esp
start_esp/start_esp.py) or ESPv2 (Envoy-based, GoogleCloudPlatform/esp-v2 docker/generic/start_proxy.py). It runs as a
native sidecar (an initContainers entry with restartPolicy Always: Kubernetes starts it before the app containers and
stops it after them, KEP-753, on by default since 1.29; the chart's minimum is 1.30), listens on its own ports, which the
Service's grpc and health ports land on, and calls the app at 127.0.0.1:<ports.grpc> in cleartext HTTP/2.
*/}}

{{/*
"true" when the pod gets the ESP sidecar.
Usage: {{ if include "grpc-gke.istio.esp.enabled" . }}
*/}}
{{- define "grpc-gke.istio.esp.enabled" -}}
{{- if and (eq .Values.frontend "istio") .Values.istio.esp.enabled }}true{{ end }}
{{- end }}

{{/*
The ports ESP listens on, as {"grpc", "health", "all"}: the Service's grpc port lands on `grpc`, its health port on
`health`; `all` lists every port ESP opens with its flag, for the port guard. ESP v1 serves HTTP/1.x on --http_port and
cleartext HTTP/2 on --http2_port ("Note that this cannot be the same port as HTTP/1.x port"), plus its nginx status
page on --status_port; ESPv2's --listener_port "supports HTTP/1.x, HTTP/2, and gRPC connections" (its admin port is
off unless asked for).
Usage: {{ $ports := include "grpc-gke.istio.esp.ports" . | fromJson }}
*/}}
{{- define "grpc-gke.istio.esp.ports" -}}
{{- $esp := .Values.istio.esp }}
{{- if eq (int $esp.version) 1 }}
{{- dict "grpc" (int $esp.port) "health" (int $esp.healthPort) "all" (list (dict "flag" "--http2_port" "value" "istio.esp.port" "port" (int $esp.port)) (dict "flag" "--http_port" "value" "istio.esp.healthPort" "port" (int $esp.healthPort)) (dict "flag" "--status_port" "value" "istio.esp.statusPort" "port" (int $esp.statusPort))) | toJson }}
{{- else }}
{{- dict "grpc" (int $esp.port) "health" (int $esp.port) "all" (list (dict "flag" "--listener_port" "value" "istio.esp.port" "port" (int $esp.port))) | toJson }}
{{- end }}
{{- end }}

{{/*
The path ESP answers health checks on itself (--healthz, without the leading slash, as both take it): health.path, so
the Service's health port answers where the app's does.
Usage: {{ include "grpc-gke.istio.esp.healthz" . }}
*/}}
{{- define "grpc-gke.istio.esp.healthz" -}}
{{- .Values.health.path | trimPrefix "/" }}
{{- end }}

{{/*
The flags the chart sets (the port guard and ISTIO-ESP-ARGS refuse them in istio.esp.extraArgs): ports, backend,
service, config, health check. Short forms from start_esp.py / start_proxy.py.
Usage: {{ include "grpc-gke.istio.esp.ownFlags" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.istio.esp.ownFlags" -}}
{{- list "--service" "-s" "--version" "-v" "--rollout_strategy" "-R" "--backend" "-a" "--healthz" "-z" "--http_port" "-p" "--http2_port" "-P" "--ssl_port" "-S" "--status_port" "--admin_port" "-N" "--listener_port" | toJson }}
{{- end }}

{{/*
ESP's args. ESP v1 (start_esp.py): --http_port (HTTP/1.1: the health check), --http2_port (cleartext HTTP/2: gRPC;
not --ssl_port, which serves TLS and is what ESP behind Google's load balancer needs, not behind a gateway that ends
TLS), --status_port, --client_body_timeout (nginx's client_body_timeout, 60 s by default, closes a client or bidi
stream whose client is silent that long). ESPv2 (start_proxy.py): --listener_port. Both: --service, --rollout_strategy
(or --version), --backend=grpc://127.0.0.1:<ports.grpc> ("For GRPC backends, please use grpc:// prefix"), --healthz.
Usage: {{ include "grpc-gke.istio.esp.args" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.istio.esp.args" -}}
{{- $esp := .Values.istio.esp }}
{{- $args := list (printf "--service=%s" $esp.service) }}
{{- if eq $esp.rolloutStrategy "fixed" }}
{{- $args = append $args (printf "--version=%s" $esp.configId) }}
{{- end }}
{{- $args = append $args (printf "--rollout_strategy=%s" $esp.rolloutStrategy) }}
{{- if eq (int $esp.version) 1 }}
{{- $args = append $args (printf "--http_port=%d" (int $esp.healthPort)) }}
{{- $args = append $args (printf "--http2_port=%d" (int $esp.port)) }}
{{- $args = append $args (printf "--status_port=%d" (int $esp.statusPort)) }}
{{- else }}
{{- $args = append $args (printf "--listener_port=%d" (int $esp.port)) }}
{{- end }}
{{- $args = append $args (printf "--backend=grpc://127.0.0.1:%d" (int .Values.ports.grpc)) }}
{{- $args = append $args (printf "--healthz=%s" (include "grpc-gke.istio.esp.healthz" .)) }}
{{- if eq (int $esp.version) 1 }}
{{- $args = append $args (printf "--client_body_timeout=%ds" (int $esp.clientBodyTimeoutSeconds)) }}
{{- end }}
{{- toJson (concat $args $esp.extraArgs) }}
{{- end }}

{{/*
The image of the ESP version (grpc-gke.images.image: global.imageRegistry, digest over tag).
Usage: {{ include "grpc-gke.istio.esp.image" . }}
*/}}
{{- define "grpc-gke.istio.esp.image" -}}
{{- include "grpc-gke.images.image" (dict "image" (include "grpc-gke.istio.esp.imageValues" . | fromJson) "root" .) }}
{{- end }}

{{- define "grpc-gke.istio.esp.imageValues" -}}
{{- get .Values.istio.esp.images (printf "v%d" (int .Values.istio.esp.version)) | toJson }}
{{- end }}

{{/*
Where ESP writes, as emptyDirs, so its root filesystem stays read-only: v1 writes its nginx config, PID file and
fetched service config under /home/nginx (the secure image's --server_config_dir and --config_dir), and nginx its logs
and temporary files under /var/log/nginx and /var/cache/nginx, which start_esp creates when missing (cloudendpoints/esp
docker/secure/Dockerfile.template, test/bookstore/gke/deploy_secure_template.yaml); v2 writes its bootstrap config to
/tmp ("If root file system is read-only, this folder should be mounted from tmpfs", start_proxy.py DEFAULT_CONFIG_DIR).
JSON list of {"name", "mountPath"}.
Usage: {{ range include "grpc-gke.istio.esp.writable" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.istio.esp.writable" -}}
{{- if eq (int .Values.istio.esp.version) 1 }}
{{- list (dict "name" "esp-home" "mountPath" "/home/nginx") (dict "name" "esp-var-log" "mountPath" "/var/log") (dict "name" "esp-var-cache" "mountPath" "/var/cache") | toJson }}
{{- else }}
{{- list (dict "name" "esp-tmp" "mountPath" "/tmp") | toJson }}
{{- end }}
{{- end }}

{{/*
The pod volumes of grpc-gke.istio.esp.writable, as a YAML list.
Usage: {{ include "grpc-gke.istio.esp.volumes" . | fromYamlArray }}
*/}}
{{- define "grpc-gke.istio.esp.volumes" -}}
{{- range include "grpc-gke.istio.esp.writable" . | fromJsonArray }}
- name: {{ .name | quote }}
  emptyDir:
    medium: Memory
    sizeLimit: 64Mi
{{- end }}
{{- end }}

{{/*
The ESP container, as YAML: a native sidecar. Its probes ask ESP's own health path on the port the Service's health
port lands on (ESP answers it without calling the app); the app keeps its own probes, so the pod is ready only when
both are. The startup probe holds the app's start until ESP serves (a sidecar's startup probe must pass before the
next container starts).
Usage: {{ include "grpc-gke.istio.esp.container" . | fromYaml }}
*/}}
{{- define "grpc-gke.istio.esp.container" -}}
{{- $esp := .Values.istio.esp }}
{{- $image := include "grpc-gke.istio.esp.imageValues" . | fromJson }}
{{- $ports := include "grpc-gke.istio.esp.ports" . | fromJson }}
{{- $probes := .Values.probes -}}
name: esp
image: {{ include "grpc-gke.istio.esp.image" . | quote }}
imagePullPolicy: {{ $image.pullPolicy | quote }}
restartPolicy: Always
args:
  {{- include "grpc-gke.istio.esp.args" . | fromJsonArray | toYaml | nindent 2 }}
ports:
  {{- range $ports.all }}
  - name: {{ printf "esp-%s" (trimPrefix "--" .flag | trimSuffix "_port" | replace "_" "-") | trunc 15 | quote }}
    containerPort: {{ .port }}
    protocol: TCP
  {{- end }}
startupProbe:
  httpGet:
    path: {{ printf "/%s" (include "grpc-gke.istio.esp.healthz" .) | quote }}
    port: {{ $ports.health }}
    scheme: HTTP
  periodSeconds: {{ $probes.startup.periodSeconds }}
  timeoutSeconds: {{ $probes.startup.timeoutSeconds }}
  failureThreshold: {{ $probes.startup.failureThreshold }}
readinessProbe:
  httpGet:
    path: {{ printf "/%s" (include "grpc-gke.istio.esp.healthz" .) | quote }}
    port: {{ $ports.health }}
    scheme: HTTP
  periodSeconds: {{ $probes.readiness.periodSeconds }}
  timeoutSeconds: {{ $probes.readiness.timeoutSeconds }}
  successThreshold: {{ $probes.readiness.successThreshold }}
  failureThreshold: {{ $probes.readiness.failureThreshold }}
{{- with $esp.resources }}
resources:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $esp.securityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumeMounts:
  {{- range include "grpc-gke.istio.esp.writable" . | fromJsonArray }}
  - name: {{ .name | quote }}
    mountPath: {{ .mountPath | quote }}
  {{- end }}
{{- end }}
