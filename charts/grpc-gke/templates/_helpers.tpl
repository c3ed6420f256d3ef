{{/*
Names
*/}}
{{- define "grpc-gke.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name: <release>-<chart> unless the release name already contains the chart name. It is also the
Service name, so it ends up in the backend certificate's DNS names.
*/}}
{{- define "grpc-gke.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "grpc-gke.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels: exactly name + instance. Selectors are immutable, so no version, chart or user label
ever goes here.
*/}}
{{- define "grpc-gke.selectorLabels" -}}
app.kubernetes.io/name: {{ include "grpc-gke.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Common labels. commonLabels cannot override the chart's own keys.
*/}}
{{- define "grpc-gke.labels" -}}
{{- $own := dict
  "helm.sh/chart" (include "grpc-gke.chart" .)
  "app.kubernetes.io/name" (include "grpc-gke.name" .)
  "app.kubernetes.io/instance" .Release.Name
  "app.kubernetes.io/managed-by" .Release.Service
-}}
{{- if .Chart.AppVersion }}
{{- $_ := set $own "app.kubernetes.io/version" (.Chart.AppVersion | toString) }}
{{- end }}
{{- toYaml (merge $own (.Values.commonLabels | default dict)) }}
{{- end }}

{{- define "grpc-gke.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "grpc-gke.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image reference. Call with (dict "image" .Values.image "root" $). global.imageRegistry replaces the
registry; a digest wins over the tag; the tag defaults to the chart's appVersion.
*/}}
{{- define "grpc-gke.image" -}}
{{- $img := .image }}
{{- $registry := default $img.registry .root.Values.global.imageRegistry }}
{{- $repo := $img.repository }}
{{- if $registry }}
{{- $repo = printf "%s/%s" $registry $img.repository }}
{{- end }}
{{- if $img.digest }}
{{- printf "%s@%s" $repo $img.digest }}
{{- else }}
{{- printf "%s:%s" $repo (default .root.Chart.AppVersion $img.tag | toString) }}
{{- end }}
{{- end }}

{{/*
Port names: the single definition used by container ports, probes, Service ports and targetPorts, the
app-protocols and backend-config annotations and the Ingress backend.
*/}}
{{- define "grpc-gke.grpcPortName" -}}grpc{{- end }}
{{- define "grpc-gke.healthPortName" -}}health{{- end }}

{{/*
Backend TLS
*/}}
{{- define "grpc-gke.tls.enabled" -}}
{{- if ne .Values.backendTLS.mode "disabled" }}true{{ end }}
{{- end }}

{{- define "grpc-gke.tls.secretName" -}}
{{- if eq .Values.backendTLS.mode "existingSecret" }}
{{- .Values.backendTLS.existingSecret }}
{{- else }}
{{- printf "%s-backend-tls" (include "grpc-gke.fullname" .) }}
{{- end }}
{{- end }}

{{- define "grpc-gke.tls.certPath" -}}
{{- printf "%s/tls.crt" (.Values.backendTLS.mountPath | trimSuffix "/") }}
{{- end }}

{{- define "grpc-gke.tls.keyPath" -}}
{{- printf "%s/tls.key" (.Values.backendTLS.mountPath | trimSuffix "/") }}
{{- end }}

{{/*
DNS names of the backend certificate: the Service names, then backendTLS.extraDnsNames. JSON list.
*/}}
{{- define "grpc-gke.tls.dnsNames" -}}
{{- $svc := include "grpc-gke.fullname" . }}
{{- $ns := .Release.Namespace }}
{{- $names := list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.%s" $svc $ns (.Values.clusterDomain | trimSuffix ".")) }}
{{- range .Values.backendTLS.extraDnsNames }}
{{- $names = append $names . }}
{{- end }}
{{- $names | uniq | toJson }}
{{- end }}

{{/*
Self-signed backend certificate, as a JSON dict {"tls.crt": <b64>, "tls.key": <b64>}.
On install/upgrade against a cluster the existing Secret is looked up and reused, so an upgrade never
rotates it. Without a cluster (helm template, --dry-run=client) a new one is generated. The result is
memoised for the render so secret.yaml and the pod's checksum/backend-tls annotation agree.
*/}}
{{- define "grpc-gke.tls.selfSigned" -}}
{{- if not (hasKey .Values "__grpcGkeGeneratedTLS") }}
{{- $name := include "grpc-gke.tls.secretName" . }}
{{- $existing := lookup "v1" "Secret" .Release.Namespace $name }}
{{- $data := dict }}
{{- if and $existing $existing.data (index $existing.data "tls.crt") (index $existing.data "tls.key") }}
{{- $data = dict "tls.crt" (index $existing.data "tls.crt") "tls.key" (index $existing.data "tls.key") }}
{{- else }}
{{- $dns := include "grpc-gke.tls.dnsNames" . | fromJsonArray }}
{{- $key := genPrivateKey .Values.backendTLS.selfSigned.keyAlgorithm }}
{{- $cert := genSelfSignedCertWithKey (index $dns 2) nil $dns (int .Values.backendTLS.selfSigned.validityDays) $key }}
{{- $data = dict "tls.crt" ($cert.Cert | b64enc) "tls.key" ($cert.Key | b64enc) }}
{{- end }}
{{- $_ := set .Values "__grpcGkeGeneratedTLS" $data }}
{{- end }}
{{- toJson (get .Values "__grpcGkeGeneratedTLS") }}
{{- end }}

{{/*
Graceful shutdown
*/}}
{{- define "grpc-gke.preStop.mode" -}}
{{- $mode := .Values.gracefulShutdown.preStop.mode }}
{{- if eq $mode "auto" }}
{{- if semverCompare ">=1.30.0-0" .Capabilities.KubeVersion.Version }}sleep{{ else }}exec{{ end }}
{{- else }}
{{- $mode }}
{{- end }}
{{- end }}

{{/* Seconds the pod must keep serving after SIGTERM: the app's drain or the LB's connection draining. */}}
{{- define "grpc-gke.drainSeconds" -}}
{{- $drain := int .Values.gracefulShutdown.appDrainSeconds }}
{{- if .Values.backendConfig.enabled }}
{{- $drain = max $drain (int .Values.backendConfig.connectionDraining.drainingTimeoutSec) }}
{{- end }}
{{- $drain }}
{{- end }}

{{/* Seconds rendered as a .NET TimeSpan: [d.]hh:mm:ss */}}
{{- define "grpc-gke.timespan" -}}
{{- $s := int . }}
{{- $d := div $s 86400 }}
{{- $hms := printf "%02d:%02d:%02d" (div (mod $s 86400) 3600) (div (mod $s 3600) 60) (mod $s 60) }}
{{- if gt $d 0 }}{{ printf "%d.%s" $d $hms }}{{ else }}{{ $hms }}{{ end }}
{{- end }}

{{/*
Replicas the PodDisruptionBudget can count on.
*/}}
{{- define "grpc-gke.minReplicas" -}}
{{- if .Values.autoscaling.enabled }}{{ int .Values.autoscaling.minReplicas }}{{ else }}{{ int .Values.replicaCount }}{{ end }}
{{- end }}

{{/*
Frontend certificates attached to the Ingress: the chart's ManagedCertificate, pre-shared certificates
and TLS Secrets. GKE allows at most 15 per Ingress.
*/}}
{{- define "grpc-gke.certificateCount" -}}
{{- $n := add (len .Values.ingress.preSharedCerts) (len .Values.ingress.tls) }}
{{- if .Values.managedCertificate.domains }}{{ $n = add1 $n }}{{ end }}
{{- $n }}
{{- end }}

{{/*
Environment variables of the app preset, as a JSON list of EnvVar. Variables the user also sets in
.Values.env are left out so the user's value wins without a duplicate name.
*/}}
{{- define "grpc-gke.presetEnv" -}}
{{- $tls := include "grpc-gke.tls.enabled" . }}
{{- $grpc := int .Values.ports.grpc }}
{{- $health := int .Values.ports.health }}
{{- $env := list }}
{{- if eq .Values.app.preset "aspnetcore" }}
{{- $env = append $env (dict "name" "Kestrel__Endpoints__Grpc__Url" "value" (printf "%s://0.0.0.0:%d" (ternary "https" "http" (eq $tls "true")) $grpc)) }}
{{- $env = append $env (dict "name" "Kestrel__Endpoints__Grpc__Protocols" "value" "Http2") }}
{{- if $tls }}
{{- $env = append $env (dict "name" "Kestrel__Endpoints__Grpc__Certificate__Path" "value" (include "grpc-gke.tls.certPath" .)) }}
{{- $env = append $env (dict "name" "Kestrel__Endpoints__Grpc__Certificate__KeyPath" "value" (include "grpc-gke.tls.keyPath" .)) }}
{{- end }}
{{- $env = append $env (dict "name" "Kestrel__Endpoints__Health__Url" "value" (printf "http://0.0.0.0:%d" $health)) }}
{{- $env = append $env (dict "name" "Kestrel__Endpoints__Health__Protocols" "value" "Http1") }}
{{- $env = append $env (dict "name" "Kestrel__Limits__KeepAliveTimeout" "value" (include "grpc-gke.timespan" .Values.app.aspnetcore.keepAliveTimeoutSeconds)) }}
{{- if .Values.app.aspnetcore.setShutdownTimeout }}
{{- $env = append $env (dict "name" "DOTNET_SHUTDOWNTIMEOUTSECONDS" "value" (.Values.gracefulShutdown.appDrainSeconds | int | toString)) }}
{{- end }}
{{- else }}
{{- $env = append $env (dict "name" "GRPC_PORT" "value" ($grpc | toString)) }}
{{- $env = append $env (dict "name" "HEALTH_PORT" "value" ($health | toString)) }}
{{- if $tls }}
{{- $env = append $env (dict "name" "TLS_CERT_FILE" "value" (include "grpc-gke.tls.certPath" .)) }}
{{- $env = append $env (dict "name" "TLS_KEY_FILE" "value" (include "grpc-gke.tls.keyPath" .)) }}
{{- end }}
{{- end }}
{{- $userNames := list }}
{{- range .Values.env }}
{{- $userNames = append $userNames .name }}
{{- end }}
{{- $out := list }}
{{- range $env }}
{{- if not (has .name $userNames) }}
{{- $out = append $out . }}
{{- end }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/*
Path the load balancer health check requests: the readiness probe's path (with http probes), so GKE and
kubelet agree on when a pod may take traffic (ingress-gce infers the same from an httpGet readiness probe).
*/}}
{{- define "grpc-gke.healthCheckPath" -}}
{{- if eq .Values.probes.type "http" -}}
{{- default .Values.health.path .Values.probes.readiness.path -}}
{{- else -}}
{{- .Values.health.path -}}
{{- end -}}
{{- end }}

{{/*
One probe. Call with (dict "probe" .Values.probes.readiness "root" $ "kind" "readiness").
*/}}
{{- define "grpc-gke.probe" -}}
{{- $root := .root }}
{{- $p := .probe }}
{{- if eq $root.Values.probes.type "grpc" }}
grpc:
  port: {{ int $root.Values.ports.health }}
  {{- with $root.Values.probes.grpcService }}
  service: {{ . | quote }}
  {{- end }}
{{- else }}
httpGet:
  path: {{ default $root.Values.health.path $p.path }}
  port: {{ include "grpc-gke.healthPortName" $root }}
  scheme: HTTP
{{- end }}
{{- if hasKey $p "initialDelaySeconds" }}
initialDelaySeconds: {{ $p.initialDelaySeconds }}
{{- end }}
periodSeconds: {{ $p.periodSeconds }}
timeoutSeconds: {{ $p.timeoutSeconds }}
{{- if eq .kind "readiness" }}
successThreshold: {{ $p.successThreshold }}
{{- end }}
failureThreshold: {{ $p.failureThreshold }}
{{- end }}

{{/*
Render-time guards. Every contradiction is collected, then the render fails once with all of them.
Each message names the value, says what GKE would do with it, and gives the fix.
*/}}
{{- define "grpc-gke.validateValues" -}}
{{- $m := list }}
{{- $v := .Values }}
{{- $ing := $v.ingress.enabled }}
{{- $mode := $v.backendTLS.mode }}

{{- if and $ing (eq $mode "disabled") }}
{{- $m = append $m "backendTLS.mode=disabled with ingress.enabled=true: GKE Ingress speaks HTTP/2 to backends only over TLS, so a cleartext (h2c) gRPC port makes the load balancer return 502 with failed_to_connect_to_backend. Fix: use backendTLS.mode=selfSigned (the load balancer does not verify the certificate), certManager or existingSecret." }}
{{- end }}

{{- if and (eq $mode "existingSecret") (not $v.backendTLS.existingSecret) }}
{{- $m = append $m "backendTLS.existingSecret is empty with backendTLS.mode=existingSecret: the pod would mount a Secret with no name and never start. Fix: set backendTLS.existingSecret to a kubernetes.io/tls Secret (keys tls.crt and tls.key) in the release namespace, or use backendTLS.mode=selfSigned." }}
{{- end }}

{{- if eq (int $v.ports.grpc) (int $v.ports.health) }}
{{- $m = append $m (printf "ports.grpc and ports.health are both %d: the Service would be rejected (two ports with one number), and one port cannot serve both TLS + HTTP/2 for the load balancer and the plain HTTP/1.1 health check, so the health check would fail and the load balancer return 502. Fix: give them different ports, e.g. ports.grpc=5000 and ports.health=5001." (int $v.ports.grpc)) }}
{{- end }}

{{- $hcType := $v.backendConfig.healthCheck.type | toString }}
{{- if not (has $hcType (list "HTTP" "HTTPS" "HTTP2")) }}
{{- $m = append $m (printf "backendConfig.healthCheck.type=%s: GKE Ingress accepts only HTTP, HTTPS or HTTP2 health checks (GRPC and TCP are not available through Ingress) and the BackendConfig would be rejected. Fix: use HTTP against the plain HTTP/1.1 health port (the default)." $hcType) }}
{{- else if ne $hcType "HTTP" }}
{{- $m = append $m (printf "backendConfig.healthCheck.type=%s: the chart's health port is plain HTTP/1.1 (its probes use scheme HTTP, app-protocols says health: HTTP, and the aspnetcore preset sets Kestrel__Endpoints__Health__Url=http://...), so a TLS health check fails, every backend is unhealthy and the load balancer returns 502. Fix: backendConfig.healthCheck.type=HTTP." $hcType) }}
{{- end }}
{{- if gt (int $v.backendConfig.healthCheck.timeoutSec) (int $v.backendConfig.healthCheck.checkIntervalSec) }}
{{- $m = append $m (printf "backendConfig.healthCheck.timeoutSec=%d is greater than checkIntervalSec=%d: Compute Engine rejects a health check whose timeout exceeds its interval, so the Ingress never syncs. Fix: lower timeoutSec or raise checkIntervalSec." (int $v.backendConfig.healthCheck.timeoutSec) (int $v.backendConfig.healthCheck.checkIntervalSec)) }}
{{- end }}

{{- $timeout := int $v.backendConfig.timeoutSec }}
{{- if gt $timeout 86400 }}
{{- $m = append $m (printf "backendConfig.timeoutSec=%d is above 86400: Google advises against backend timeouts over a day because its front ends restart for maintenance and cut streams anyway. Fix: use at most 86400 (e.g. 3600) and make clients reconnect when a stream ends." $timeout) }}
{{- else if lt $timeout 60 }}
{{- $m = append $m (printf "backendConfig.timeoutSec=%d is below 60: the backend timeout caps the whole lifetime of a gRPC stream, so streams would be cut after %d s (GCP's default of 30 s is what this value exists to raise). Fix: use e.g. 3600, or more than your longest stream." $timeout $timeout) }}
{{- end }}

{{- if and $ing (not $v.backendConfig.enabled) }}
{{- $m = append $m "backendConfig.enabled=false with ingress.enabled=true: without a BackendConfig GKE infers the health check from the readiness probe, which is on the health port rather than the grpc port, so it falls back to GET / over HTTP/2+TLS on the grpc port; the backends turn unhealthy and the load balancer returns 502. Fix: keep backendConfig.enabled=true." }}
{{- end }}

{{- if and $ing (not $v.probes.readiness.enabled) }}
{{- $m = append $m "probes.readiness.enabled=false with ingress.enabled=true: a pod would count as ready before the server listens, so rollouts (maxUnavailable 0, minReadySeconds) and the NEG readiness gate would send load balancer traffic to it and return 502s. Fix: keep probes.readiness.enabled=true." }}
{{- end }}

{{- if and (eq $v.probes.type "grpc") (eq $v.app.preset "aspnetcore") }}
{{- $m = append $m "probes.type=grpc with app.preset=aspnetcore: kubelet's gRPC probe dials the health port in cleartext HTTP/2, but the preset makes Kestrel's health endpoint Http1 (Kestrel cannot negotiate HTTP/2 on a cleartext Http1AndHttp2 endpoint), so the probes fail and no pod becomes ready. Fix: probes.type=http with an ASP.NET health check at health.path, or app.preset=generic for a server that answers grpc.health.v1 over h2c on the health port." }}
{{- end }}

{{- $preStop := int $v.gracefulShutdown.preStop.seconds }}
{{- $drain := int (include "grpc-gke.drainSeconds" .) }}
{{- $need := add $preStop $drain (int $v.gracefulShutdown.bufferSeconds) }}
{{- if lt (int $v.terminationGracePeriodSeconds) $need }}
{{- $m = append $m (printf "terminationGracePeriodSeconds=%d is shorter than gracefulShutdown.preStop.seconds (%d) + drain (%d: the larger of gracefulShutdown.appDrainSeconds and backendConfig.connectionDraining.drainingTimeoutSec) + gracefulShutdown.bufferSeconds (%d) = %d: the preStop sleep counts against the grace period, so the pod would be killed while the load balancer still drains its connections and streams, and clients see resets and 502s. Fix: set terminationGracePeriodSeconds to at least %d, or shorten the preStop/drain values." (int $v.terminationGracePeriodSeconds) $preStop $drain (int $v.gracefulShutdown.bufferSeconds) $need $need) }}
{{- end }}
{{- if and (eq $v.gracefulShutdown.preStop.mode "sleep") (gt $preStop 0) (semverCompare "<1.30.0-0" .Capabilities.KubeVersion.Version) }}
{{- $m = append $m (printf "gracefulShutdown.preStop.mode=sleep on Kubernetes %s: the native lifecycle.preStop.sleep hook is on by default only from 1.30 (GA in 1.34), so the API server would reject or drop it. Fix: gracefulShutdown.preStop.mode=auto (uses exec sleep here; the image needs a sleep binary) or exec." .Capabilities.KubeVersion.Version) }}
{{- end }}

{{- if $ing }}
{{- $class := $v.ingress.class }}
{{- if and $v.ingress.globalStaticIPName $v.ingress.regionalStaticIPName }}
{{- $m = append $m "ingress.globalStaticIPName and ingress.regionalStaticIPName are both set: GKE refuses an Ingress that names both kinds of static IP and never creates the load balancer. Fix: keep ingress.globalStaticIPName for class gce, or ingress.regionalStaticIPName for gce-regional-external/gce-internal." }}
{{- else if and $v.ingress.globalStaticIPName (ne $class "gce") }}
{{- $m = append $m (printf "ingress.globalStaticIPName with ingress.class=%s: a global address can only front the global external load balancer (class gce), so the regional load balancer cannot use it. Fix: reserve a regional address and set ingress.regionalStaticIPName instead, or use ingress.class=gce." $class) }}
{{- else if and $v.ingress.regionalStaticIPName (eq $class "gce") }}
{{- $m = append $m "ingress.regionalStaticIPName with ingress.class=gce: the global external load balancer needs a global address (kubernetes.io/ingress.global-static-ip-name). Fix: reserve one with gcloud compute addresses create NAME --global and set ingress.globalStaticIPName instead." }}
{{- end }}

{{- $certs := int (include "grpc-gke.certificateCount" .) }}
{{- if eq $certs 0 }}
{{- $m = append $m "ingress.enabled=true with no certificate: the load balancer would only listen on plain HTTP/1.1, and gRPC clients need HTTPS to speak HTTP/2 to it. Fix: set managedCertificate.domains (Google-managed), ingress.preSharedCerts or ingress.tls." }}
{{- else if gt $certs 15 }}
{{- $m = append $m (printf "%d certificates on one Ingress (managedCertificate counts 1, plus ingress.preSharedCerts and ingress.tls): GKE allows at most 15 certificates per Ingress and the load balancer would not sync. Fix: put several domains in one managedCertificate (up to 100), or split hosts across releases." $certs) }}
{{- end }}

{{- if and $v.frontendConfig.enabled $v.frontendConfig.redirectToHttps.enabled (not $v.ingress.allowHttp) }}
{{- $m = append $m "frontendConfig.redirectToHttps.enabled=true with ingress.allowHttp=false: the redirect is served by the HTTP (port 80) forwarding rule, which allow-http=false removes, so it would never run. Fix: set ingress.allowHttp=true to redirect, or frontendConfig.redirectToHttps.enabled=false to serve HTTPS only." }}
{{- end }}

{{- if and $v.managedCertificate.domains (ne $class "gce") }}
{{- $m = append $m (printf "managedCertificate.domains with ingress.class=%s: Google-managed certificates (ManagedCertificate) work only with the external global load balancer (class gce). Fix: use ingress.class=gce, or ingress.preSharedCerts / ingress.tls." $class) }}
{{- end }}
{{- end }}

{{- if gt (len $v.managedCertificate.domains) 100 }}
{{- $m = append $m (printf "managedCertificate.domains has %d entries: a ManagedCertificate holds at most 100 domains. Fix: split the domains across releases, or use ingress.preSharedCerts." (len $v.managedCertificate.domains)) }}
{{- end }}
{{- if and $v.ingress.enabled $v.ingress.hosts (not $v.ingress.defaultBackend) }}
{{- $hosts := list }}
{{- range $v.ingress.hosts }}{{ $hosts = append $hosts .host }}{{ end }}
{{- range $v.managedCertificate.domains }}
{{- if not (has . $hosts) }}
{{- $m = append $m (printf "managedCertificate.domains contains %q, which no ingress.hosts rule routes, and ingress.defaultBackend=false: requests for it would get the load balancer's 404 even once the certificate is Active. Fix: add a host rule for %q, remove the domain, or set ingress.defaultBackend=true." . .) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $v.managedCertificate.domains }}
{{- if contains "*" . }}
{{- $m = append $m (printf "managedCertificate.domains contains the wildcard %q: Google-managed certificates do not support wildcard domains and provisioning would never finish. Fix: list each host name, or use a wildcard certificate through ingress.preSharedCerts (Certificate Manager/Compute SSL certificate) or ingress.tls." .) }}
{{- end }}
{{- end }}

{{- if and $v.autoscaling.enabled (gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) }}
{{- $m = append $m (printf "autoscaling.minReplicas=%d is greater than autoscaling.maxReplicas=%d: the HorizontalPodAutoscaler would be rejected. Fix: make minReplicas <= maxReplicas." (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) }}
{{- end }}

{{- $replicas := int (include "grpc-gke.minReplicas" .) }}
{{- $pdb := $v.podDisruptionBudget }}
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

{{- if $m }}
{{- fail (printf "\n\nVALUES VALIDATION (grpc-gke):\n\n- %s\n" (join "\n\n- " $m)) }}
{{- end }}
{{- end }}
