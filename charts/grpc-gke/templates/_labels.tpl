{{/*
Labels. Selectors are immutable, so they carry exactly name + instance: never a version, chart or user label.
*/}}

{{/*
Selector labels: name + instance.
Usage: {{ include "grpc-gke.labels.selector" . }}
*/}}
{{- define "grpc-gke.labels.selector" -}}
app.kubernetes.io/name: {{ include "grpc-gke.names.name" . | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
{{- end }}

{{/*
Labels of every object: the chart's own, then commonLabels (which cannot replace the chart's keys).
Usage: {{ include "grpc-gke.labels.standard" . }}
*/}}
{{- define "grpc-gke.labels.standard" -}}
{{- $own := dict
  "helm.sh/chart" (include "grpc-gke.names.chart" .)
  "app.kubernetes.io/name" (include "grpc-gke.names.name" .)
  "app.kubernetes.io/instance" .Release.Name
  "app.kubernetes.io/managed-by" .Release.Service
-}}
{{- if .Chart.AppVersion }}
{{- $_ := set $own "app.kubernetes.io/version" (.Chart.AppVersion | toString) }}
{{- end }}
{{- toYaml (merge $own (.Values.commonLabels | default dict)) }}
{{- end }}

{{/*
Labels of the pod template: the selector labels, commonLabels and podLabels, and nothing that changes with a
chart release (chart, version): a change to the pod template rolls every pod and cuts every stream, so it must
change only when the pod does (a new image tag already rolls them).
Usage: {{ include "grpc-gke.labels.pod" . }}
*/}}
{{- define "grpc-gke.labels.pod" -}}
{{- $labels := merge (include "grpc-gke.labels.selector" . | fromYaml) (.Values.commonLabels | default dict) }}
{{- toYaml (merge $labels (.Values.podLabels | default dict)) }}
{{- end }}

{{/*
The standard labels plus extra ones a user gives for one object (service.labels, podLabels, ...); the extra
ones can never replace the chart's keys, which selectors and tools depend on.
Usage: {{ include "grpc-gke.labels.with" (dict "extra" .Values.service.labels "root" $) }}
*/}}
{{- define "grpc-gke.labels.with" -}}
{{- toYaml (merge (include "grpc-gke.labels.standard" .root | fromYaml) (.extra | default dict)) }}
{{- end }}

{{/*
Labels of the `helm test` pod: the standard labels with its own `app.kubernetes.io/name` (`<name>-test`) and
`app.kubernetes.io/component: test`, so the Service, PodDisruptionBudget and topology spread never select it.
Usage: {{ include "grpc-gke.labels.test" . }}
*/}}
{{- define "grpc-gke.labels.test" -}}
{{- $labels := include "grpc-gke.labels.standard" . | fromYaml }}
{{- $_ := set $labels "app.kubernetes.io/name" (printf "%s-test" (include "grpc-gke.names.name" .)) }}
{{- $_ = set $labels "app.kubernetes.io/component" "test" }}
{{- toYaml $labels }}
{{- end }}

{{/*
The labels that select the `helm test` pod and nothing else (a NetworkPolicy lets it call the grpc port).
Usage: {{ include "grpc-gke.labels.testSelector" . }}
*/}}
{{- define "grpc-gke.labels.testSelector" -}}
app.kubernetes.io/name: {{ printf "%s-test" (include "grpc-gke.names.name" .) | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/component: test
{{- end }}
