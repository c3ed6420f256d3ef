{{/*
Names of the objects the chart creates, and of the things inside them that several templates refer to.
*/}}

{{/*
The chart name, or nameOverride (`app.kubernetes.io/name`).
Usage: {{ include "grpc-gke.names.name" . }}
*/}}
{{- define "grpc-gke.names.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name: <release>-<chart> unless the release name already contains the chart name. It names every object
and is the Service name, so it ends up in the backend certificate's DNS names.
Usage: {{ include "grpc-gke.names.fullname" . }}
*/}}
{{- define "grpc-gke.names.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the `helm.sh/chart` label.
Usage: {{ include "grpc-gke.names.chart" . }}
*/}}
{{- define "grpc-gke.names.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The ServiceAccount the pods run as: the chart's (full name unless named), else the one named, else `default`.
Usage: {{ include "grpc-gke.names.serviceAccount" . }}
*/}}
{{- define "grpc-gke.names.serviceAccount" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "grpc-gke.names.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The Secret holding the backend certificate (keys tls.crt and tls.key): the user's with
backendTLS.mode=existingSecret, else the one the chart (selfSigned) or cert-manager (certManager) writes.
Usage: {{ include "grpc-gke.names.backendTLSSecret" . }}
*/}}
{{- define "grpc-gke.names.backendTLSSecret" -}}
{{- if eq .Values.backendTLS.mode "existingSecret" }}
{{- .Values.backendTLS.existingSecret }}
{{- else }}
{{- printf "%s-backend-tls" (include "grpc-gke.names.fullname" .) }}
{{- end }}
{{- end }}

{{/*
The cert-manager Certificate of the backend certificate (backendTLS.mode=certManager).
Usage: {{ include "grpc-gke.names.backendTLSCertificate" . }}
*/}}
{{- define "grpc-gke.names.backendTLSCertificate" -}}
{{- printf "%s-backend-tls" (include "grpc-gke.names.fullname" .) }}
{{- end }}

{{/*
The self-signed cert-manager Issuer the chart creates when backendTLS.certManager.issuerRef.name is empty.
Usage: {{ include "grpc-gke.names.selfSignedIssuer" . }}
*/}}
{{- define "grpc-gke.names.selfSignedIssuer" -}}
{{- printf "%s-selfsigned" (include "grpc-gke.names.fullname" .) }}
{{- end }}

{{/*
Pod volumes the chart mounts: the backend certificate and the writable /tmp.
Usage: {{ include "grpc-gke.names.volume.backendTLS" . }}, {{ include "grpc-gke.names.volume.tmp" . }}
*/}}
{{- define "grpc-gke.names.volume.backendTLS" -}}backend-tls{{- end }}
{{- define "grpc-gke.names.volume.tmp" -}}tmp{{- end }}

{{/*
The server container (probes, ports and preStop live on it).
Usage: {{ include "grpc-gke.names.container" . }}
*/}}
{{- define "grpc-gke.names.container" -}}app{{- end }}

{{/*
The headless Service of client-side balancing (clientSideBalancing): the full name, cut so `-headless` fits in a
Service name's 63 characters. In-cluster clients dial it (dns:///<it>.<namespace>.svc.<clusterDomain>:<port>, or
kubernetes:///<it>.<namespace>:grpc), so it is also in the backend certificate's DNS names.
Usage: {{ include "grpc-gke.names.headlessService" . }}
*/}}
{{- define "grpc-gke.names.headlessService" -}}
{{- printf "%s-headless" (include "grpc-gke.names.fullname" . | trunc 54 | trimSuffix "-") }}
{{- end }}

{{/*
The Role (and RoleBinding) that lets in-cluster clients resolve the pods through the Kubernetes API
(clientSideBalancing.kuberesolver).
Usage: {{ include "grpc-gke.names.kuberesolverRole" . }}
*/}}
{{- define "grpc-gke.names.kuberesolverRole" -}}
{{- printf "%s-kuberesolver" (include "grpc-gke.names.fullname" . | trunc 50 | trimSuffix "-") }}
{{- end }}

{{/*
The ServiceAccount the chart creates for clients with clientSideBalancing.kuberesolver.serviceAccount.create.
Usage: {{ include "grpc-gke.names.clientServiceAccount" . }}
*/}}
{{- define "grpc-gke.names.clientServiceAccount" -}}
{{- default (printf "%s-client" (include "grpc-gke.names.fullname" . | trunc 56 | trimSuffix "-")) .Values.clientSideBalancing.kuberesolver.serviceAccount.name }}
{{- end }}
