{{/*
Core guards on the inputs the chart passes through (issue 13): the names helm gives the release, Pod Security
"restricted" on everything that reaches the pod (the chart's own containers, the user's containers with the chart's
defaults merged in, volumes and annotations), the preset's port variables, readiness, and another frontend's settings.
They are listed in grpc-gke.guards.core (templates/_guards.tpl), like every core guard.
*/}}

{{/*
Guard RELEASE-NAMES: a release name or namespace the chart cannot name objects after (the full name must be a DNS-1035
label for the Service, the namespace a DNS-1123 label; both end up in the backend certificate's DNS names).
*/}}
{{- define "grpc-gke.guard.RELEASE-NAMES" -}}
{{- $m := list }}
{{- $fullname := include "grpc-gke.names.fullname" . }}
{{- if not (regexMatch "^[a-z]([-a-z0-9]*[a-z0-9])?$" $fullname) }}
{{- $m = append $m (printf "the full name %q (from the release name %q%s) is not a DNS-1035 label (lower-case letters, digits and '-', starting with a letter): the API server refuses a Service of that name, and it is in the backend certificate's DNS names. Fix: install under a release name that starts with a letter and has no '.' (helm install my-release ...), or set fullnameOverride, e.g. fullnameOverride=grpc-backend." $fullname .Release.Name (ternary (printf " and nameOverride %q" .Values.nameOverride) "" (ne .Values.nameOverride "")) ) }}
{{- end }}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$" .Release.Namespace) }}
{{- $m = append $m (printf "the release namespace %q (helm's --namespace) is not a DNS-1123 label: no namespace has that name, and it is in the backend certificate's DNS names. Fix: pass an existing namespace, lower-case letters, digits and '-', e.g. --namespace games." .Release.Namespace) }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard POD-SECURITY: a value that breaks Pod Security "restricted" (the chart's level) on any container of the pod (the
server, extraContainers and initContainers after the chart's defaults are merged in, the ESP sidecar, the helm test
pod), a volume type or an AppArmor annotation.
*/}}
{{- define "grpc-gke.guard.POD-SECURITY" -}}
{{- $m := list }}
{{- $facts := (include "grpc-gke.facts" . | fromJson).podSecurity }}
{{- $pod := .Values.podSecurityContext | default dict }}
{{- $containers := include "grpc-gke.podSecurity.containers" . | fromJsonArray }}
{{- $fix := "Fix: remove the setting or use what \"restricted\" allows (the chart's defaults in values.yaml are)." }}
{{- /* Pod level (podSecurityContext): check_runAsNonRoot.go, check_runAsUser.go, check_seccompProfile_restricted.go, check_seLinuxOptions.go, check_sysctls.go, check_windowsHostProcess.go, check_appArmorProfile.go. */}}
{{- $podNonRoot := eq (toString (get $pod "runAsNonRoot")) "true" }}
{{- $podSeccomp := (get $pod "seccompProfile" | default dict).type }}
{{- range $c := prepend $containers (dict "where" "podSecurityContext" "sc" $pod "pod" true) }}
{{- $sc := $c.sc | default dict }}
{{- $where := $c.where }}
{{- if eq (toString (get $sc "runAsNonRoot")) "false" }}
{{- $m = append $m (printf "%s.runAsNonRoot=false: Pod Security \"restricted\" requires containers to run as a non-root user, so admission in a restricted namespace refuses the pod. %s" $where $fix) }}
{{- end }}
{{- if and (hasKey $sc "runAsUser") (not (kindIs "invalid" (get $sc "runAsUser"))) (eq (int (get $sc "runAsUser")) 0) }}
{{- $m = append $m (printf "%s.runAsUser=0: Pod Security \"restricted\" refuses user 0 (root). %s" $where $fix) }}
{{- end }}
{{- with (get $sc "seccompProfile" | default dict).type }}
{{- if not (has . $facts.seccompTypes) }}
{{- $m = append $m (printf "%s.seccompProfile.type=%s: Pod Security allows only %s. %s" $where . (join " or " $facts.seccompTypes) $fix) }}
{{- end }}
{{- end }}
{{- with (get $sc "appArmorProfile" | default dict).type }}
{{- if not (has . $facts.appArmorTypes) }}
{{- $m = append $m (printf "%s.appArmorProfile.type=%s: Pod Security allows only %s. %s" $where . (join " or " $facts.appArmorTypes) $fix) }}
{{- end }}
{{- end }}
{{- with get $sc "seLinuxOptions" | default dict }}
{{- $types := list }}
{{- range $facts.seLinuxTypes }}{{ $types = append $types .type }}{{ end }}
{{- if and .type (not (has .type $types)) }}
{{- $m = append $m (printf "%s.seLinuxOptions.type=%s: Pod Security allows only %s (or none). %s" $where .type (join ", " $types) $fix) }}
{{- end }}
{{- if or .user .role }}
{{- $m = append $m (printf "%s.seLinuxOptions sets user or role: Pod Security refuses custom SELinux users and roles. %s" $where $fix) }}
{{- end }}
{{- end }}
{{- if (get $sc "windowsOptions" | default dict).hostProcess }}
{{- $m = append $m (printf "%s.windowsOptions.hostProcess=true: Pod Security refuses Windows HostProcess containers. %s" $where $fix) }}
{{- end }}
{{- if $c.pod }}
{{- $safe := list }}
{{- range $facts.safeSysctls }}{{ $safe = append $safe .name }}{{ end }}
{{- range get $sc "sysctls" | default list }}
{{- if not (has .name $safe) }}
{{- $m = append $m (printf "podSecurityContext.sysctls sets %s: Pod Security allows only the safe sysctls (%s). %s" .name (join ", " $safe) $fix) }}
{{- end }}
{{- end }}
{{- else }}
{{- /* Container level: check_privileged.go, check_allowPrivilegeEscalation.go, check_capabilities_restricted.go, check_procMount.go, check_hostPorts.go, check_hostProbesAndhostLifecycle.go. */}}
{{- if get $sc "privileged" }}
{{- $m = append $m (printf "%s.privileged=true: Pod Security refuses privileged containers (baseline and restricted). %s" $where $fix) }}
{{- end }}
{{- $ape := ternary (toString (get $sc "allowPrivilegeEscalation")) "not set" (and (hasKey $sc "allowPrivilegeEscalation") (not (kindIs "invalid" (get $sc "allowPrivilegeEscalation")))) }}
{{- if ne $ape "false" }}
{{- $m = append $m (printf "%s.allowPrivilegeEscalation is %s: Pod Security \"restricted\" requires false in every container. Fix: set allowPrivilegeEscalation: false (the chart's securityContext does; a container's own securityContext keeps the chart's keys it does not set)." $where $ape) }}
{{- end }}
{{- $caps := get $sc "capabilities" | default dict }}
{{- if not (has $facts.dropAll ($caps.drop | default list)) }}
{{- $m = append $m (printf "%s.capabilities.drop does not include %s: Pod Security \"restricted\" requires dropping every capability. Fix: set capabilities.drop: [%s]." $where $facts.dropAll $facts.dropAll) }}
{{- end }}
{{- range $caps.add | default list }}
{{- if ne . $facts.restrictedAddableCapability }}
{{- $m = append $m (printf "%s.capabilities.add has %s: Pod Security \"restricted\" lets a container add only %s. %s" $where . $facts.restrictedAddableCapability $fix) }}
{{- end }}
{{- end }}
{{- with get $sc "procMount" }}
{{- if ne . "Default" }}
{{- $m = append $m (printf "%s.procMount=%s: Pod Security \"restricted\" allows only Default. %s" $where . $fix) }}
{{- end }}
{{- end }}
{{- if and (not $podNonRoot) (ne (toString (get $sc "runAsNonRoot")) "true") }}
{{- $m = append $m (printf "%s.runAsNonRoot is not true and neither is podSecurityContext.runAsNonRoot: Pod Security \"restricted\" requires one of them. Fix: set podSecurityContext.runAsNonRoot: true (the chart's default)." $where) }}
{{- end }}
{{- if and (not (has $podSeccomp $facts.seccompTypes)) (not (has ((get $sc "seccompProfile" | default dict).type) $facts.seccompTypes)) }}
{{- $m = append $m (printf "%s has no seccomp profile and neither has podSecurityContext: Pod Security \"restricted\" requires RuntimeDefault or Localhost on the pod or every container. Fix: set podSecurityContext.seccompProfile.type: RuntimeDefault (the chart's default)." $where) }}
{{- end }}
{{- range $port := $c.ports | default list }}
{{- if and (hasKey $port "hostPort") (not (kindIs "invalid" $port.hostPort)) (ne (int $port.hostPort) 0) }}
{{- $m = append $m (printf "%s.ports has hostPort %d: Pod Security refuses host ports (baseline and restricted). %s" $c.container (int $port.hostPort) $fix) }}
{{- end }}
{{- end }}
{{- range $hook := $c.hosts | default list }}
{{- $m = append $m (printf "%s.%s sets host: Pod Security (v1.34+) refuses probes and lifecycle hooks that reach another host. Fix: remove host (the probe then reaches the pod's own IP)." $c.container $hook) }}
{{- end }}
{{- end }}
{{- end }}
{{- /* check_restrictedVolumes.go: inline volume sources. */}}
{{- range $index, $volume := .Values.extraVolumes }}
{{- range $key := keys (omit $volume "name") | sortAlpha }}
{{- if and (not (has $key $facts.restrictedVolumeSources)) (not (kindIs "invalid" (get $volume $key))) }}
{{- $m = append $m (printf "extraVolumes[%d] (%s) is a %s volume: Pod Security \"restricted\" allows only %s volumes. Fix: mount the data through one of those (a persistentVolumeClaim for storage, a configMap or secret for files)." $index $volume.name $key (join ", " $facts.restrictedVolumeSources)) }}
{{- end }}
{{- end }}
{{- end }}
{{- /* check_appArmorProfile.go: the deprecated annotation, values runtime/default and localhost/<profile>. */}}
{{- range $key, $value := .Values.podAnnotations }}
{{- if and (hasPrefix $facts.appArmorAnnotationPrefix $key) $value (ne $value "runtime/default") (not (hasPrefix "localhost/" $value)) }}
{{- $m = append $m (printf "podAnnotations %s=%s: Pod Security allows only runtime/default and localhost/<profile> AppArmor profiles. %s" $key $value $fix) }}
{{- end }}
{{- end }}
{{- toJson (uniq $m) }}
{{- end }}

{{/*
The containers of the pods the chart renders, as POD-SECURITY reads them: {"where": value path of the security context,
"container": value path of the container, "sc": the effective security context, "ports", "hosts": probes and hooks that
set a host}. The server (and the helm test pod, which has the same security context), the user's containers after
grpc-gke.pod.userContainers merged the chart's defaults in, and the frontend's sidecars (ESP: istio.esp.securityContext).
Usage: {{ include "grpc-gke.podSecurity.containers" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.podSecurity.containers" -}}
{{- $out := list (dict "where" "securityContext" "container" "the server container" "sc" (.Values.securityContext | default dict)) }}
{{- range $list := list "initContainers" "extraContainers" }}
{{- range $index, $c := include "grpc-gke.pod.userContainers" (dict "containers" (get $.Values $list) "root" $) | fromJsonArray }}
{{- $path := printf "%s[%d]" $list $index }}
{{- $hosts := list }}
{{- range $probe := list "livenessProbe" "readinessProbe" "startupProbe" }}
{{- $p := get $c $probe | default dict }}
{{- if or ($p.httpGet | default dict).host ($p.tcpSocket | default dict).host }}{{ $hosts = append $hosts $probe }}{{ end }}
{{- end }}
{{- range $hook := list "postStart" "preStop" }}
{{- $h := get ($c.lifecycle | default dict) $hook | default dict }}
{{- if or ($h.httpGet | default dict).host ($h.tcpSocket | default dict).host }}{{ $hosts = append $hosts (printf "lifecycle.%s" $hook) }}{{ end }}
{{- end }}
{{- $out = append $out (dict "where" (printf "%s.securityContext" $path) "container" $path "sc" ($c.securityContext | default dict) "ports" ($c.ports | default list) "hosts" $hosts) }}
{{- end }}
{{- end }}
{{- range (include (printf "grpc-gke.%s.pod" .Values.frontend) . | fromJson).initContainers | default list }}
{{- if eq .name "esp" }}
{{- $out = append $out (dict "where" "istio.esp.securityContext" "container" "istio.esp" "sc" (.securityContext | default dict)) }}
{{- end }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/*
Guard ENV-PORTS: an `env` entry that replaces a preset variable carrying a port (generic: GRPC_PORT, HEALTH_PORT,
METRICS_PORT; aspnetcore: the Kestrel endpoints' Url) with another port than ports.* says: the server would listen
where the Service, probes and load balancer do not send traffic.
*/}}
{{- define "grpc-gke.guard.ENV-PORTS" -}}
{{- $m := list }}
{{- $ports := dict "grpc" (int .Values.ports.grpc) "health" (int .Values.ports.health) }}
{{- $vars := dict }}
{{- if eq .Values.app.preset "generic" }}
{{- $vars = dict "GRPC_PORT" "grpc" "HEALTH_PORT" "health" }}
{{- if include "grpc-gke.metrics.enabled" . }}
{{- $_ := set $ports "metrics" (int .Values.ports.metrics) }}
{{- $_ = set $vars "METRICS_PORT" "metrics" }}
{{- end }}
{{- else }}
{{- $names := .Values.app.aspnetcore.endpointNames }}
{{- $vars = dict (printf "Kestrel__Endpoints__%s__Url" $names.grpc) "grpc" (printf "Kestrel__Endpoints__%s__Url" $names.health) "health" }}
{{- end }}
{{- range .Values.env }}
{{- $env := . }}
{{- range $var, $port := $vars }}
{{- if and (eq (lower $env.name) (lower $var)) (hasKey $env "value") (not (kindIs "invalid" $env.value)) }}
{{- $want := get $ports $port }}
{{- $given := "" }}
{{- if eq $.Values.app.preset "generic" }}{{ $given = toString $env.value }}{{ else }}{{ $given = regexFind "[0-9]+$" (regexReplaceAll "/+$" (toString $env.value) "") }}{{ end }}
{{- if ne $given (toString $want) }}
{{- $m = append $m (printf "env %s=%q with ports.%s=%d: the variable replaces the %s preset's, so the server would listen on %s while the Service, the probes and the frontend send %s traffic to %d; the health checks can pass while no call reaches the server. Fix: remove %s from env (the preset sets it from ports.%s), or change ports.%s to the port the server uses." $env.name (toString $env.value) $port $want $.Values.app.preset (ternary (printf "port %s" $given) "no port the chart knows" (ne $given "")) $port $want $env.name $port $port) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard PROBES-READINESS: no readiness probe on the server where no frontend guard already refuses it, or a user container
(extraContainers, or a native sidecar in initContainers) that declares ports without one: Services would send it traffic
as soon as it starts.
*/}}
{{- define "grpc-gke.guard.PROBES-READINESS" -}}
{{- $m := list }}
{{- if not .Values.probes.readiness.enabled }}
{{- $covered := false }}
{{- range include (printf "grpc-gke.%s.guards" .Values.frontend) . | fromJsonArray }}
{{- if and (hasSuffix "-READINESS" .) (include (printf "grpc-gke.guard.%s" .) $ | fromJsonArray) }}{{ $covered = true }}{{ end }}
{{- end }}
{{- if not $covered }}
{{- $m = append $m (printf "probes.readiness.enabled=false with frontend=%s: the server container declares ports, so without a readiness probe its pod is Ready as soon as it starts and the Service sends it calls before the server listens; rollouts (maxUnavailable 0, minReadySeconds) do not wait for it either. Fix: keep probes.readiness.enabled=true." .Values.frontend) }}
{{- end }}
{{- end }}
{{- range $list := list "extraContainers" "initContainers" }}
{{- range $index, $c := get $.Values $list }}
{{- $serving := or (eq $list "extraContainers") (eq (toString $c.restartPolicy) "Always") }}
{{- if and $serving $c.ports (not $c.readinessProbe) }}
{{- $m = append $m (printf "%s[%d] (%s) declares ports but has no readinessProbe: its pod would count as ready before that container listens, so Services send it traffic too early. Fix: give it a readinessProbe on one of its ports, or remove its ports if nothing calls them." $list $index $c.name) }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard FRONTEND-SETTINGS: what turns on another frontend than `frontend` (its on switches, its hosts): the chart reads
only the chosen frontend's block, so these would be silently ignored (an ESP or IAP you asked for would not be there).
*/}}
{{- define "grpc-gke.guard.FRONTEND-SETTINGS" -}}
{{- $m := list }}
{{- $markers := dict
  "gkeIngress" (list "gkeIngress.ingress.enabled" "gkeIngress.managedCertificate.domains" "gkeIngress.ingress.hosts")
  "gkeGateway" (list "gkeGateway.sharedGateway.name" "gkeGateway.route.hostnames" "gkeGateway.backendPolicy.iap.enabled" "gkeGateway.route.httpsRedirect.enabled")
  "nginx" (list "nginx.ingress.hosts" "nginx.ingress.tls" "nginx.ingress.extraPaths")
  "istio" (list "istio.hosts" "istio.esp.enabled" "istio.certManager.enabled" "istio.sharedGateway.name")
}}
{{- range $frontend := keys $markers | sortAlpha }}
{{- if ne $frontend $.Values.frontend }}
{{- $set := list }}
{{- range $path := get $markers $frontend }}
{{- $value := $.Values }}
{{- range $key := splitList "." $path }}{{ $value = get ($value | default dict) $key }}{{ end }}
{{- if $value }}{{ $set = append $set (printf "%s=%s" $path (toJson $value)) }}{{ end }}
{{- end }}
{{- if $set }}
{{- $m = append $m (printf "%s with frontend=%s: these are settings of frontend=%s, which the chart renders only when it is the frontend, so they would be silently ignored. Fix: set frontend=%s if that is the frontend you want, or remove them." (join ", " $set) $.Values.frontend $frontend $frontend) }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard USER-CONTAINER-PORTS: a probe or lifecycle hook of a user container (extraContainers, initContainers) that names
a port the container does not declare.
*/}}
{{- define "grpc-gke.guard.USER-CONTAINER-PORTS" -}}
{{- $m := list }}
{{- range $list := list "extraContainers" "initContainers" }}
{{- range $index, $c := get $.Values $list }}
{{- $names := list }}
{{- range $c.ports | default list }}{{ with .name }}{{ $names = append $names . }}{{ end }}{{ end }}
{{- $handlers := dict }}
{{- range $probe := list "livenessProbe" "readinessProbe" "startupProbe" }}{{ with get $c $probe }}{{ $_ := set $handlers $probe . }}{{ end }}{{ end }}
{{- range $hook := list "postStart" "preStop" }}{{ with get ($c.lifecycle | default dict) $hook }}{{ $_ := set $handlers (printf "lifecycle.%s" $hook) . }}{{ end }}{{ end }}
{{- range $where := keys $handlers | sortAlpha }}
{{- $handler := get $handlers $where }}
{{- range $action := list "httpGet" "tcpSocket" "grpc" }}
{{- $port := (get $handler $action | default dict).port }}
{{- if and (kindIs "string" $port) (not (has $port $names)) }}
{{- $m = append $m (printf "%s[%d] (%s) %s.%s.port=%q is not the name of one of its ports (%s): the kubelet cannot resolve it, so the %s always fails. Fix: name a port the container declares in its ports, or give the port number." $list $index $c.name $where $action $port (join ", " $names | default "none") (ternary "hook" "probe" (hasPrefix "lifecycle" $where))) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}

{{/*
Guard USER-CONTAINER-PRESTOP: a user container (extraContainers, a native sidecar in initContainers) whose preStop hook
sleeps longer than terminationGracePeriodSeconds leaves room for (its sleep + drain + buffer, like the server's).
*/}}
{{- define "grpc-gke.guard.USER-CONTAINER-PRESTOP" -}}
{{- $m := list }}
{{- $drain := include "grpc-gke.pod.drainSeconds" . | int }}
{{- $buffer := int .Values.gracefulShutdown.bufferSeconds }}
{{- $grace := int .Values.terminationGracePeriodSeconds }}
{{- range $list := list "extraContainers" "initContainers" }}
{{- range $index, $c := get $.Values $list }}
{{- if or (eq $list "extraContainers") (eq (toString $c.restartPolicy) "Always") }}
{{- $preStop := ($c.lifecycle | default dict).preStop | default dict }}
{{- $seconds := 0 }}
{{- with ($preStop.sleep | default dict).seconds }}{{ $seconds = int . }}{{ end }}
{{- /* An exec `sleep N`, as K8S-GRACE-PERIOD reads it (packages/policy model/pods.ts preStopSeconds). */}}
{{- with regexFind "\\bsleep\\s+[0-9]+" (join " " (($preStop.exec | default dict).command | default list)) }}{{ $seconds = regexFind "[0-9]+$" . | int }}{{ end }}
{{- if and (gt $seconds 0) (lt $grace (add $seconds $drain $buffer)) }}
{{- $m = append $m (printf "%s[%d] (%s) has a preStop sleep of %d s with terminationGracePeriodSeconds=%d: the grace period must cover the longest preStop of the pod + drain (%d) + gracefulShutdown.bufferSeconds (%d) = %d, or the kubelet kills the pod while that container still waits and streams are cut. Fix: set terminationGracePeriodSeconds to at least %d, or shorten that container's preStop." $list $index $c.name $seconds $grace $drain $buffer (add $seconds $drain $buffer) (add $seconds $drain $buffer)) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $m }}
{{- end }}
