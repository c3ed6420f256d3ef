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
{{- list "VALUES-MOVED" "TLS-EXISTING-SECRET" "PORTS-DISTINCT" "PROBES-GRPC-ASPNETCORE" "GRACE-PERIOD" "ASPNETCORE-ENDPOINT-NAMES" "CERT-MANAGER-DURATION" "AUTOSCALING-RANGE" "PDB-EVICTION" | toJson }}
{{- end }}

{{/* The guards of the googleLoadBalancer values, listed by the frontends that render them. */}}
{{- define "grpc-gke.guards.googleLoadBalancer" -}}
{{- list "GOOGLE-LB-TIMEOUT" "GOOGLE-LB-HEALTH-CHECK-TIMEOUT" | toJson }}
{{- end }}

{{/*
Guard VALUES-MOVED: a top-level key that chart 0.2.0 moved (ingress, managedCertificate, frontendConfig,
backendConfig); the message names the new key.
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
Guard PORTS-DISTINCT: ports.grpc and ports.health are the same port.
*/}}
{{- define "grpc-gke.guard.PORTS-DISTINCT" -}}
{{- $m := list }}
{{- $grpc := int .Values.ports.grpc }}
{{- if eq $grpc (int .Values.ports.health) }}
{{- $m = append $m (printf "ports.grpc and ports.health are both %d: the Service would be rejected (two ports with one number), and one port cannot serve both TLS + HTTP/2 for the load balancer and the plain HTTP/1.1 health check, so the health check would fail and the load balancer return 502. Fix: give them different ports, e.g. ports.grpc=5000 and ports.health=5001." $grpc) }}
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
{{- if lt (int $v.terminationGracePeriodSeconds) $need }}
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
