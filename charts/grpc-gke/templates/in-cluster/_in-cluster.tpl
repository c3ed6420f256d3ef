{{/*
The in-cluster frontend (frontend: inCluster): no public path. The pods are reached only from inside the cluster,
by gRPC clients that balance per call over them through the client-side balancing add-on (clientSideBalancing, on by
default with this frontend: the headless Service, kuberesolver access; templates/_balancing.tpl), beside the plain
ClusterIP Service (for `helm test`, port-forwarding and clients that do not balance). Its hooks (see _frontend.tpl).
*/}}

{{/* No annotation: nothing in front of the Service reads one. */}}
{{- define "grpc-gke.inCluster.serviceAnnotations" -}}
{{- dict | toJson }}
{{- end }}

{{/* What the port serves (HTTP2: HTTP/2 over TLS; kubernetes.io/h2c: cleartext), for meshes and tools that read it. */}}
{{- define "grpc-gke.inCluster.grpcAppProtocol" -}}
{{- include "grpc-gke.ports.defaultGrpcAppProtocol" . }}
{{- end }}

{{/*
No proxy drains connections: clients hold their own to each pod, which the server closes with a GOAWAY when it
drains (gracefulShutdown.appDrainSeconds), and the pod leaves the headless Service's addresses (EndpointSlices) as
soon as it terminates.
*/}}
{{- define "grpc-gke.inCluster.drainingSeconds" -}}0{{- end }}

{{/* Clients reach the pods directly: the scheme a client sends is the connection's. */}}
{{- define "grpc-gke.inCluster.cleartextBehindTls" -}}{{- end }}

{{/*
NetworkPolicy sources of this frontend (see _frontend.tpl): none of its own, the clients (networkPolicy.clients) are
all there is.
*/}}
{{- define "grpc-gke.inCluster.networkPolicy" -}}
{{- dict "supported" true "grpcFrom" list "healthFrom" list | toJson }}
{{- end }}

{{/* Nothing added to the pod: the frontend runs outside it (the `pod` hook, see _frontend.tpl). */}}
{{- define "grpc-gke.inCluster.pod" -}}{}{{- end }}

{{/* No proxy in front: the clients hold their own connections and reconnect on GOAWAY. */}}
{{- define "grpc-gke.inCluster.backendIdleSeconds" -}}0{{- end }}
