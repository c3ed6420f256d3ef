{{/*
Image reference. global.imageRegistry replaces the registry; a digest wins over the tag; the tag defaults to
the chart's appVersion.
Usage: {{ include "grpc-gke.images.image" (dict "image" .Values.image "root" $) }}
*/}}
{{- define "grpc-gke.images.image" -}}
{{- $img := .image }}
{{- $registry := default $img.registry .root.Values.global.imageRegistry }}
{{- $repo := $img.repository }}
{{- if $registry }}
{{- $repo = printf "%s/%s" $registry $img.repository }}
{{- end }}
{{- if $img.digest }}
{{- printf "%s@%s" $repo $img.digest }}
{{- else }}
{{- printf "%s:%s" $repo (default .root.Chart.AppVersion $img.tag | toString) }}
{{- end }}
{{- end }}
