{{/*
The pod: probes, graceful shutdown and its arithmetic, replicas.
*/}}

{{/*
One probe. `kind` is startup, readiness or liveness.
Usage: {{ include "grpc-gke.pod.probe" (dict "probe" .Values.probes.readiness "root" $ "kind" "readiness") }}
*/}}
{{- define "grpc-gke.pod.probe" -}}
{{- $root := .root }}
{{- $p := .probe }}
{{- if eq $root.Values.probes.type "grpc" }}
grpc:
  port: {{ int $root.Values.ports.health }}
  {{- with $root.Values.probes.grpcService }}
  service: {{ . | quote }}
  {{- end }}
{{- else }}
httpGet:
  path: {{ default $root.Values.health.path $p.path | quote }}
  port: {{ include "grpc-gke.ports.healthName" $root }}
  scheme: HTTP
{{- end }}
{{- if hasKey $p "initialDelaySeconds" }}
initialDelaySeconds: {{ $p.initialDelaySeconds }}
{{- end }}
periodSeconds: {{ $p.periodSeconds }}
timeoutSeconds: {{ $p.timeoutSeconds }}
{{- if eq .kind "readiness" }}
successThreshold: {{ $p.successThreshold }}
{{- end }}
failureThreshold: {{ $p.failureThreshold }}
{{- end }}

{{/*
Path a load balancer health check requests on the health port: the readiness probe's path (with http probes),
so the load balancer and kubelet agree on when a pod may take traffic (ingress-gce infers the same from an
httpGet readiness probe: kubernetes/ingress-gce pkg/translator/healthchecks.go).
Usage: {{ include "grpc-gke.pod.healthCheckPath" . }}
*/}}
{{- define "grpc-gke.pod.healthCheckPath" -}}
{{- if eq .Values.probes.type "http" -}}
{{- default .Values.health.path .Values.probes.readiness.path -}}
{{- else -}}
{{- .Values.health.path -}}
{{- end -}}
{{- end }}

{{/*
Seconds the pod must keep serving after SIGTERM: the app's own drain, or the frontend's connection draining
(grpc-gke.<frontend>.drainingSeconds) when that is longer.
Usage: {{ include "grpc-gke.pod.drainSeconds" . | int }}
*/}}
{{- define "grpc-gke.pod.drainSeconds" -}}
{{- max (int .Values.gracefulShutdown.appDrainSeconds) (int (include (printf "grpc-gke.%s.drainingSeconds" .Values.frontend) .)) }}
{{- end }}

{{/*
Seconds from the start of termination until the pod has shut down: preStop + drain. The preStop sleep counts against
the grace period (kubernetes/kubernetes#74160). A sidecar that must outlive the app (a mesh proxy's drain) lasts this
long.
Usage: {{ include "grpc-gke.pod.shutdownSeconds" . | int }}
*/}}
{{- define "grpc-gke.pod.shutdownSeconds" -}}
{{- add (int .Values.gracefulShutdown.preStop.seconds) (include "grpc-gke.pod.drainSeconds" . | int) }}
{{- end }}

{{/*
The shortest terminationGracePeriodSeconds that covers the shutdown: preStop + drain (grpc-gke.pod.shutdownSeconds)
+ buffer.
Usage: {{ include "grpc-gke.pod.minGracePeriod" . | int }}
*/}}
{{- define "grpc-gke.pod.minGracePeriod" -}}
{{- add (include "grpc-gke.pod.shutdownSeconds" . | int) (int .Values.gracefulShutdown.bufferSeconds) }}
{{- end }}

{{/*
Replicas the chart can count on: autoscaling.minReplicas with an HPA, else replicaCount.
Usage: {{ include "grpc-gke.pod.minReplicas" . | int }}
*/}}
{{- define "grpc-gke.pod.minReplicas" -}}
{{- if .Values.autoscaling.enabled }}{{ int .Values.autoscaling.minReplicas }}{{ else }}{{ int .Values.replicaCount }}{{ end }}
{{- end }}

{{/*
The user's containers (initContainers or extraContainers) with the chart's container defaults: each container's own
securityContext is merged over the chart's `securityContext` (maps key by key, a list or any other value replaces the
chart's, a key the container leaves out or sets to null keeps the chart's), so a sidecar without a securityContext runs
as "restricted" as the server, and one that sets a key (readOnlyRootFilesystem: false, capabilities.add) changes only
that key. JSON list of Container.
Usage: {{ include "grpc-gke.pod.userContainers" (dict "containers" .Values.extraContainers "root" $) | fromJsonArray }}
*/}}
{{- define "grpc-gke.pod.userContainers" -}}
{{- $out := list }}
{{- range .containers }}
{{- $c := deepCopy . }}
{{- $own := dict }}
{{- range $key, $value := $c.securityContext | default dict }}{{ if not (kindIs "invalid" $value) }}{{ $_ := set $own $key $value }}{{ end }}{{ end }}
{{- $_ := set $c "securityContext" (mergeOverwrite (deepCopy ($.root.Values.securityContext | default dict)) $own) }}
{{- $out = append $out $c }}
{{- end }}
{{- toJson $out }}
{{- end }}
