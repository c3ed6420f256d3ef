{{/*
Guards of the ingress-nginx frontend (frontend: nginx). See _guards.tpl for how guards work. The annotation guards
read the gRPC Ingress's merged annotations (grpc-gke.nginx.grpcAnnotations), so a value given through
nginx.ingress.annotations is checked like the chart's own.
*/}}

{{/* The hook: this frontend's guards (it renders no googleLoadBalancer values). */}}
{{- define "grpc-gke.nginx.guards" -}}
{{- list "NGINX-HOSTS" "NGINX-TLS-HOSTS" "NGINX-TLS-SECRETS" "NGINX-READINESS" "NGINX-BACKEND-PROTOCOL" "NGINX-STREAM-TIMEOUTS" "NGINX-REWRITE" "NGINX-FOREIGN-ANNOTATIONS" "NGINX-EXTRA-PATHS" "NGINX-ISSUER" "NGINX-ACME" "NGINX-NETWORK-POLICY" | toJson }}
{{- end }}

{{/*
Guard NGINX-HOSTS: the gRPC Ingress without a host (gRPC clients reach ingress-nginx over TLS, by host name).
*/}}
{{- define "grpc-gke.guard.NGINX-HOSTS" -}}
{{- $m := list }}
{{- if not .Values.nginx.ingress.hosts }}
{{- $m = append $m "nginx.ingress.hosts is empty with frontend=nginx: the Ingress would have no rule, and gRPC clients speak HTTP/2 to ingress-nginx only on its TLS listener, which serves a certificate per host name (without one, the controller's self-signed default). Fix: set nginx.ingress.hosts, e.g. [{host: api.example.com}], and a TLS entry for it in nginx.ingress.tls." }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard NGINX-TLS-HOSTS: a TLS host no rule routes (ingress-nginx never serves that entry), or a routed host with no
TLS entry (it gets the controller's default certificate); a wildcard TLS host covers the hosts one label below it.
*/}}
{{- define "grpc-gke.guard.NGINX-TLS-HOSTS" -}}
{{- $m := list }}
{{- /* ingress-nginx takes a server's certificate from the tls entry of the same Ingress that lists the rule's host, else the default certificate (kubernetes/ingress-nginx internal/ingress/controller/controller.go, createServers and extractTLSSecretName). */}}
{{- $ing := .Values.nginx.ingress }}
{{- $hosts := include "grpc-gke.nginx.hosts" . | fromJsonArray }}
{{- range $tls := $ing.tls }}
{{- range $tlsHost := $tls.hosts }}
{{- $routed := false }}
{{- range $host := $hosts }}{{ if include "grpc-gke.nginx.covers" (list $tlsHost $host) }}{{ $routed = true }}{{ end }}{{ end }}
{{- if not $routed }}
{{- $m = append $m (printf "nginx.ingress.tls lists %q (secretName %s), which no nginx.ingress.hosts rule routes: ingress-nginx uses a tls entry only for the hosts of the Ingress's own rules it matches, so the certificate would never be served for it%s. Fix: add {host: %s} to nginx.ingress.hosts, or remove it from the tls entry." $tlsHost $tls.secretName (ternary ", yet cert-manager would still ask the CA for it" "" (ne $.Values.nginx.certManager.mode "none")) $tlsHost) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $host := $hosts }}
{{- $covered := false }}
{{- range $tls := $ing.tls }}{{ range $tlsHost := $tls.hosts }}{{ if include "grpc-gke.nginx.covers" (list $tlsHost $host) }}{{ $covered = true }}{{ end }}{{ end }}{{ end }}
{{- if not $covered }}
{{- $m = append $m (printf "nginx.ingress.hosts routes %q, which no nginx.ingress.tls entry covers: ingress-nginx would serve it with its self-signed default certificate, which gRPC clients refuse, and HTTP/2 only exists on TLS. Fix: add %q to the hosts of an nginx.ingress.tls entry (or a new one, e.g. {secretName: %s-tls, hosts: [%s]})." $host $host (regexReplaceAll "[^a-z0-9-]" (trimPrefix "*." $host) "-") $host) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard NGINX-TLS-SECRETS: two TLS entries with one Secret, or a frontend certificate Secret that is the backend
certificate's.
*/}}
{{- define "grpc-gke.guard.NGINX-TLS-SECRETS" -}}
{{- $m := list }}
{{- $seen := list }}
{{- $backend := include "grpc-gke.names.backendTLSSecret" . }}
{{- range .Values.nginx.ingress.tls }}
{{- if has .secretName $seen }}
{{- /* cert-manager pkg/controller/certificate-shim/sync.go checkForDuplicateSecretNames. */}}
{{- $m = append $m (printf "nginx.ingress.tls has two entries with secretName %s: one Secret holds one certificate, so one entry's hosts would get the other's certificate, and cert-manager's ingress-shim refuses the whole Ingress. Fix: give each entry its own secretName, or list all its hosts in one entry." .secretName) }}
{{- end }}
{{- $seen = append $seen .secretName }}
{{- if and (include "grpc-gke.tls.enabled" $) (eq .secretName $backend) }}
{{- $m = append $m (printf "nginx.ingress.tls secretName %s is the Secret of the backend certificate (backendTLS.mode=%s): the frontend certificate (public, for clients) and the backend certificate (for the pod's grpc port, with the Service's names) would overwrite each other. Fix: name the frontend Secret after its hosts, e.g. api-example-com-tls." .secretName $.Values.backendTLS.mode) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard NGINX-READINESS: no readiness probe (ingress-nginx sends requests to every ready endpoint).
*/}}
{{- define "grpc-gke.guard.NGINX-READINESS" -}}
{{- $m := list }}
{{- if not .Values.probes.readiness.enabled }}
{{- $m = append $m "probes.readiness.enabled=false with frontend=nginx: ingress-nginx balances over the Service's ready endpoints, so a pod would take requests before its server listens, and rollouts (maxUnavailable 0, minReadySeconds) would not wait for it; clients get 502s. Fix: keep probes.readiness.enabled=true." }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard NGINX-BACKEND-PROTOCOL: a backend-protocol annotation that does not match what the grpc port serves (GRPCS to a
cleartext port, GRPC to a TLS one, a non-gRPC protocol, or a lower-case grpc for which no gRPC timeout is derived).
*/}}
{{- define "grpc-gke.guard.NGINX-BACKEND-PROTOCOL" -}}
{{- $m := list }}
{{- $key := include "grpc-gke.nginx.annotation" (list . "backend-protocol") }}
{{- $given := get (include "grpc-gke.nginx.grpcAnnotations" . | fromJson) $key }}
{{- $want := include "grpc-gke.nginx.backendProtocol" . }}
{{- $tls := include "grpc-gke.tls.enabled" . }}
{{- if ne $given $want }}
{{- if eq (upper $given) $want }}
{{- /* nginx.tmpl derives grpc_read_timeout/grpc_send_timeout only for the exact GRPC and GRPCS, while buildProxyPass upper-cases the value for grpc_pass. */}}
{{- $m = append $m (printf "nginx.ingress.annotations sets %s=%s: ingress-nginx accepts it and proxies with grpc_pass, but derives grpc_read_timeout and grpc_send_timeout from the proxy timeouts only for the upper-case %s, so streams would be cut after nginx's 60 s. Fix: remove the annotation (the chart sets %s), or write %s." $key $given $want $want $want) }}
{{- else if and (eq (upper $given) "GRPCS") (not $tls) }}
{{- $m = append $m (printf "nginx.ingress.annotations sets %s=%s with backendTLS.mode=disabled: ingress-nginx would open TLS to the grpc port, which serves cleartext h2c, and every call fails with 502. Fix: remove the annotation (the chart sets GRPC), or give the pod a certificate with backendTLS.mode=selfSigned." $key $given) }}
{{- else if and (eq (upper $given) "GRPC") $tls }}
{{- $m = append $m (printf "nginx.ingress.annotations sets %s=%s with backendTLS.mode=%s: ingress-nginx would speak cleartext HTTP/2 to the grpc port, which serves TLS, and every call fails with 502. Fix: remove the annotation (the chart sets GRPCS), or set backendTLS.mode=disabled to serve h2c." $key $given .Values.backendTLS.mode) }}
{{- else }}
{{- $m = append $m (printf "nginx.ingress.annotations sets %s=%s: ingress-nginx would proxy HTTP/1.1 (or FastCGI) to the grpc port, which serves gRPC over HTTP/2, so every call fails. Fix: remove the annotation; the chart sets %s (%s to the pod)." $key $given $want (ternary "TLS" "cleartext h2c" (eq $tls "true"))) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard NGINX-STREAM-TIMEOUTS: a proxy read or send timeout of the gRPC Ingress at or under the controller's default
60 s, which closes idle streams.
*/}}
{{- define "grpc-gke.guard.NGINX-STREAM-TIMEOUTS" -}}
{{- $m := list }}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $default := int $facts.nginx.defaultProxyTimeoutSec }}
{{- $annotations := include "grpc-gke.nginx.grpcAnnotations" . | fromJson }}
{{- range $name := list "proxy-read-timeout" "proxy-send-timeout" }}
{{- $key := include "grpc-gke.nginx.annotation" (list $ $name) }}
{{- $value := get $annotations $key }}
{{- if not (regexMatch "^[0-9]+$" $value) }}
{{- $m = append $m (printf "%s=%q is not a number of seconds: ingress-nginx ignores the annotation and keeps its %d s, which closes a gRPC stream or websocket after %d s without a message. Fix: use whole seconds, e.g. \"3600\"." $key $value $default $default) }}
{{- else if le (int $value) $default }}
{{- $m = append $m (printf "%s=%s (nginx.ingress.%s, or nginx.ingress.annotations) is not above ingress-nginx's default of %d s: with backend protocol GRPC/GRPCS it becomes grpc_%s_timeout, so a stream that stays silent that long is closed. Fix: use e.g. 3600, more than the longest silence of your streams (keep-alive pings count as traffic)." $key $value (ternary "proxyReadTimeoutSeconds" "proxySendTimeoutSeconds" (eq $name "proxy-read-timeout")) $default (ternary "read" "send" (eq $name "proxy-read-timeout"))) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard NGINX-REWRITE: rewrite-target on the gRPC Ingress (nginx sends the rewritten URI as the gRPC :path).
*/}}
{{- define "grpc-gke.guard.NGINX-REWRITE" -}}
{{- $m := list }}
{{- /* kubernetes/ingress-nginx internal/ingress/controller/template/template.go buildProxyPass adds `rewrite ... break` before grpc_pass; nginx ngx_http_grpc_module.c builds :path from the rewritten r->uri. */}}
{{- $key := include "grpc-gke.nginx.annotation" (list . "rewrite-target") }}
{{- with get (include "grpc-gke.nginx.grpcAnnotations" .| fromJson) $key }}
{{- $m = append $m (printf "nginx.ingress.annotations sets %s=%s on the gRPC Ingress: nginx would send the rewritten URI as the gRPC :path, so /package.Service/Method no longer names a method and every call fails with UNIMPLEMENTED. Fix: remove it; route gRPC by path prefix (/package.Service/) in nginx.ingress.hosts, and put paths that need a rewrite in nginx.ingress.extraPaths with nginx.ingress.extraPathsAnnotations." $key .) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard NGINX-FOREIGN-ANNOTATIONS: annotations of the other NGINX controller (`nginx.org/*`, F5 NGINX Ingress
Controller), which ingress-nginx ignores.
*/}}
{{- define "grpc-gke.guard.NGINX-FOREIGN-ANNOTATIONS" -}}
{{- $m := list }}
{{- $ing := .Values.nginx.ingress }}
{{- range $value := list "annotations" "extraPathsAnnotations" }}
{{- range $key := keys (get $ing $value | default dict) | sortAlpha }}
{{- if hasPrefix "nginx.org/" $key }}
{{- $m = append $m (printf "nginx.ingress.%s sets %s: nginx.org/* annotations belong to F5's NGINX Ingress Controller, and ingress-nginx reads only nginx.ingress.kubernetes.io/*, so it would be silently ignored (websockets and gRPC need no such annotation here). Fix: remove it, or use the ingress-nginx annotation of the same meaning under nginx.ingress.kubernetes.io/." $value $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard NGINX-EXTRA-PATHS: an extra path to a port that is not in extraPorts or not served as cleartext HTTP/1.1, on a
host the gRPC Ingress does not route (so without TLS), or on a path the gRPC Ingress routes already.
*/}}
{{- define "grpc-gke.guard.NGINX-EXTRA-PATHS" -}}
{{- $m := list }}
{{- $ing := .Values.nginx.ingress }}
{{- $ports := include "grpc-gke.nginx.extraPortsByName" . | fromJson }}
{{- $hosts := include "grpc-gke.nginx.hosts" . | fromJsonArray }}
{{- $names := keys $ports | sortAlpha | join ", " | default "none" }}
{{- $grpcPaths := list }}
{{- range $ing.hosts }}{{ $host := .host }}{{ range (.paths | default (list (dict "path" "/" "pathType" "Prefix"))) }}{{ $grpcPaths = append $grpcPaths (printf "%s %s %s" $host .path (.pathType | default "Prefix")) }}{{ end }}{{ end }}
{{- range include "grpc-gke.nginx.extraPaths" . | fromJsonArray }}
{{- $port := get $ports .port }}
{{- if not $port }}
{{- $m = append $m (printf "nginx.ingress.extraPaths routes %s to port %q, which is not in extraPorts (%s): the Ingress would name a Service port that does not exist and ingress-nginx would answer 503. Fix: add {name: %s, port: <number>} to extraPorts, or correct the name." .path .port $names .port) }}
{{- else if has (lower ($port.appProtocol | default "http")) (list "https" "http2" "kubernetes.io/h2c" "h2c" "grpc" "grpcs" "kubernetes.io/wss") }}
{{- $m = append $m (printf "nginx.ingress.extraPaths routes %s to extra port %s, whose appProtocol is %s: the extra-paths Ingress speaks cleartext HTTP/1.1 (and websockets) to the pod, which would not match what the port serves. Fix: serve HTTP/1.1 on that port (appProtocol http or kubernetes.io/ws), or publish it another way." .path .port $port.appProtocol) }}
{{- end }}
{{- $path := . }}
{{- range $host := .hosts }}
{{- if not (has $host $hosts) }}
{{- $m = append $m (printf "nginx.ingress.extraPaths routes %s on host %q, which nginx.ingress.hosts does not route: its certificate comes from the gRPC Ingress's tls, so that host would have none (plain HTTP, or the controller's default certificate). Fix: add {host: %s} to nginx.ingress.hosts with a tls entry, or drop it from the path's hosts." $path.path $host $host) }}
{{- else if has (printf "%s %s %s" $host $path.path $path.pathType) $grpcPaths }}
{{- $m = append $m (printf "nginx.ingress.extraPaths routes %s (%s) on %q, a path the gRPC Ingress routes to the grpc port too: ingress-nginx keeps one of the two locations, so either gRPC or the extra port would silently lose it. Fix: use a more specific path for the extra port (e.g. /auth), or route gRPC by /package.Service/ prefixes in nginx.ingress.hosts[].paths." $path.path $path.pathType $host) }}
{{- end }}
{{- end }}
{{- end }}
{{- $key := include "grpc-gke.nginx.annotation" (list . "backend-protocol") }}
{{- with get ($ing.extraPathsAnnotations | default dict) $key }}
{{- if ne (upper .) "HTTP" }}
{{- $m = append $m (printf "nginx.ingress.extraPathsAnnotations sets %s=%s: the extra paths go to ports that serve cleartext HTTP/1.1 and websockets (the chart refuses others), so ingress-nginx would speak the wrong protocol to them. Fix: remove it." $key .) }}
{{- end }}
{{- end }}
{{- if and $ing.extraPathsAnnotations (not $ing.extraPaths) }}
{{- $m = append $m "nginx.ingress.extraPathsAnnotations is set without nginx.ingress.extraPaths: there is no extra-paths Ingress to carry them, so they would be silently ignored. Fix: remove them, or put gRPC Ingress annotations in nginx.ingress.annotations." }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard NGINX-ISSUER: no issuer for the frontend certificates, two of them (one created and one named, or one named
by hand in the Ingress annotations), or an issuer created for nothing.
*/}}
{{- define "grpc-gke.guard.NGINX-ISSUER" -}}
{{- $m := list }}
{{- $cm := .Values.nginx.certManager }}
{{- if and $cm.issuer.create $cm.issuerRef.name }}
{{- $m = append $m (printf "nginx.certManager.issuer.create=true with nginx.certManager.issuerRef.name=%s: two issuers for the frontend certificates; the chart would create its ACME issuer and silently ignore issuerRef. Fix: set nginx.certManager.issuer.create=false to use %s, or issuerRef.name=\"\" to use the chart's issuer." $cm.issuerRef.name $cm.issuerRef.name) }}
{{- else if and (ne $cm.mode "none") (not $cm.issuer.create) (not $cm.issuerRef.name) }}
{{- $m = append $m (printf "nginx.certManager.mode=%s with nginx.certManager.issuer.create=false and no nginx.certManager.issuerRef.name: the certificates would name no issuer, so cert-manager never fills the TLS Secrets and ingress-nginx serves its self-signed default certificate. Fix: set nginx.certManager.issuerRef.name (and kind) to an existing issuer, set issuer.create=true, or mode=none to provide the Secrets yourself." $cm.mode) }}
{{- else if and (eq $cm.mode "none") $cm.issuer.create }}
{{- $m = append $m "nginx.certManager.mode=none with nginx.certManager.issuer.create=true: no certificate would name the issuer the chart creates, so it would register an ACME account for nothing. Fix: set nginx.certManager.issuer.create=false when you provide the TLS Secrets yourself, or mode=ingressShim (or certificates) to have them issued." }}
{{- end }}
{{- range $key := list "cert-manager.io/issuer" "cert-manager.io/cluster-issuer" }}
{{- with get ($.Values.nginx.ingress.annotations | default dict) $key }}
{{- $m = append $m (printf "nginx.ingress.annotations sets %s=%s: the issuer of the frontend certificates is a value of the chart (nginx.certManager), and a second one here would %s. Fix: remove the annotation and set nginx.certManager.issuerRef.name=%s with issuer.create=false." $key . (ternary "make cert-manager's ingress-shim create a second Certificate for each Secret the chart's Certificates already fill (nginx.certManager.mode=certificates)" "replace the issuer the chart chose without the guards knowing" (eq $cm.mode "certificates")) .) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard NGINX-ACME: an ACME issuer the chart cannot make work: a custom environment without a server or a server next
to a Let's Encrypt environment, Cloud DNS without a project, or a wildcard host with the http01 solver.
*/}}
{{- define "grpc-gke.guard.NGINX-ACME" -}}
{{- $m := list }}
{{- $cm := .Values.nginx.certManager }}
{{- $acme := $cm.issuer.acme }}
{{- if $cm.issuer.create }}
{{- if and (eq $acme.environment "custom") (not $acme.server) }}
{{- $m = append $m "nginx.certManager.issuer.acme.environment=custom without nginx.certManager.issuer.acme.server: cert-manager refuses an ACME issuer without a server URL. Fix: set acme.server to the CA's ACME directory (https://...), or environment=staging or production for Let's Encrypt." }}
{{- else if and (ne $acme.environment "custom") $acme.server }}
{{- $m = append $m (printf "nginx.certManager.issuer.acme.server=%s with nginx.certManager.issuer.acme.environment=%s: the environment picks Let's Encrypt's %s directory, so the server would be silently ignored. Fix: set environment=custom to use that server, or remove it." $acme.server $acme.environment $acme.environment) }}
{{- end }}
{{- if and (eq $acme.solver.type "dns01") (not $acme.solver.cloudDNS.project) }}
{{- /* cert-manager pkg/apis/acme/v1/types_issuer.go: cloudDNS.project is required. */}}
{{- $m = append $m "nginx.certManager.issuer.acme.solver.type=dns01 without nginx.certManager.issuer.acme.solver.cloudDNS.project: cert-manager needs the GCP project of the Cloud DNS zone to write the challenge's TXT record, so no certificate would be issued. Fix: set solver.cloudDNS.project." }}
{{- end }}
{{- if and (eq $acme.solver.type "http01") (ne $cm.mode "none") }}
{{- range .Values.nginx.ingress.tls }}{{ range .hosts }}
{{- if hasPrefix "*." . }}
{{- /* https://letsencrypt.org/docs/challenge-types/: HTTP-01 cannot validate wildcard names. */}}
{{- $m = append $m (printf "nginx.ingress.tls lists the wildcard %q with nginx.certManager.issuer.acme.solver.type=http01: an ACME CA validates a wildcard name only through DNS-01 (the CA cannot fetch a token from every subdomain), so the certificate would never be issued. Fix: set solver.type=dns01 with solver.cloudDNS, or list each host name." .) }}
{{- end }}
{{- end }}{{ end }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard NGINX-NETWORK-POLICY: a NetworkPolicy without the namespace of the ingress-nginx controller, whose pods are the ones
that call the grpc port.
*/}}
{{- define "grpc-gke.guard.NGINX-NETWORK-POLICY" -}}
{{- $m := list }}
{{- if and .Values.networkPolicy.enabled (not .Values.nginx.controller.namespace) }}
{{- $m = append $m "networkPolicy.enabled=true with nginx.controller.namespace empty: ingress-nginx proxies gRPC to the pods from its controller pods, which the NetworkPolicy could not name without their namespace, so it would refuse them and every call would fail with 502 (or 504 after the connect timeout). Fix: set nginx.controller.namespace to the namespace the controller runs in (kubectl get pods -A -l app.kubernetes.io/name=ingress-nginx), and nginx.controller.podLabels if its pods are not labelled app.kubernetes.io/name: ingress-nginx and app.kubernetes.io/component: controller; or set networkPolicy.enabled=false." }}
{{- end }}
{{- toJson $m }}
{{- end }}
