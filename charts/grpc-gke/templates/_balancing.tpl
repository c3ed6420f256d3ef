{{/*
Client-side balancing (clientSideBalancing): what in-cluster gRPC clients need to spread their calls over the pods.
A ClusterIP Service balances TCP connections (kube-proxy picks a pod per connection) and a gRPC client keeps one
HTTP/2 connection, so every call of that client goes to one pod, new pods get nothing and clients stay on a pod
until the connection breaks. The fix is a resolver that returns every pod address, with the `round_robin` policy:
DNS over a headless Service ("a cluster IP is not allocated, kube-proxy does not handle these Services, and there
is no load balancing or proxying done by the platform for them",
https://kubernetes.io/docs/concepts/services-networking/service/#headless-services), or kuberesolver, which watches
the Service's EndpointSlices through the API (sercand/kuberesolver). The add-on works beside every frontend's
public path; `frontend: inCluster` is the add-on without one.
*/}}

{{/*
"true" when the chart renders the add-on: clientSideBalancing.enabled, or, when that is null, the frontend's default.
The one frontend fact here: frontend=inCluster is this add-on without a public path, so it turns it on; a hook would
make every frontend implement it for that one frontend's sake.
Usage: {{ if include "grpc-gke.balancing.enabled" . }}
*/}}
{{- define "grpc-gke.balancing.enabled" -}}
{{- $set := .Values.clientSideBalancing.enabled }}
{{- if kindIs "invalid" $set }}
{{- if eq .Values.frontend "inCluster" }}true{{ end }}
{{- else if $set }}true{{ end }}
{{- end }}

{{/*
"true" when the chart grants kuberesolver clients read access to the pods' EndpointSlices (the Role and RoleBinding).
Usage: {{ if include "grpc-gke.balancing.kuberesolver" . }}
*/}}
{{- define "grpc-gke.balancing.kuberesolver" -}}
{{- if and (include "grpc-gke.balancing.enabled" .) .Values.clientSideBalancing.kuberesolver.enabled }}true{{ end }}
{{- end }}

{{/*
The ServiceAccounts bound to the kuberesolver Role, as a JSON list of RBAC subjects: the one the chart creates for
clients, then clientSideBalancing.kuberesolver.clients (namespace empty: the release namespace), without duplicates.
Usage: {{ include "grpc-gke.balancing.kuberesolverSubjects" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.balancing.kuberesolverSubjects" -}}
{{- $kr := .Values.clientSideBalancing.kuberesolver }}
{{- $subjects := list }}
{{- if $kr.serviceAccount.create }}
{{- $subjects = append $subjects (dict "kind" "ServiceAccount" "name" (include "grpc-gke.names.clientServiceAccount" .) "namespace" .Release.Namespace) }}
{{- end }}
{{- range $kr.clients }}
{{- $subjects = append $subjects (dict "kind" "ServiceAccount" "name" .name "namespace" (default $.Release.Namespace .namespace)) }}
{{- end }}
{{- $subjects | uniq | toJson }}
{{- end }}

{{/*
The RBAC rules of the kuberesolver Role, as a JSON list of PolicyRule: the API group and resource from the facts
(FACTS.kuberesolver, what its code calls: v6 lists and watches EndpointSlices, v2 to v5 get and watch Endpoints),
with `get`, `list` and `watch`, which cover every release and the tools that read one object (`kubectl get
endpointslice NAME`). Core `endpoints` only with clientSideBalancing.kuberesolver.legacyEndpoints.
Usage: {{ include "grpc-gke.balancing.kuberesolverRules" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.balancing.kuberesolverRules" -}}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $apis := list $facts.kuberesolver.endpointSlices }}
{{- if .Values.clientSideBalancing.kuberesolver.legacyEndpoints }}
{{- $apis = append $apis $facts.kuberesolver.endpoints }}
{{- end }}
{{- $rules := list }}
{{- range $apis }}
{{- $rules = append $rules (dict "apiGroups" (list .group) "resources" (list .resource) "verbs" (list "get" "list" "watch")) }}
{{- end }}
{{- toJson $rules }}
{{- end }}

{{/*
The addresses clients dial, as {"dns": ..., "kuberesolver": ..., "serviceConfig": ...}: the headless Service's
cluster DNS name with the pod port (kube-proxy is not in the path, so the port is the pod's: the Service port of
the same number), and kuberesolver's target by port name (it resolves a name through the EndpointSlices' ports).
Usage: {{ $dial := include "grpc-gke.balancing.dial" . | fromJson }}
*/}}
{{- define "grpc-gke.balancing.dial" -}}
{{- $name := include "grpc-gke.names.headlessService" . }}
{{- $ns := .Release.Namespace }}
{{- dict
  "dns" (printf "dns:///%s.%s.svc.%s:%d" $name $ns (.Values.clusterDomain | trimSuffix ".") (int .Values.ports.grpc))
  "kuberesolver" (printf "kubernetes:///%s.%s:%s" $name $ns (include "grpc-gke.ports.grpcName" .))
  "serviceConfig" `{"loadBalancingConfig":[{"round_robin":{}}]}`
  | toJson }}
{{- end }}

{{/*
NOTES.txt steps of the add-on, after the frontend's own (any frontend): the dial strings with the real names, and,
with kuberesolver, how to check the Role for each bound ServiceAccount.
Usage: {{ include "grpc-gke.balancing.notes" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.balancing.notes" -}}
{{- $steps := list }}
{{- if include "grpc-gke.balancing.enabled" . }}
{{- $dial := include "grpc-gke.balancing.dial" . | fromJson }}
{{- $headless := include "grpc-gke.names.headlessService" . }}
{{- $ns := .Release.Namespace }}
{{- $mode := .Values.backendTLS.mode }}
{{- $tls := "Cleartext h2c (backendTLS.mode=disabled): clients dial with insecure credentials." }}
{{- if include "grpc-gke.tls.enabled" . }}
{{- $trust := "the CA that signed it" }}
{{- if eq $mode "selfSigned" }}{{ $trust = printf "tls.crt of Secret %s/%s (self-signed: its own CA)" $ns (include "grpc-gke.names.backendTLSSecret" .) }}{{ end }}
{{- $tls = printf "TLS (backendTLS.mode=%s): clients verify the certificate for the name they dial; it covers\n   %s.%s.svc.%s and %s.%s.\n   Trust %s." $mode $headless $ns (.Values.clusterDomain | trimSuffix ".") $headless $ns $trust }}
{{- end }}
{{- $step := printf `In-cluster clients: balance per call over the pods through the headless Service %s
   (a ClusterIP Service balances connections, and a gRPC client keeps one: all its calls would go to one pod).

   DNS, every ready pod's address, with the round_robin policy (the channel's default service config):
     %s
     %s
   kuberesolver (watches the pods through the API; register it in the client first):
     %s

   %s` $headless $dial.dns $dial.serviceConfig $dial.kuberesolver $tls }}
{{- if and (kindIs "invalid" .Values.app.maxConnectionAgeMs) (not .Values.clientSideBalancing.kuberesolver.enabled) }}
{{- $step = printf "%s\n\n   DNS clients re-resolve only when a connection closes (at most every 30 s), so they reach new pods only\n   after the server closes old connections: %s" $step (ternary "Kestrel cannot by itself (see the chart README: a GOAWAY\n   middleware, or a DNS refresh in .NET clients), or use kuberesolver." "set app.maxConnectionAgeMs (e.g. 300000) if the server honours\n   GRPC_MAX_CONNECTION_AGE_MS." (eq .Values.app.preset "aspnetcore")) }}
{{- end }}
{{- $steps = append $steps $step }}
{{- if include "grpc-gke.balancing.kuberesolver" . }}
{{- $checks := list }}
{{- range include "grpc-gke.balancing.kuberesolverSubjects" . | fromJsonArray }}
{{- $checks = append $checks (printf "   kubectl auth can-i --as=system:serviceaccount:%s:%s -n %s list endpointslices.discovery.k8s.io\n   kubectl auth can-i --as=system:serviceaccount:%s:%s -n %s watch endpointslices.discovery.k8s.io" .namespace .name $ns .namespace .name $ns) }}
{{- end }}
{{- $steps = append $steps (printf "Check that the clients' ServiceAccounts may resolve the pods through the API (Role %s;\n   each must answer yes):\n\n%s" (include "grpc-gke.names.kuberesolverRole" .) (join "\n" $checks)) }}
{{- end }}
{{- end }}
{{- toJson $steps }}
{{- end }}
