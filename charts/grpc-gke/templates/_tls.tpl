{{/*
Backend TLS: the certificate the pod serves on the grpc port.
*/}}

{{/*
"true" when the grpc port serves TLS (every mode but `disabled`), else empty.
Usage: {{ if include "grpc-gke.tls.enabled" . }}
*/}}
{{- define "grpc-gke.tls.enabled" -}}
{{- if ne .Values.backendTLS.mode "disabled" }}true{{ end }}
{{- end }}

{{/*
Paths of the mounted certificate and key.
Usage: {{ include "grpc-gke.tls.certPath" . }}, {{ include "grpc-gke.tls.keyPath" . }}
*/}}
{{- define "grpc-gke.tls.certPath" -}}
{{- printf "%s/tls.crt" (.Values.backendTLS.mountPath | trimSuffix "/") }}
{{- end }}

{{- define "grpc-gke.tls.keyPath" -}}
{{- printf "%s/tls.key" (.Values.backendTLS.mountPath | trimSuffix "/") }}
{{- end }}

{{/*
DNS names of the backend certificate: the Service names, the headless Service's with client-side balancing (its
clients verify the name they dial: dns:///<headless>.<ns>.svc.<domain>, or <headless>.<ns>, the server name
kuberesolver gives every address, sercand/kuberesolver builder.go makeAddresses), then backendTLS.extraDnsNames.
JSON list.
Usage: {{ include "grpc-gke.tls.dnsNames" . | fromJsonArray }}
*/}}
{{- define "grpc-gke.tls.dnsNames" -}}
{{- $ns := .Release.Namespace }}
{{- $domain := .Values.clusterDomain | trimSuffix "." }}
{{- $services := list (include "grpc-gke.names.fullname" .) }}
{{- if include "grpc-gke.balancing.enabled" . }}
{{- $services = append $services (include "grpc-gke.names.headlessService" .) }}
{{- end }}
{{- $names := list }}
{{- range $svc := $services }}
{{- $names = concat $names (list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.%s" $svc $ns $domain)) }}
{{- end }}
{{- range .Values.backendTLS.extraDnsNames }}
{{- $names = append $names . }}
{{- end }}
{{- $names | uniq | toJson }}
{{- end }}

{{/*
Self-signed backend certificate, as a JSON dict {"tls.crt": <b64>, "tls.key": <b64>}.
On install/upgrade against a cluster the existing Secret is looked up and reused, so an upgrade never
rotates it. Without a cluster (helm template, --dry-run=client) a new one is generated. The result is
memoised for the render so the Secret and the pod's checksum/backend-tls annotation agree.
Usage: {{ include "grpc-gke.tls.selfSigned" . | fromJson }}
*/}}
{{- define "grpc-gke.tls.selfSigned" -}}
{{- if not (hasKey .Values "__grpcGkeGeneratedTLS") }}
{{- /*
The guards first: helm renders backend-tls/secret.yaml before validate.yaml, and Sprig's certificate generation fails
on a name that is not a DNS name ("cannot be encoded as an IA5String") instead of the guard's message (RELEASE-NAMES).
*/}}
{{- include "grpc-gke.guards.run" . }}
{{- $name := include "grpc-gke.names.backendTLSSecret" . }}
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
Seconds in a Go duration made of h, m and s parts (the form values.schema.json allows): "8760h" -> 31536000,
"1h30m" -> 5400.
Usage: {{ include "grpc-gke.tls.durationSeconds" "720h" | int }}
*/}}
{{- define "grpc-gke.tls.durationSeconds" -}}
{{- $seconds := 0.0 }}
{{- range $part := regexFindAll "[0-9.]+[hms]" . -1 }}
{{- $unit := substr (sub (len $part) 1 | int) (len $part) $part }}
{{- $factor := get (dict "h" 3600.0 "m" 60.0 "s" 1.0) $unit }}
{{- $seconds = addf $seconds (mulf (float64 (trimSuffix $unit $part)) $factor) }}
{{- end }}
{{- int $seconds }}
{{- end }}
