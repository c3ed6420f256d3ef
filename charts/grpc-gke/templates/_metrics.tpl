{{/*
Metrics: the server's Prometheus endpoint (the port ports.metrics, named by grpc-gke.ports.metricsName; the path
metrics.path) and who scrapes it: Google Cloud Managed Service for Prometheus through a PodMonitoring
(templates/podmonitoring.yaml), a Prometheus Operator Prometheus through a ServiceMonitor
(templates/servicemonitor.yaml), and, with networkPolicy.enabled, the scrapers the NetworkPolicy admits on the port.
*/}}

{{/*
"true" when the server serves metrics on a port of its own (ports.metrics is set), empty otherwise.
Usage: {{ if include "grpc-gke.metrics.enabled" . }}
*/}}
{{- define "grpc-gke.metrics.enabled" -}}
{{- if not (kindIs "invalid" .Values.ports.metrics) }}true{{ end }}
{{- end }}

{{/*
Managed Service for Prometheus's collectors, as a NetworkPolicy peer: the DaemonSet `collector` in namespace
`gmp-system`, pods labelled `app.kubernetes.io/name: collector`, on the pod network (no hostNetwork), each scraping
the pods of its own node (GoogleCloudPlatform/prometheus-engine v0.17.2, manifests/operator.yaml and
pkg/operator/apis/monitoring/v1/pod_config.go, the `spec.nodeName=$(NODE_NAME)` selector). The namespace is picked by
`kubernetes.io/metadata.name`, the label the API server sets on every namespace to its name (KEP-2161, GA in 1.22;
Kubernetes docs, Network Policies, "Targeting a Namespace by its name").
Usage: {{ include "grpc-gke.metrics.gmpCollectors" . | fromJson }}
*/}}
{{- define "grpc-gke.metrics.gmpCollectors" -}}
{{- dict
  "namespaceSelector" (dict "matchLabels" (dict "kubernetes.io/metadata.name" "gmp-system"))
  "podSelector" (dict "matchLabels" (dict "app.kubernetes.io/name" "collector"))
  | toJson }}
{{- end }}

{{/*
A Prometheus Operator Prometheus's pods in a namespace, as a NetworkPolicy peer: the operator labels every pod of a
Prometheus `app.kubernetes.io/name: prometheus` (prometheus-operator v0.93.0, pkg/prometheus/server/operator.go
makeSelectorLabels, applicationNameLabelValue).
Usage: {{ include "grpc-gke.metrics.prometheusPods" "monitoring" | fromJson }}
*/}}
{{- define "grpc-gke.metrics.prometheusPods" -}}
{{- dict
  "namespaceSelector" (dict "matchLabels" (dict "kubernetes.io/metadata.name" .))
  "podSelector" (dict "matchLabels" (dict "app.kubernetes.io/name" "prometheus"))
  | toJson }}
{{- end }}

{{/*
Who the NetworkPolicy admits on the metrics port, as a JSON list of NetworkPolicy peers: the collectors of the
PodMonitoring, the Prometheus of the ServiceMonitor (metrics.serviceMonitor.prometheusNamespace), then
networkPolicy.metricsScrapers. Guard METRICS-NETWORK-POLICY refuses a policy that would admit none.
Usage: {{ include "grpc-gke.metrics.scrapers" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.metrics.scrapers" -}}
{{- $peers := list }}
{{- if .Values.metrics.podMonitoring.enabled }}
{{- $peers = append $peers (include "grpc-gke.metrics.gmpCollectors" . | fromJson) }}
{{- end }}
{{- with .Values.metrics.serviceMonitor }}
{{- if and .enabled .prometheusNamespace }}
{{- $peers = append $peers (include "grpc-gke.metrics.prometheusPods" .prometheusNamespace | fromJson) }}
{{- end }}
{{- end }}
{{- concat $peers (.Values.networkPolicy.metricsScrapers | default list) | toJson }}
{{- end }}

{{/*
Milliseconds of a scrape duration in the form values.schema.json allows for metrics.interval and
metrics.scrapeTimeout (`1h`, `1m30s`, `10s`, `500ms`: what Prometheus, the Prometheus Operator and Go all parse).
Usage: {{ include "grpc-gke.metrics.durationMs" "1m30s" | int }}
*/}}
{{- define "grpc-gke.metrics.durationMs" -}}
{{- $ms := 0 }}
{{- range $part := regexFindAll "[0-9]+(ms|h|m|s)" . -1 }}
{{- $unit := regexFind "(ms|h|m|s)$" $part }}
{{- $ms = add $ms (mul (trimSuffix $unit $part | int) (get (dict "h" 3600000 "m" 60000 "s" 1000 "ms" 1) $unit)) }}
{{- end }}
{{- $ms }}
{{- end }}
