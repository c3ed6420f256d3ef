{{/*
NOTES.txt steps of the in-cluster frontend (the hook grpc-gke.inCluster.notes): there is no public address; the
client-side balancing steps (dial strings, the kuberesolver check) follow from NOTES.txt for every frontend that has
the add-on (grpc-gke.balancing.notes).
*/}}
{{- define "grpc-gke.inCluster.notes" -}}
{{- $fullname := include "grpc-gke.names.fullname" . }}
{{- $port := int .Values.ports.grpc }}
{{- $tls := include "grpc-gke.tls.enabled" . }}
{{- $step := printf `No public frontend (frontend=inCluster): only clients inside the cluster reach the service. To try it
   from your machine (one pod, through the ClusterIP Service):

   kubectl -n %s port-forward svc/%s %d:%d
   grpcurl %s localhost:%d grpc.health.v1.Health/Check` .Release.Namespace $fullname $port $port (ternary "-insecure" "-plaintext" (eq $tls "true")) $port }}
{{- list $step | toJson }}
{{- end }}
