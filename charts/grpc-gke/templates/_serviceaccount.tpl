{{/*
The server's ServiceAccount (templates/serviceaccount.yaml): Workload Identity Federation for GKE.
*/}}

{{/*
The Google service account the pods act as through Workload Identity: serviceAccount.workloadIdentity.gcpServiceAccount,
else an `iam.gke.io/gcp-service-account` given in serviceAccount.annotations (guard WORKLOAD-IDENTITY refuses two
different ones); empty for none.
Usage: {{ include "grpc-gke.serviceAccount.gcpServiceAccount" . }}
*/}}
{{- define "grpc-gke.serviceAccount.gcpServiceAccount" -}}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- .Values.serviceAccount.workloadIdentity.gcpServiceAccount | default (get (.Values.serviceAccount.annotations | default dict) $facts.workloadIdentity.gcpServiceAccountAnnotation) }}
{{- end }}

{{/*
Annotations of the ServiceAccount: serviceAccount.annotations, with the Workload Identity annotation of
serviceAccount.workloadIdentity.gcpServiceAccount. The GKE metadata server reads it to pick the Google service account
whose tokens it hands the pods (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity); the pods need
no Kubernetes token for that, so automountServiceAccountToken stays false.
Usage: {{ include "grpc-gke.serviceAccount.annotations" . | fromJson }}
*/}}
{{- define "grpc-gke.serviceAccount.annotations" -}}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $annotations := deepCopy (.Values.serviceAccount.annotations | default dict) }}
{{- with .Values.serviceAccount.workloadIdentity.gcpServiceAccount }}
{{- $_ := set $annotations $facts.workloadIdentity.gcpServiceAccountAnnotation . }}
{{- end }}
{{- toJson $annotations }}
{{- end }}
