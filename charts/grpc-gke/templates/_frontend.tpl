{{/*
Frontends. `frontend` picks one; each frontend implements the hooks below as grpc-gke.<frontend>.<hook>,
in its own folder (templates/gke-ingress/_gke-ingress.tpl, ...), so the neutral templates never hold a
frontend-only fact. The `none` frontend's hooks are here: a plain ClusterIP Service and nothing else.

Hooks (each called with the root context):
  serviceAnnotations  JSON map of the Service's annotations.
  grpcAppProtocol     appProtocol of the grpc Service port.
  drainingSeconds     seconds the frontend drains a terminating pod's connections (0 when it does not).
  backendIdleSeconds  seconds the frontend keeps an idle connection to a pod open for reuse (0: no proxy in front);
                      a server that closes idle connections sooner races the reuse (502s); -1: without limit.
  cleartextBehindTls  "true" when clients reach the frontend over TLS while it speaks cleartext h2c to the grpc
                      port, so an HTTP/2 request may arrive with `:scheme: https` on a cleartext connection (the
                      aspnetcore preset then lets Kestrel accept it); empty otherwise.
  guards              JSON list of the ids of the frontend's guards (grpc-gke.guard.<ID>, see _guards.tpl).
  notes               JSON list of NOTES.txt steps, each a text whose first line is the step's title.
  networkPolicy       JSON {"supported": bool, "reason": text, "ownSources": bool, "grpcFrom": [NetworkPolicyPeer],
                      "healthFrom": [NetworkPolicyPeer]}: the frontend's own sources the NetworkPolicy admits besides
                      networkPolicy.clients (its proxies on the grpc port and extraPorts, its health checkers on the
                      health port), or why it cannot have one yet. `ownSources`: the frontend reaches the pods from
                      sources of its own, so networkPolicy.clients may be empty (its guards refuse a value it misses).
                      Called only with networkPolicy.enabled (templates/networkpolicy.yaml, guard NETWORK-POLICY).
  pod                 JSON {"annotations": {...}, "initContainers": [Container], "volumes": [Volume], "targetPorts":
                      {"grpc": <port>, "health": <port>}}, each key optional: what the frontend adds to the pod (pod
                      annotations, under podAnnotations; native sidecars, after initContainers; volumes, after
                      extraVolumes) and, when a sidecar fronts the app, the container ports the Service's grpc and health
                      ports land on (default: the app's ports, by name). `{}` for a frontend that adds nothing.
*/}}

{{- define "grpc-gke.none.serviceAnnotations" -}}
{{- dict | toJson }}
{{- end }}

{{- define "grpc-gke.none.grpcAppProtocol" -}}
{{- include "grpc-gke.ports.defaultGrpcAppProtocol" . }}
{{- end }}

{{- define "grpc-gke.none.drainingSeconds" -}}0{{- end }}

{{- define "grpc-gke.none.backendIdleSeconds" -}}0{{- end }}

{{- /* No proxy in front of the pod: the scheme a client sends is the connection's. */}}
{{- define "grpc-gke.none.cleartextBehindTls" -}}{{- end }}

{{- define "grpc-gke.none.guards" -}}
{{- list | toJson }}
{{- end }}

{{- /* The frontend the user runs in the cluster is a client like any other (networkPolicy.clients). */}}
{{- define "grpc-gke.none.networkPolicy" -}}
{{- dict "supported" true "grpcFrom" list "healthFrom" list | toJson }}
{{- end }}

{{- /* Nothing in the pod: the frontend the user runs is outside it. */}}
{{- define "grpc-gke.none.pod" -}}{}{{- end }}

{{- define "grpc-gke.none.notes" -}}
{{- $fullname := include "grpc-gke.names.fullname" . }}
{{- $tls := include "grpc-gke.tls.enabled" . }}
{{- $port := int .Values.ports.grpc }}
{{- $step := printf `No frontend (frontend=none). Reach the server from your machine:

   kubectl -n %s port-forward svc/%s %d:%d
   grpcurl %s localhost:%d grpc.health.v1.Health/Check` .Release.Namespace $fullname $port $port (ternary "-insecure" "-plaintext" (eq $tls "true")) $port }}
{{- list $step | toJson }}
{{- end }}
