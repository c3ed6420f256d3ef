{{/*
Render-time guards. Each guard is one define, grpc-gke.guard.<ID>, that returns a JSON list of messages (empty
when the values are fine); each message names the value (and its value), says what GKE or Kubernetes would do
with it, and gives the fix. A guard is listed in exactly one group: the core list below, the Google load
balancer list below, or a frontend's own (grpc-gke.<frontend>.guards). The comment above each define
("Guard <ID>: ...") is its line in the chart README's guard table (`npm run docs`).
*/}}

{{/*
Runs the core guards and the chosen frontend's, then fails once with every message, each prefixed by its id.
Usage: {{ include "grpc-gke.guards.run" . }} (templates/validate.yaml)
*/}}
{{- define "grpc-gke.guards.run" -}}
{{- $ids := concat (include "grpc-gke.guards.core" . | fromJsonArray) (include (printf "grpc-gke.%s.guards" .Values.frontend) . | fromJsonArray) }}
{{- $messages := list }}
{{- range $id := $ids }}
{{- range $message := include (printf "grpc-gke.guard.%s" $id) $ | fromJsonArray }}
{{- $messages = append $messages (printf "[%s] %s" $id $message) }}
{{- end }}
{{- end }}
{{- if $messages }}
{{- fail (printf "\n\nVALUES VALIDATION (grpc-gke):\n\n- %s\n" (join "\n\n- " $messages)) }}
{{- end }}
{{- end }}

{{/* The guards of every frontend, in the order their messages are listed. */}}
{{- define "grpc-gke.guards.core" -}}
{{- list "VALUES-MOVED" "TLS-EXISTING-SECRET" "PORTS-DISTINCT" "PROBES-GRPC-ASPNETCORE" "GRACE-PERIOD" "ASPNETCORE-ENDPOINT-NAMES" "CERT-MANAGER-DURATION" "AUTOSCALING-RANGE" "PDB-EVICTION" "EXTRA-PORTS" "MAX-CONNECTION-AGE-ASPNETCORE" "MAX-CONNECTION-AGE-GRACE" "CLIENT-SIDE-BALANCING-KUBERESOLVER" "NETWORK-POLICY" "WORKLOAD-IDENTITY" "METRICS-MONITOR" "METRICS-SCRAPE-TIMEOUT" "METRICS-NETWORK-POLICY" "EXTRA-OBJECTS" "RELEASE-NAMES" "POD-SECURITY" "ENV-PORTS" "PROBES-READINESS" "USER-CONTAINER-PORTS" "USER-CONTAINER-PRESTOP" "FRONTEND-SETTINGS" | toJson }}
{{- end }}

{{/* The guards of the googleLoadBalancer values, listed by the frontends that render them. */}}
{{- define "grpc-gke.guards.googleLoadBalancer" -}}
{{- list "GOOGLE-LB-TIMEOUT" "GOOGLE-LB-HEALTH-CHECK-TIMEOUT" "GOOGLE-LB-NETWORK-POLICY" "GOOGLE-LB-PRESTOP" | toJson }}
{{- end }}

{{/*
Guard VALUES-MOVED: a top-level key that chart 0.2.0 moved (ingress, managedCertificate, frontendConfig,
backendConfig), or a value it removed (gracefulShutdown.preStop.mode=auto); the message names the new key or value.
*/}}
{{- define "grpc-gke.guard.VALUES-MOVED" -}}
{{- $m := list }}
{{- $moved := dict
  "ingress" "gkeIngress.ingress (the same keys)"
  "managedCertificate" "gkeIngress.managedCertificate"
  "frontendConfig" "gkeIngress.frontendConfig"
  "backendConfig" "googleLoadBalancer (timeoutSec, connectionDraining, healthCheck without type: it is always HTTP, logging, securityPolicy, sessionAffinity with affinityType -> type and affinityCookieTtlSec -> cookieTtlSec) and gkeIngress.backendConfig (enabled, customRequestHeaders, customResponseHeaders)"
}}
{{- range $old := keys $moved | sortAlpha }}
{{- if hasKey $.Values $old }}
{{- $m = append $m (printf "%s is no longer a value of this chart (moved in chart 0.2.0, see the chart's CHANGELOG.md): helm would silently ignore it and render the stack without your settings. Fix: move it to %s; with a GKE Ingress keep frontend=gkeIngress (the default)." $old (get $moved $old)) }}
{{- end }}
{{- end }}
{{- /* The schema still accepts the 0.1.x default `auto` so that this message, not a bare enum error, explains it. */}}
{{- if eq .Values.gracefulShutdown.preStop.mode "auto" }}
{{- $m = append $m "gracefulShutdown.preStop.mode=auto is no longer a value of this chart (removed in chart 0.2.0, see the chart's CHANGELOG.md): it rendered exec sleep on Kubernetes before 1.30, which fails silently in distroless and chiseled images, and the chart now needs 1.30, where the native sleep action is on. Fix: set gracefulShutdown.preStop.mode=sleep (the default), or remove the value." }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard TLS-EXISTING-SECRET: backendTLS.mode=existingSecret without backendTLS.existingSecret.
*/}}
{{- define "grpc-gke.guard.TLS-EXISTING-SECRET" -}}
{{- $m := list }}
{{- if and (eq .Values.backendTLS.mode "existingSecret") (not .Values.backendTLS.existingSecret) }}
{{- $m = append $m "backendTLS.existingSecret is empty with backendTLS.mode=existingSecret: the pod would mount a Secret with no name and never start. Fix: set backendTLS.existingSecret to a kubernetes.io/tls Secret (keys tls.crt and tls.key) in the release namespace, or use backendTLS.mode=selfSigned." }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard PORTS-DISTINCT: two of ports.grpc, ports.health and ports.metrics are the same port.
*/}}
{{- define "grpc-gke.guard.PORTS-DISTINCT" -}}
{{- $m := list }}
{{- $grpc := int .Values.ports.grpc }}
{{- if eq $grpc (int .Values.ports.health) }}
{{- $m = append $m (printf "ports.grpc and ports.health are both %d: the Service would be rejected (two ports with one number), and one port cannot serve both TLS + HTTP/2 for the load balancer and the plain HTTP/1.1 health check, so the health check would fail and the load balancer return 502. Fix: give them different ports, e.g. ports.grpc=5000 and ports.health=5001." $grpc) }}
{{- end }}
{{- if include "grpc-gke.metrics.enabled" . }}
{{- $metrics := int .Values.ports.metrics }}
{{- $serves := dict "grpc" "gRPC over HTTP/2 (TLS, or h2c), where a scrape's plain HTTP/1.1 request fails" "health" "the health endpoint, which the load balancer and the probes read" }}
{{- range $name := list "grpc" "health" }}
{{- if eq $metrics (int (get $.Values.ports $name)) }}
{{- $m = append $m (printf "ports.metrics and ports.%s are both %d: the Service would be rejected (two ports with one number), and that port is %s, not a metrics port of its own, so the monitors' scrapes would fail. Fix: serve metrics on a port of its own, e.g. ports.metrics=9090." $name $metrics (get $serves $name)) }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard PROBES-GRPC-ASPNETCORE: native gRPC probes with the aspnetcore preset, whose health endpoint is HTTP/1.1.
*/}}
{{- define "grpc-gke.guard.PROBES-GRPC-ASPNETCORE" -}}
{{- $m := list }}
{{- if and (eq .Values.probes.type "grpc") (eq .Values.app.preset "aspnetcore") }}
{{- $m = append $m "probes.type=grpc with app.preset=aspnetcore: kubelet's gRPC probe dials the health port in cleartext HTTP/2, but the preset makes Kestrel's health endpoint Http1 (Kestrel cannot negotiate HTTP/2 on a cleartext Http1AndHttp2 endpoint), so the probes fail and no pod becomes ready. Fix: probes.type=http with an ASP.NET health check at health.path, or app.preset=generic for a server that answers grpc.health.v1 over h2c on the health port." }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GRACE-PERIOD: terminationGracePeriodSeconds shorter than preStop + drain + buffer.
*/}}
{{- define "grpc-gke.guard.GRACE-PERIOD" -}}
{{- $m := list }}
{{- $v := .Values }}
{{- $preStop := int $v.gracefulShutdown.preStop.seconds }}
{{- $drain := include "grpc-gke.pod.drainSeconds" . | int }}
{{- $need := include "grpc-gke.pod.minGracePeriod" . | int }}
{{- /* The margin after preStop + draining is one fact with K8S-GRACE-PERIOD (grpc-gke.facts shutdown.minBufferSec). */}}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $minBuffer := int $facts.shutdown.minBufferSec }}
{{- if lt (int $v.gracefulShutdown.bufferSeconds) $minBuffer }}
{{- $m = append $m (printf "gracefulShutdown.bufferSeconds=%d is below %d: with no margin the grace period can equal preStop + draining, and the kubelet kills the pod the moment the load balancer's draining ends, cutting what is still in flight. Fix: set gracefulShutdown.bufferSeconds to at least %d." (int $v.gracefulShutdown.bufferSeconds) $minBuffer $minBuffer) }}
{{- else if lt (int $v.terminationGracePeriodSeconds) $need }}
{{- $m = append $m (printf "terminationGracePeriodSeconds=%d is shorter than gracefulShutdown.preStop.seconds (%d) + drain (%d: the larger of gracefulShutdown.appDrainSeconds and the frontend's connection draining, googleLoadBalancer.connectionDraining.drainingTimeoutSec) + gracefulShutdown.bufferSeconds (%d) = %d: the preStop sleep counts against the grace period, so the pod would be killed while the load balancer still drains its connections and streams, and clients see resets and 502s. Fix: set terminationGracePeriodSeconds to at least %d, or shorten the preStop/drain values." (int $v.terminationGracePeriodSeconds) $preStop $drain (int $v.gracefulShutdown.bufferSeconds) $need $need) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard ASPNETCORE-ENDPOINT-NAMES: the aspnetcore preset's two Kestrel endpoints under one name.
*/}}
{{- define "grpc-gke.guard.ASPNETCORE-ENDPOINT-NAMES" -}}
{{- $m := list }}
{{- $names := .Values.app.aspnetcore.endpointNames }}
{{- if and (eq .Values.app.preset "aspnetcore") (eq (lower $names.grpc) (lower $names.health)) }}
{{- $m = append $m (printf "app.aspnetcore.endpointNames.grpc and app.aspnetcore.endpointNames.health are both %q (configuration keys ignore case): the grpc and health settings would land on one Kestrel endpoint, so one port would never be bound and the other would get both URLs. Fix: give them the names your appsettings.json uses, e.g. Grpc and Http." $names.grpc) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard CERT-MANAGER-DURATION: a backend Certificate cert-manager's webhook rejects (duration under 1h,
renewBefore under 5m or not shorter than duration).
*/}}
{{- define "grpc-gke.guard.CERT-MANAGER-DURATION" -}}
{{- $m := list }}
{{- $cm := .Values.backendTLS.certManager }}
{{- if eq .Values.backendTLS.mode "certManager" }}
{{- /* cert-manager internal/apis/certmanager/validation/certificate.go; MinimumCertificateDuration 1h, MinimumRenewBefore 5m. */}}
{{- $duration := include "grpc-gke.tls.durationSeconds" $cm.duration | int }}
{{- $renew := include "grpc-gke.tls.durationSeconds" $cm.renewBefore | int }}
{{- if lt $duration 3600 }}
{{- $m = append $m (printf "backendTLS.certManager.duration=%s is shorter than 1h: cert-manager's webhook rejects the Certificate, so no certificate is issued and the pods never start. Fix: use a duration of at least 1h (e.g. 8760h)." $cm.duration) }}
{{- end }}
{{- if lt $renew 300 }}
{{- $m = append $m (printf "backendTLS.certManager.renewBefore=%s is shorter than 5m: cert-manager's webhook rejects the Certificate. Fix: use at least 5m (e.g. 720h)." $cm.renewBefore) }}
{{- else if ge $renew $duration }}
{{- $m = append $m (printf "backendTLS.certManager.renewBefore=%s is not shorter than backendTLS.certManager.duration=%s: cert-manager's webhook rejects the Certificate (it would be due for renewal as soon as issued). Fix: make renewBefore shorter than duration, e.g. duration 8760h with renewBefore 720h." $cm.renewBefore $cm.duration) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard AUTOSCALING-RANGE: autoscaling.minReplicas above autoscaling.maxReplicas.
*/}}
{{- define "grpc-gke.guard.AUTOSCALING-RANGE" -}}
{{- $m := list }}
{{- $as := .Values.autoscaling }}
{{- if and $as.enabled (gt (int $as.minReplicas) (int $as.maxReplicas)) }}
{{- $m = append $m (printf "autoscaling.minReplicas=%d is greater than autoscaling.maxReplicas=%d: the HorizontalPodAutoscaler would be rejected. Fix: make minReplicas <= maxReplicas." (int $as.minReplicas) (int $as.maxReplicas)) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard PDB-EVICTION: a PodDisruptionBudget that would block every eviction (node upgrades and drains hang).
*/}}
{{- define "grpc-gke.guard.PDB-EVICTION" -}}
{{- $m := list }}
{{- $replicas := include "grpc-gke.pod.minReplicas" . | int }}
{{- $pdb := .Values.podDisruptionBudget }}
{{- if and $pdb.enabled (gt $replicas 1) }}
{{- if and (kindIs "string" $pdb.maxUnavailable) (eq (int (trimSuffix "%" $pdb.maxUnavailable)) 0) }}
{{- $m = append $m (printf "podDisruptionBudget.maxUnavailable=%s: no pod could ever be evicted, so GKE node upgrades and drains would hang (and GKE force-deletes pods after an hour). Fix: use maxUnavailable >= 1 (or a percentage that rounds up to one pod), or minAvailable lower than the replica count." $pdb.maxUnavailable) }}
{{- else if and (kindIs "invalid" $pdb.maxUnavailable) (kindIs "string" $pdb.minAvailable) (ge (int (trimSuffix "%" $pdb.minAvailable)) 100) }}
{{- $m = append $m (printf "podDisruptionBudget.minAvailable=%s: every pod must stay available, so no pod could ever be evicted and GKE node upgrades and drains would hang. Fix: use a lower percentage (e.g. 50%%) or a count below the replica count." $pdb.minAvailable) }}
{{- else if and (not (kindIs "invalid" $pdb.maxUnavailable)) (not (kindIs "string" $pdb.maxUnavailable)) }}
{{- if eq (int $pdb.maxUnavailable) 0 }}
{{- $m = append $m "podDisruptionBudget.maxUnavailable=0: no pod could ever be evicted, so GKE node upgrades and drains would hang (and GKE force-deletes pods after an hour). Fix: use maxUnavailable >= 1, or minAvailable lower than the replica count." }}
{{- end }}
{{- else if and (kindIs "invalid" $pdb.maxUnavailable) (not (kindIs "string" $pdb.minAvailable)) }}
{{- if ge (int $pdb.minAvailable) $replicas }}
{{- $m = append $m (printf "podDisruptionBudget.minAvailable=%d with only %d replicas (replicaCount, or autoscaling.minReplicas): no pod could ever be evicted, so GKE node upgrades and drains would hang. Fix: set minAvailable below the replica count (e.g. %d), or raise the replicas." (int $pdb.minAvailable) $replicas (sub $replicas 1)) }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard EXTRA-PORTS: an extra port that reuses the name or number of the grpc, health, metrics or another extra port.
*/}}
{{- define "grpc-gke.guard.EXTRA-PORTS" -}}
{{- $m := list }}
{{- $names := list (include "grpc-gke.ports.grpcName" .) (include "grpc-gke.ports.healthName" .) }}
{{- $numbers := list (int .Values.ports.grpc) (int .Values.ports.health) }}
{{- $metricsName := include "grpc-gke.ports.metricsName" . }}
{{- range .Values.extraPorts }}
{{- /* The metrics port (ports.metrics) is declared once, there: an extra port may not be it a second time. */}}
{{- if include "grpc-gke.metrics.enabled" $ }}
{{- $metrics := int $.Values.ports.metrics }}
{{- if eq .name $metricsName }}
{{- $m = append $m (printf "extraPorts has a port named %s, the name of the metrics port (ports.metrics=%d): port names must be unique in a container and in a Service, so the API server would reject the Deployment and the Service. Fix: remove the extra port if it is the metrics endpoint (ports.metrics declares it, and the monitors scrape it by that name), or give it another name." .name $metrics) }}
{{- else if eq (int .port) $metrics }}
{{- $m = append $m (printf "extraPorts %s uses port %d, which ports.metrics uses: the Service would be rejected (two ports with one number). Fix: remove the extra port if it is the metrics endpoint (ports.metrics declares it), or give it a port of its own." .name (int .port)) }}
{{- end }}
{{- end }}
{{- if has .name $names }}
{{- $m = append $m (printf "extraPorts has a port named %s, a name the grpc port, the health port or another extra port already has: port names must be unique in a container and in a Service, so the API server would reject the Deployment and the Service. Fix: give the extra port a name of its own, e.g. %s-http." .name .name) }}
{{- end }}
{{- if has (int .port) $numbers }}
{{- $m = append $m (printf "extraPorts %s uses port %d, which ports.grpc, ports.health or another extra port already uses: the Service would be rejected (two ports with one number) and one container port cannot serve two protocols. Fix: give it a port of its own." .name (int .port)) }}
{{- end }}
{{- $names = append $names .name }}
{{- $numbers = append $numbers (int .port) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GOOGLE-LB-TIMEOUT: googleLoadBalancer.timeoutSec that cuts streams (below the facts' minimum) or that
Google advises against (above a day).
*/}}
{{- define "grpc-gke.guard.GOOGLE-LB-TIMEOUT" -}}
{{- $m := list }}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $min := int $facts.loadBalancer.minStreamTimeoutSec }}
{{- $max := int $facts.loadBalancer.maxAdvisedTimeoutSec }}
{{- $timeout := int .Values.googleLoadBalancer.timeoutSec }}
{{- if gt $timeout $max }}
{{- $m = append $m (printf "googleLoadBalancer.timeoutSec=%d is above %d: Google advises against backend timeouts over a day because its front ends restart for maintenance and cut streams anyway. Fix: use at most %d (e.g. 3600) and make clients reconnect when a stream ends." $timeout $max $max) }}
{{- else if lt $timeout $min }}
{{- $m = append $m (printf "googleLoadBalancer.timeoutSec=%d is below %d: the backend timeout caps the whole lifetime of a gRPC stream, so streams would be cut after %d s (GCP's default of %d s is what this value exists to raise). Fix: use e.g. 3600, or more than your longest stream." $timeout $min $timeout (int $facts.loadBalancer.defaultBackendTimeoutSec)) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GOOGLE-LB-HEALTH-CHECK-TIMEOUT: a health check whose timeout exceeds its interval.
*/}}
{{- define "grpc-gke.guard.GOOGLE-LB-HEALTH-CHECK-TIMEOUT" -}}
{{- $m := list }}
{{- $hc := .Values.googleLoadBalancer.healthCheck }}
{{- if gt (int $hc.timeoutSec) (int $hc.checkIntervalSec) }}
{{- $m = append $m (printf "googleLoadBalancer.healthCheck.timeoutSec=%d is greater than checkIntervalSec=%d: Compute Engine rejects a health check whose timeout exceeds its interval, so the load balancer never syncs. Fix: lower timeoutSec or raise checkIntervalSec." (int $hc.timeoutSec) (int $hc.checkIntervalSec)) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GOOGLE-LB-NETWORK-POLICY: a NetworkPolicy behind a regional or internal load balancer without the proxy-only subnet
its Envoy proxies connect from, or proxy-only subnets given for a global one, whose proxies connect from Google's ranges.
*/}}
{{- define "grpc-gke.guard.GOOGLE-LB-NETWORK-POLICY" -}}
{{- $m := list }}
{{- $np := .Values.networkPolicy }}
{{- if $np.enabled }}
{{- $facts := include "grpc-gke.facts" . | fromJson }}
{{- $lb := (include (printf "grpc-gke.%s.networkPolicy" .Values.frontend) . | fromJson).loadBalancer }}
{{- $ranges := join ", " $facts.loadBalancer.healthCheckSourceRanges }}
{{- if and (not $lb.global) (not $np.proxyOnlySubnets) }}
{{- $m = append $m (printf "networkPolicy.enabled=true with %s and networkPolicy.proxyOnlySubnets empty: this regional load balancer's Envoy proxies connect to the pods from the proxy-only subnet of the region, which the NetworkPolicy would not admit (only its health checkers, from %s), so the backends would look healthy while every request failed (502/503). Fix: set networkPolicy.proxyOnlySubnets to that subnet's range (gcloud compute networks subnets list --network=NETWORK --filter=\"purpose=REGIONAL_MANAGED_PROXY\" --format=\"value(region,ipCidrRange)\"), or set networkPolicy.enabled=false." $lb.class $ranges) }}
{{- else if and $lb.global $np.proxyOnlySubnets }}
{{- $m = append $m (printf "networkPolicy.proxyOnlySubnets=%s with %s: this global load balancer's proxies (Google Front Ends) and health checkers connect from Google's ranges (%s), which the NetworkPolicy admits already, never from a proxy-only subnet, so the policy would admit that subnet for nothing. Fix: remove networkPolicy.proxyOnlySubnets, or pick the regional or internal class they belong to." ($np.proxyOnlySubnets | toJson) $lb.class $ranges) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard MAX-CONNECTION-AGE-ASPNETCORE: app.maxConnectionAgeMs (or its grace) with the aspnetcore preset, which has
nowhere to put it: Kestrel has no maximum connection age (grpc/grpc-dotnet#2308, dotnet/aspnetcore#51778).
*/}}
{{- define "grpc-gke.guard.MAX-CONNECTION-AGE-ASPNETCORE" -}}
{{- $m := list }}
{{- $set := list }}
{{- range $key := list "maxConnectionAgeMs" "maxConnectionAgeGraceMs" }}
{{- $v := get $.Values.app $key }}
{{- if not (kindIs "invalid" $v) }}{{ $set = append $set (printf "app.%s=%d" $key (int $v)) }}{{ end }}
{{- end }}
{{- if and $set (eq .Values.app.preset "aspnetcore") }}
{{- $m = append $m (printf "%s with app.preset=aspnetcore: Kestrel has no maximum connection age (grpc/grpc-dotnet#2308, dotnet/aspnetcore#51778) and reads no setting for it, so the value would do nothing: clients balancing through DNS would keep their connections and not reach new pods. Fix: remove it, and in the app send a GOAWAY after an age yourself (a Kestrel connection middleware that calls IConnectionLifetimeNotificationFeature.RequestClose() on connections older than N minutes), or give .NET clients a DNS refresh (new DnsResolverFactory(refreshInterval)), or resolve through the API (clientSideBalancing.kuberesolver), which sees new pods without reconnecting." (join " and " $set)) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard MAX-CONNECTION-AGE-GRACE: app.maxConnectionAgeGraceMs without app.maxConnectionAgeMs (the grace only runs
after the age).
*/}}
{{- define "grpc-gke.guard.MAX-CONNECTION-AGE-GRACE" -}}
{{- $m := list }}
{{- $app := .Values.app }}
{{- if and (kindIs "invalid" $app.maxConnectionAgeMs) (not (kindIs "invalid" $app.maxConnectionAgeGraceMs)) }}
{{- $m = append $m (printf "app.maxConnectionAgeGraceMs=%d without app.maxConnectionAgeMs: the grace is how long calls may go on after a connection reaches its maximum age (grpc-go keepalive.ServerParameters MaxConnectionAgeGrace, grpc-java maxConnectionAgeGrace), so with no age it would never start and change nothing. Fix: set app.maxConnectionAgeMs too (e.g. 300000), or remove the grace." (int $app.maxConnectionAgeGraceMs)) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard CLIENT-SIDE-BALANCING-KUBERESOLVER: kuberesolver access that would be silently missing or bound to nobody (the
add-on off, no client ServiceAccount, or clients listed with kuberesolver off).
*/}}
{{- define "grpc-gke.guard.CLIENT-SIDE-BALANCING-KUBERESOLVER" -}}
{{- $m := list }}
{{- $kr := .Values.clientSideBalancing.kuberesolver }}
{{- if $kr.enabled }}
{{- if not (include "grpc-gke.balancing.enabled" .) }}
{{- $m = append $m (printf "clientSideBalancing.kuberesolver.enabled=true with client-side balancing off (clientSideBalancing.enabled=%s, frontend=%s): the chart would render no Role, so kuberesolver clients would get 403 from the API and no addresses. Fix: set clientSideBalancing.enabled=true (or frontend=inCluster), or remove clientSideBalancing.kuberesolver.enabled." (.Values.clientSideBalancing.enabled | toJson) .Values.frontend) }}
{{- else if not (or $kr.clients $kr.serviceAccount.create) }}
{{- $m = append $m "clientSideBalancing.kuberesolver.enabled=true with no client: clientSideBalancing.kuberesolver.clients is empty and serviceAccount.create is false, so the Role would be bound to nobody and every kuberesolver client would get 403 from the API. Fix: list the clients' ServiceAccounts in clientSideBalancing.kuberesolver.clients (as [{name: matchmaker, namespace: lobby}]), or set clientSideBalancing.kuberesolver.serviceAccount.create=true and run the clients as that ServiceAccount." }}
{{- end }}
{{- else if or $kr.clients $kr.serviceAccount.create }}
{{- $m = append $m "clientSideBalancing.kuberesolver.clients or serviceAccount.create set with clientSideBalancing.kuberesolver.enabled=false: the chart would create no Role or RoleBinding, so those clients would get 403 from the API and no addresses. Fix: set clientSideBalancing.kuberesolver.enabled=true, or remove the clients." }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard NETWORK-POLICY: a NetworkPolicy that would admit no client (a frontend without sources of its own and no
clients), clients, egress rules or proxy-only subnets listed where no policy or frontend uses them, or a frontend whose
own sources the chart does not admit yet.
*/}}
{{- define "grpc-gke.guard.NETWORK-POLICY" -}}
{{- $m := list }}
{{- $np := .Values.networkPolicy }}
{{- if $np.enabled }}
{{- $frontend := include (printf "grpc-gke.%s.networkPolicy" .Values.frontend) . | fromJson }}
{{- if not $frontend.supported }}
{{- $m = append $m (printf "networkPolicy.enabled=true with frontend=%s: %s. Fix: set networkPolicy.enabled=false with this frontend (or write the policy yourself), or use frontend=inCluster or none." .Values.frontend $frontend.reason) }}
{{- else if and (not $np.clients) (not $frontend.ownSources) }}
{{- $m = append $m "networkPolicy.enabled=true with networkPolicy.clients empty: once a NetworkPolicy selects the pods, a pod or namespace it does not list is refused, so no client could reach the grpc port. Fix: list the clients as NetworkPolicy peers, e.g. [{namespaceSelector: {matchLabels: {grpc-gke.dev/client: \"true\"}}}] or a podSelector, or set networkPolicy.enabled=false." }}
{{- end }}
{{- /* Every ipBlock the policy would carry: the API server refuses a NetworkPolicy with a malformed CIDR (networking validation, ValidateIPBlock). */}}
{{- $blocks := list }}
{{- range $key := list "clients" "metricsScrapers" }}
{{- range $i, $peer := get $np $key }}
{{- with $peer.ipBlock }}{{ $blocks = append $blocks (dict "at" (printf "networkPolicy.%s[%d].ipBlock" $key $i) "block" .) }}{{ end }}
{{- end }}
{{- end }}
{{- range $i, $rule := $np.egress }}
{{- range $j, $peer := $rule.to }}
{{- with $peer.ipBlock }}{{ $blocks = append $blocks (dict "at" (printf "networkPolicy.egress[%d].to[%d].ipBlock" $i $j) "block" .) }}{{ end }}
{{- end }}
{{- end }}
{{- $v4 := "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/([0-9]|[12][0-9]|3[0-2])$" }}
{{- $v6 := "^([0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$" }}
{{- range $b := $blocks }}
{{- $cidrs := prepend ($b.block.except | default list) $b.block.cidr }}
{{- range $k, $cidr := $cidrs }}
{{- if not (or (regexMatch $v4 (toString $cidr)) (regexMatch $v6 (toString $cidr))) }}
{{- $m = append $m (printf "%s.%s=%s is not a CIDR (an IPv4 address with a prefix length of 0-32, or an IPv6 address with 0-128, such as 10.0.0.0/8): the API server would refuse the NetworkPolicy, so helm install would fail. Fix: write it as ADDRESS/LENGTH, e.g. 10.129.0.0/23." $b.at (ternary "cidr" (printf "except[%d]" (sub $k 1)) (eq $k 0)) (toString $cidr)) }}
{{- end }}
{{- end }}
{{- end }}
{{- else }}
{{- if $np.clients }}
{{- $m = append $m "networkPolicy.clients set with networkPolicy.enabled=false: the chart would render no NetworkPolicy, so every pod of the cluster could call the grpc port, not only those clients. Fix: set networkPolicy.enabled=true (on a cluster that enforces NetworkPolicy, such as GKE Dataplane V2), or remove networkPolicy.clients." }}
{{- end }}
{{- if $np.egress }}
{{- $m = append $m (printf "networkPolicy.egress set (%d rules) with networkPolicy.enabled=false: the chart would render no NetworkPolicy, so the pods could still connect anywhere, not only there. Fix: set networkPolicy.enabled=true (on a cluster that enforces NetworkPolicy, such as GKE Dataplane V2), or remove networkPolicy.egress." (len $np.egress)) }}
{{- end }}
{{- end }}
{{- if and $np.proxyOnlySubnets (not (has .Values.frontend (list "gkeIngress" "gkeGateway"))) }}
{{- $m = append $m (printf "networkPolicy.proxyOnlySubnets=%s with frontend=%s: only the regional and internal load balancers of gkeIngress and gkeGateway connect to the pods from a proxy-only subnet, so the NetworkPolicy would admit that subnet for nothing. Fix: remove networkPolicy.proxyOnlySubnets (list what does call the pods in networkPolicy.clients)." ($np.proxyOnlySubnets | toJson) .Values.frontend) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard WORKLOAD-IDENTITY: a Google service account for Workload Identity the chart cannot put on the ServiceAccount (it
creates none), or two different ones (the value and an annotation written by hand).
*/}}
{{- define "grpc-gke.guard.WORKLOAD-IDENTITY" -}}
{{- $m := list }}
{{- $sa := .Values.serviceAccount }}
{{- $key := (include "grpc-gke.facts" . | fromJson).workloadIdentity.gcpServiceAccountAnnotation }}
{{- $annotations := $sa.annotations | default dict }}
{{- with $sa.workloadIdentity.gcpServiceAccount }}
{{- $name := include "grpc-gke.names.serviceAccount" $ }}
{{- if not $sa.create }}
{{- $m = append $m (printf "serviceAccount.workloadIdentity.gcpServiceAccount=%s with serviceAccount.create=false: the chart renders no ServiceAccount to annotate, so the pods (ServiceAccount %s) would not act as %s and their Google API calls would be refused. Fix: annotate that ServiceAccount yourself (kubectl annotate serviceaccount %s -n %s %s=%s) and remove the value, or set serviceAccount.create=true." . $name . $name $.Release.Namespace $key .) }}
{{- else if and (hasKey $annotations $key) (ne (toString (get $annotations $key)) .) }}
{{- $m = append $m (printf "serviceAccount.workloadIdentity.gcpServiceAccount=%s and serviceAccount.annotations[%s]=%s name two Google service accounts: a ServiceAccount carries one such annotation, so one of them would be dropped. Fix: keep serviceAccount.workloadIdentity.gcpServiceAccount and remove the annotation from serviceAccount.annotations." . $key (toString (get $annotations $key))) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard METRICS-MONITOR: a PodMonitoring or ServiceMonitor without a metrics port to scrape (ports.metrics unset).
*/}}
{{- define "grpc-gke.guard.METRICS-MONITOR" -}}
{{- $m := list }}
{{- $on := list }}
{{- range $monitor := list "podMonitoring" "serviceMonitor" }}
{{- if (get $.Values.metrics $monitor).enabled }}{{ $on = append $on (printf "metrics.%s.enabled=true" $monitor) }}{{ end }}
{{- end }}
{{- if and $on (not (include "grpc-gke.metrics.enabled" .)) }}
{{- $hint := "" }}
{{- range .Values.extraPorts }}
{{- if eq .name (include "grpc-gke.ports.metricsName" $) }}
{{- $hint = printf " (extraPorts has a port named %s, %d: move it to ports.metrics, which is the one place the chart reads the metrics port from)" .name (int .port) }}
{{- end }}
{{- end }}
{{- $m = append $m (printf "%s without ports.metrics: the pods would declare no port named %s, so the monitor would select no target (Managed Service for Prometheus keeps only container ports of that name, Prometheus only endpoints of that Service port) and nothing would be scraped. Fix: set ports.metrics to the port your server serves %s on, e.g. 9090%s, or turn the monitor off." (join " and " $on) (include "grpc-gke.ports.metricsName" .) .Values.metrics.path $hint) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard METRICS-SCRAPE-TIMEOUT: a monitor whose scrape timeout is longer than its interval (GMP's CRD and the Prometheus
Operator both refuse it).
*/}}
{{- define "grpc-gke.guard.METRICS-SCRAPE-TIMEOUT" -}}
{{- $m := list }}
{{- $mt := .Values.metrics }}
{{- $interval := include "grpc-gke.metrics.durationMs" $mt.interval | int }}
{{- $timeout := include "grpc-gke.metrics.durationMs" $mt.scrapeTimeout | int }}
{{- if gt $timeout $interval }}
{{- /*
GoogleCloudPlatform/prometheus-engine v0.17.2 pod_types.go ScrapeEndpoint: a CEL rule of the CRD, "scrape timeout (%s)
must not be greater than scrape interval (%s)". prometheus-operator v0.93.0 resource_selector.go
validateScrapeIntervalAndTimeout / promcfg.go CompareScrapeTimeoutToScrapeInterval: the ServiceMonitor is rejected.
*/}}
{{- $what := list }}
{{- if $mt.podMonitoring.enabled }}{{ $what = append $what "the API server would refuse the PodMonitoring (a rule of GMP's CRD: the scrape timeout must not be greater than the scrape interval)" }}{{ end }}
{{- if $mt.serviceMonitor.enabled }}{{ $what = append $what "the Prometheus Operator would reject the ServiceMonitor (scrapeTimeout greater than scrapeInterval) and leave it out of Prometheus's configuration" }}{{ end }}
{{- if $what }}
{{- $m = append $m (printf "metrics.scrapeTimeout=%s is longer than metrics.interval=%s: %s, so nothing would be scraped. Fix: make metrics.scrapeTimeout at most metrics.interval, e.g. interval 30s with scrapeTimeout 10s." $mt.scrapeTimeout $mt.interval (join "; " $what)) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard METRICS-NETWORK-POLICY: a NetworkPolicy that would shut the scrapers out of the metrics port (no scraper known, or
a ServiceMonitor's Prometheus in no named namespace), or metric scrapers listed where no policy or metrics port uses them.
*/}}
{{- define "grpc-gke.guard.METRICS-NETWORK-POLICY" -}}
{{- $m := list }}
{{- $np := .Values.networkPolicy }}
{{- $sm := .Values.metrics.serviceMonitor }}
{{- $metrics := include "grpc-gke.metrics.enabled" . }}
{{- if and $np.enabled $metrics }}
{{- /* A frontend whose policy is refused (guard NETWORK-POLICY) renders none: nothing to say here. */}}
{{- if (include (printf "grpc-gke.%s.networkPolicy" .Values.frontend) . | fromJson).supported }}
{{- if and $sm.enabled (not $sm.prometheusNamespace) (not $np.metricsScrapers) }}
{{- $m = append $m (printf "metrics.serviceMonitor.enabled=true with networkPolicy.enabled=true and metrics.serviceMonitor.prometheusNamespace empty: the NetworkPolicy admits the metrics port (%d) only from the scrapers it knows, so your Prometheus's scrapes would time out and the target stay down. Fix: set metrics.serviceMonitor.prometheusNamespace to the namespace your Prometheus runs in (e.g. monitoring; its pods carry app.kubernetes.io/name: prometheus), or list it in networkPolicy.metricsScrapers." (int .Values.ports.metrics)) }}
{{- else if not (include "grpc-gke.metrics.scrapers" . | fromJsonArray) }}
{{- $m = append $m (printf "ports.metrics=%d with networkPolicy.enabled=true and no scraper: the monitors are off and networkPolicy.metricsScrapers is empty, so the NetworkPolicy would admit the metrics port from no pod and every scrape would time out. Fix: turn on metrics.podMonitoring.enabled or metrics.serviceMonitor.enabled (the chart then admits their scrapers), or list your scraper in networkPolicy.metricsScrapers (e.g. [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}])." (int .Values.ports.metrics)) }}
{{- end }}
{{- end }}
{{- else if $np.metricsScrapers }}
{{- if not $np.enabled }}
{{- $m = append $m "networkPolicy.metricsScrapers set with networkPolicy.enabled=false: the chart would render no NetworkPolicy, so every pod of the cluster could read the metrics port, not only those scrapers. Fix: set networkPolicy.enabled=true (on a cluster that enforces NetworkPolicy), or remove networkPolicy.metricsScrapers." }}
{{- else }}
{{- $m = append $m "networkPolicy.metricsScrapers set without ports.metrics: the pods serve no metrics port, so the scrapers would be admitted to nothing. Fix: set ports.metrics to the port your server serves metrics on, or remove networkPolicy.metricsScrapers." }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard EXTRA-OBJECTS: an extraObjects entry that is neither a manifest map nor a YAML string, or a map without apiVersion
or kind.
*/}}
{{- define "grpc-gke.guard.EXTRA-OBJECTS" -}}
{{- $m := list }}
{{- range $index, $object := .Values.extraObjects }}
{{- /* A string entry is read as the YAML it renders to (tpl), so it is held to what a map entry is. */}}
{{- $parsed := $object }}
{{- if kindIs "string" $object }}{{ $parsed = tpl $object $ | fromYaml }}{{ end }}
{{- if and (kindIs "string" $object) (hasKey $parsed "Error") }}
{{- $m = append $m (printf "extraObjects[%d] is a string that is not the YAML of one object (it renders %s): each string entry is rendered through tpl as one manifest, so helm could not read it. Fix: write the object's YAML in the string (a `- |` block with apiVersion, kind and metadata), or the entry as a map." $index (tpl $object $ | trunc 60 | quote)) }}
{{- else if kindIs "map" $parsed }}
{{- $missing := list }}
{{- range $key := list "apiVersion" "kind" }}
{{- if not (get $parsed $key) }}{{ $missing = append $missing $key }}{{ end }}
{{- end }}
{{- if $missing }}
{{- $m = append $m (printf "extraObjects[%d] has no %s: the API server refuses an object without both, so helm install would fail. Fix: give the entry its apiVersion and kind (e.g. apiVersion: v1, kind: ConfigMap)." $index (join " or " $missing)) }}
{{- end }}
{{- else if not (kindIs "string" $object) }}
{{- $what := get (dict "invalid" "empty" "slice" "a list" "bool" "a boolean" "float64" "a number" "int" "a number" "int64" "a number") (kindOf $object) | default (kindOf $object) }}
{{- $m = append $m (printf "extraObjects[%d] is %s (%s): each entry is rendered as one manifest, from a map (the object) or a string (its YAML, through tpl), so this one cannot be. Fix: write the entry as a map with apiVersion, kind and metadata, or as a YAML string (a `- |` block)." $index $what ($object | toJson)) }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard GOOGLE-LB-PRESTOP: gracefulShutdown.preStop.seconds=0 behind Google's load balancer, whose NEG lets go of a
terminating pod only after SIGTERM has been sent (kubernetes/ingress-gce#769).
*/}}
{{- define "grpc-gke.guard.GOOGLE-LB-PRESTOP" -}}
{{- $m := list }}
{{- $published := or (eq .Values.frontend "gkeGateway") (and (eq .Values.frontend "gkeIngress") .Values.gkeIngress.ingress.enabled) }}
{{- if and $published (eq (int .Values.gracefulShutdown.preStop.seconds) 0) }}
{{- $m = append $m (printf "gracefulShutdown.preStop.seconds=0 with frontend=%s: a terminating pod leaves the load balancer's NEG asynchronously while SIGTERM is already sent, so without a preStop sleep the server stops listening while the load balancer still sends it requests, and every rollout gives 502s. Fix: set gracefulShutdown.preStop.seconds to the time the load balancer needs to let go of a pod, e.g. 15 (the default)." .Values.frontend) }}
{{- end }}
{{- toJson $m }}
{{- end }}
