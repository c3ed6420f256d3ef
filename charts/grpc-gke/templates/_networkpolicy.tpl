{{/*
NetworkPolicy helpers (templates/networkpolicy.yaml): the sources of Google's load balancers, which the gkeIngress and
gkeGateway frontends' `networkPolicy` hooks share, and the egress rules.
*/}}

{{/*
NetworkPolicy sources of a Google Application Load Balancer in front of NEGs, as the `networkPolicy` hook returns them
(see _frontend.tpl). Its health checkers always connect from Google's ranges (FACTS.loadBalancer.healthCheckSourceRanges).
Its proxies connect from the same ranges on the Google Front End (global) load balancers, and from the region's
proxy-only subnet (networkPolicy.proxyOnlySubnets) on the regional and internal ones (Envoy): "GFE proxy ranges: same as
health check ranges if the backends are ... zonal NEGs (GCE_VM_IP_PORT)", and Envoy-based load balancers send "from IP
addresses in the proxy-only subnet" (https://cloud.google.com/load-balancing/docs/firewall-rules). ingress-gce opens the
same sources in the VPC firewall (kubernetes/ingress-gce pkg/firewalls/controller.go). `healthCheckOnGrpcPort`: the
health check targets the grpc port itself (a gRPC check of an h2c port), so its checkers are admitted there instead of
on the health port.
`class`: the value that picks the load balancer, as `<value>=<class>`, for the guard GOOGLE-LB-NETWORK-POLICY.
Usage: {{ include "grpc-gke.networkPolicy.googleLoadBalancer" (dict "root" $ "class" "gkeIngress.ingress.class=gce" "global" true "healthCheckOnGrpcPort" false) }}
*/}}
{{- define "grpc-gke.networkPolicy.googleLoadBalancer" -}}
{{- $root := .root }}
{{- $facts := include "grpc-gke.facts" $root | fromJson }}
{{- $checkers := list }}
{{- range $facts.loadBalancer.healthCheckSourceRanges }}
{{- $checkers = append $checkers (dict "ipBlock" (dict "cidr" .)) }}
{{- end }}
{{- $proxies := $checkers }}
{{- if not .global }}
{{- $proxies = list }}
{{- range $root.Values.networkPolicy.proxyOnlySubnets }}
{{- $proxies = append $proxies (dict "ipBlock" (dict "cidr" .)) }}
{{- end }}
{{- if .healthCheckOnGrpcPort }}
{{- $proxies = concat $proxies $checkers }}
{{- end }}
{{- end }}
{{- $loadBalancer := dict "class" .class "global" .global }}
{{- dict "supported" true "ownSources" true "grpcFrom" $proxies "healthFrom" (ternary list $checkers (eq .healthCheckOnGrpcPort true)) "loadBalancer" $loadBalancer | toJson }}
{{- end }}

{{/*
Egress rules of the NetworkPolicy, as a JSON list: none (egress not restricted) without networkPolicy.egress; with it,
DNS (port 53, UDP and TCP, to any address: kube-dns, or NodeLocal DNSCache's node-local address), the GKE metadata
server with Workload Identity (FACTS.workloadIdentity.metadataServerEgress: Dataplane V2 and Calico answer it on
different addresses and ports), then networkPolicy.egress.
Usage: {{ $egress := include "grpc-gke.networkPolicy.egress" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.networkPolicy.egress" -}}
{{- $rules := list }}
{{- with .Values.networkPolicy.egress }}
{{- $rules = append $rules (dict "ports" (list (dict "protocol" "UDP" "port" 53) (dict "protocol" "TCP" "port" 53))) }}
{{- if include "grpc-gke.serviceAccount.gcpServiceAccount" $ }}
{{- $facts := include "grpc-gke.facts" $ | fromJson }}
{{- range $facts.workloadIdentity.metadataServerEgress }}
{{- $rules = append $rules (dict "to" (list (dict "ipBlock" (dict "cidr" .cidr))) "ports" (list (dict "protocol" "TCP" "port" (int .port)))) }}
{{- end }}
{{- end }}
{{- $rules = concat $rules . }}
{{- end }}
{{- toJson $rules }}
{{- end }}
