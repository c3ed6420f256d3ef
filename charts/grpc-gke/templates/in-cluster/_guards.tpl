{{/*
Guards of the in-cluster frontend (frontend: inCluster). See _guards.tpl for how guards work; the client-side
balancing add-on's own guards (CLIENT-SIDE-BALANCING-*) are core guards, since it works with every frontend.
*/}}

{{/* The hook: this frontend's guards (it renders nothing of googleLoadBalancer). */}}
{{- define "grpc-gke.inCluster.guards" -}}
{{- list "IN-CLUSTER-BALANCING" | toJson }}
{{- end }}

{{/*
Guard IN-CLUSTER-BALANCING: frontend=inCluster with clientSideBalancing.enabled=false (the frontend is that add-on
without a public path).
*/}}
{{- define "grpc-gke.guard.IN-CLUSTER-BALANCING" -}}
{{- $m := list }}
{{- $set := .Values.clientSideBalancing.enabled }}
{{- if and (not (kindIs "invalid" $set)) (not $set) }}
{{- $m = append $m "clientSideBalancing.enabled=false with frontend=inCluster: this frontend is the client-side balancing add-on without a public path, so the chart would render only a ClusterIP Service, which balances connections, not calls: each gRPC client would send all its calls to one pod. Fix: remove clientSideBalancing.enabled (null: on with this frontend), or use frontend=none for a plain ClusterIP Service." }}
{{- end }}
{{- toJson $m }}
{{- end }}
