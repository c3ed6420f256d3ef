/**
 * Facts about GKE, Kubernetes and gRPC that both the chart (its render-time guards) and the policy rules (on any
 * manifests) depend on. Each lives here once: the policy rules import it, and `npm run docs` writes the chart's
 * `templates/_facts.tpl` from it (a test fails when that file drifts), so a guard and a rule can never disagree
 * on a bound.
 *
 * Only values go in this object (it is serialised into the chart); each one's primary source is in its comment.
 */
export const FACTS = {
  loadBalancer: {
    /**
     * Backend-service `timeoutSec` when nothing sets it. It caps a whole response, so a gRPC stream is cut then.
     * https://cloud.google.com/load-balancing/docs/backend-service#timeout-setting
     */
    defaultBackendTimeoutSec: 30,
    /**
     * The shortest backend timeout the chart and the rules accept for a port that carries gRPC streams: anything
     * under a minute cuts ordinary streams (chart policy, not a Google limit; Google's default is 30 s above).
     */
    minStreamTimeoutSec: 60,
    /**
     * Google advises against backend timeouts over a day: GFEs restart for maintenance, clients reconnect anyway.
     * https://gcpdiag.dev/rules/lb/BP/2025_002/
     */
    maxAdvisedTimeoutSec: 86_400,
    /**
     * Connection draining range of a backend service.
     * https://cloud.google.com/load-balancing/docs/enabling-connection-draining
     */
    maxDrainingTimeoutSec: 3600,
    /**
     * The GFE keeps idle connections to backends for 600 s; a backend must idle longer, or the GFE reuses a
     * connection the backend is closing (502). https://cloud.google.com/load-balancing/docs/https#timeouts_and_retries
     */
    backendKeepAliveSec: 600,
    /**
     * Source ranges of Google's load-balancer proxies and health checkers (firewall rules and NetworkPolicy).
     * kubernetes/ingress-gce: docs/faq/gce.md; https://cloud.google.com/load-balancing/docs/health-check-concepts#ip-ranges
     * Health checks of every Application Load Balancer come from them; so does the traffic of the Google Front End
     * load balancers (global external, classic) to zonal NEGs ("GFE proxy ranges: same as health check ranges if the
     * backends are ... zonal NEGs (GCE_VM_IP_PORT)"), while the regional and internal (Envoy-based) ones connect from
     * the region's proxy-only subnet (https://cloud.google.com/load-balancing/docs/firewall-rules). ingress-gce opens
     * exactly these, plus the proxy-only subnet for `gce-internal` and `gce-regional-external` Ingresses
     * (pkg/firewalls/controller.go sync: L7LoadBalancerSrcRanges, ilbFirewallSrcRange, rxlbFirewallSrcRange;
     * vendor/k8s.io/cloud-provider-gcp/providers/gce/gce_loadbalancer.go l7lbSrcRngsFlag).
     */
    healthCheckSourceRanges: ["130.211.0.0/22", "35.191.0.0/16"],
  },
  gkeIngress: {
    /** BackendConfig `healthCheck.type` values ingress-gce accepts (kubernetes/ingress-gce: pkg/translator/healthchecks.go). */
    healthCheckTypes: ["HTTP", "HTTPS", "HTTP2"],
    /** Certificates of all kinds on one Ingress (https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-multi-ssl). */
    maxCertificates: 15,
    /** Domains in one ManagedCertificate (https://cloud.google.com/kubernetes-engine/docs/how-to/managed-certs). */
    managedCertificateMaxDomains: 100,
    /** BackendConfig sessionAffinity.affinityCookieTtlSec upper bound (kubernetes/ingress-gce: pkg/backendconfig validateSessionAffinity). */
    maxAffinityCookieTtlSec: 86_400,
    /**
     * The `kubernetes.io/ingress.class` values GKE Ingress serves, with the load balancer each one makes: `global`
     * (Google Front Ends: the classic Application Load Balancer) or regional (Envoy proxies in the region's proxy-only
     * subnet, whose range ingress-gce looks up by purpose REGIONAL_MANAGED_PROXY, or INTERNAL_HTTPS_LOAD_BALANCER for
     * the internal class). kubernetes/ingress-gce pkg/annotations/ingress.go (GceIngressClass, GceL7ILBIngressClass,
     * GceL7XLBRegionalIngressClass), pkg/loadbalancers/features/l7ilb.go, l7rxlb.go.
     */
    classes: {
      gce: { global: true, internal: false },
      "gce-internal": { global: false, internal: true },
      "gce-regional-external": { global: false, internal: false },
    },
  },
  gkeGateway: {
    /**
     * The single-cluster GatewayClasses GKE installs, with the load balancer each one makes: `global` (Google Front
     * Ends, a global address, Certificate Manager certificate maps) or regional (Envoy-based, a regional address and
     * a proxy-only subnet); `internal` (clients in the VPC only). The `-mc` multi-cluster twins are left out on
     * purpose: their Gateways live in a fleet config cluster and route to ServiceImports, and their GCPBackendPolicy
     * and HealthCheckPolicy must target ServiceImports, not Services
     * (https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources, Limitations).
     * https://cloud.google.com/kubernetes-engine/docs/how-to/gatewayclass-capabilities
     */
    classes: {
      "gke-l7-global-external-managed": { global: true, internal: false },
      "gke-l7-regional-external-managed": { global: false, internal: false },
      "gke-l7-rilb": { global: false, internal: true },
      "gke-l7-gxlb": { global: true, internal: false },
    },
    /**
     * Service `spec.ports[].appProtocol` values the GKE Gateway controller reads ("The supported fields for
     * appProtocol are: HTTP, HTTPS, HTTP2, and kubernetes.io/h2c"):
     * https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#load-balancer-tls
     */
    appProtocols: ["HTTP", "HTTPS", "HTTP2", "kubernetes.io/h2c"],
    /**
     * HealthCheckPolicy `config.type` values. GRPC is cleartext (h2c): the CRD has no gRPC-with-TLS type, which
     * Compute Engine names separately (`gcloud compute health-checks create grpc-with-tls`).
     * GoogleCloudPlatform/gke-gateway-api: apis/networking/v1/healthcheck_types.go
     */
    healthCheckTypes: ["TCP", "HTTP", "HTTPS", "HTTP2", "GRPC"],
    /**
     * Kubernetes Secrets and Compute Engine SSL certificates attached to one Gateway (Certificate Manager is the way
     * past it). https://cloud.google.com/kubernetes-engine/docs/concepts/gateway-security
     */
    maxCertificates: 15,
    /**
     * GCPBackendPolicy `logging.sampleRate` is an integer in [0, 1e6] that GKE divides by 1e6 (BackendConfig takes
     * the fraction itself). GoogleCloudPlatform/gke-gateway-api: apis/networking/v1/gcpbackendpolicy_types.go
     */
    logSampleRateScale: 1_000_000,
    /**
     * The Gateway annotation naming a Certificate Manager certificate map. Only the load balancers built on Google
     * Front Ends take a map (https://cloud.google.com/certificate-manager/docs/deploy), and GKE refuses it next to
     * listener `certificateRefs` (https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway).
     */
    certificateMapAnnotation: "networking.gke.io/certmap",
  },
  nginx: {
    /**
     * Seconds an idle keep-alive connection to an upstream (a pod) stays open: the ConfigMap key
     * `upstream-keepalive-timeout`, default 60 (kubernetes/ingress-nginx internal/ingress/controller/config/config.go).
     */
    upstreamKeepaliveTimeoutSec: 60,
    /**
     * The prefix of every annotation ingress-nginx reads (`--annotations-prefix`); the other NGINX controller (F5
     * NGINX Ingress Controller) reads `nginx.org/*` instead. kubernetes/ingress-nginx:
     * internal/ingress/annotations/parser/main.go (DefaultAnnotationsPrefix)
     */
    annotationPrefix: "nginx.ingress.kubernetes.io/",
    /** `spec.controller` of ingress-nginx's IngressClass (kubernetes/ingress-nginx: internal/k8s/main.go). */
    controller: "k8s.io/ingress-nginx",
    /**
     * The IngressClass name ingress-nginx's chart creates (`controller.ingressClassResource.name`), also the value of
     * the legacy `kubernetes.io/ingress.class` annotation it serves (charts/ingress-nginx/values.yaml;
     * internal/ingress/controller/ingressclass/ingressclass.go).
     */
    defaultClassName: "nginx",
    /**
     * `proxy-read-timeout` and `proxy-send-timeout` when nothing sets them, in seconds; with backend protocol GRPC or
     * GRPCS they become `grpc_read_timeout` and `grpc_send_timeout`, so an idle stream is closed after it.
     * kubernetes/ingress-nginx: internal/ingress/controller/config/config.go (ProxyReadTimeout, ProxySendTimeout),
     * rootfs/etc/nginx/template/nginx.tmpl
     */
    defaultProxyTimeoutSec: 60,
  },
  istio: {
    /**
     * Seconds an idle upstream connection of the pool stays open when the DestinationRule sets no
     * `connectionPool.http.idleTimeout`: "If not set, the default idle timeout is 1 hour. If set to 0s, the timeout
     * will be disabled." (istio/api networking/v1alpha3/destination_rule.proto).
     */
    defaultIdleTimeoutSec: 3600,
    /**
     * The protocols, as Istio reads a Service port (`appProtocol` when set, else the port name's prefix before `-`;
     * `kubernetes.io/h2c` is HTTP2), for which its proxies speak HTTP/2 to the pods; any other (`HTTP`, `TCP`, an
     * unknown name) gets HTTP/1.1 or TCP from an ingress gateway, which never sniffs the protocol. istio/istio
     * pkg/config/kube/conversion.go (ConvertProtocol), pkg/config/protocol/instance.go (IsHTTP2),
     * pilot/pkg/networking/core/cluster_builder.go (setUpstreamProtocol).
     */
    http2Protocols: ["HTTP2", "GRPC", "GRPC-Web"],
    /**
     * The pod annotation carrying ProxyConfig overrides for the pod's own Istio proxy (istio/api
     * annotation/annotations.yaml), and ProxyConfig's `terminationDrainDuration` default: on SIGTERM the proxy drains
     * that long, then exits (istio/api mesh/v1alpha1/proxy.proto, "If not set, a default of `5s` will be applied").
     */
    proxyConfigAnnotation: "proxy.istio.io/config",
    defaultTerminationDrainSec: 5,
  },
  esp: {
    /**
     * ESP (v1, nginx-based) sidecar flags (cloudendpoints/esp start_esp/start_esp.py, make_argparser and
     * make_ingress): `--http_port` serves HTTP/1.x only, `--http2_port` cleartext HTTP/2 only (its nginx 1.15.9
     * `listen ... http2` cannot serve both on one port), `--ssl_port` TLS; `--status_port` defaults to 8090 and
     * `--http_port` to 8080 when no port flag is given; start_esp exits when two of them share a port.
     */
    v1: {
      portFlags: {
        http: ["--http_port", "-p"],
        http2: ["--http2_port", "-P"],
        ssl: ["--ssl_port", "-S"],
        status: ["--status_port", "-N"],
      },
      defaultHttpPort: 8080,
      defaultStatusPort: 8090,
      /** The images ESP v1 is released as (README "Released ESP docker images", script/release-stable). */
      images: [
        "gcr.io/endpoints-release/endpoints-runtime",
        "gcr.io/endpoints-release/endpoints-runtime-secure",
      ],
    },
  },
  shutdown: {
    /**
     * Seconds of margin the grace period must keep after the preStop delay and the load balancer's draining:
     * SIGKILL comes at the end of terminationGracePeriodSeconds, which the preStop hook counts against
     * (kubernetes/kubernetes#74160), so a grace period equal to preStop + draining kills the pod as draining ends.
     * The chart refuses a smaller gracefulShutdown.bufferSeconds (guard GRACE-PERIOD) and K8S-GRACE-PERIOD flags a
     * smaller margin in any manifests.
     */
    minBufferSec: 1,
    /** terminationGracePeriodSeconds when a pod spec does not set it (core/v1 PodSpec). */
    defaultTerminationGracePeriodSec: 30,
  },
  podSecurity: {
    /**
     * The Pod Security Standards' allowed values, as the reference implementation checks them
     * (kubernetes/pod-security-admission v0.36.2, `policy/check_*.go`): the pod-security rules read them per policy
     * version, and the chart's guard POD-SECURITY refuses values outside them at the newest version ("restricted").
     * Restricted "Volume Types" (check_restrictedVolumes.go restrictedVolumes_1_0; `image` since ca569ec, 2025).
     */
    restrictedVolumeSources: [
      "configMap",
      "csi",
      "downwardAPI",
      "emptyDir",
      "ephemeral",
      "image",
      "persistentVolumeClaim",
      "projected",
      "secret",
    ],
    /** Seccomp profile types allowed, baseline and restricted (check_seccompProfile_baseline.go, validSeccomp). */
    seccompTypes: ["RuntimeDefault", "Localhost"],
    /** securityContext.appArmorProfile types allowed (check_appArmorProfile.go). */
    appArmorTypes: ["RuntimeDefault", "Localhost"],
    /** Restricted "Capabilities" (v1.22+): drop must hold this exact string (check_capabilities_restricted.go). */
    dropAll: "ALL",
    /** Restricted "Capabilities": the one capability a container may add (check_capabilities_restricted.go). */
    restrictedAddableCapability: "NET_BIND_SERVICE",
    /**
     * Baseline "Sysctls": the safe sysctls and the policy version each is allowed from (check_sysctls.go:
     * sysctlsAllowedV1Dot0, V1Dot27, V1Dot29, V1Dot32).
     */
    safeSysctls: [
      { name: "kernel.shm_rmid_forced", since: 0 },
      { name: "net.ipv4.ip_local_port_range", since: 0 },
      { name: "net.ipv4.tcp_syncookies", since: 0 },
      { name: "net.ipv4.ping_group_range", since: 0 },
      { name: "net.ipv4.ip_unprivileged_port_start", since: 0 },
      { name: "net.ipv4.ip_local_reserved_ports", since: 27 },
      { name: "net.ipv4.tcp_keepalive_time", since: 29 },
      { name: "net.ipv4.tcp_fin_timeout", since: 29 },
      { name: "net.ipv4.tcp_keepalive_intvl", since: 29 },
      { name: "net.ipv4.tcp_keepalive_probes", since: 29 },
      { name: "net.ipv4.tcp_rmem", since: 32 },
      { name: "net.ipv4.tcp_wmem", since: 32 },
    ],
    /**
     * Baseline "SELinux": the seLinuxOptions.type values allowed besides empty, with the policy version each is
     * allowed from (check_seLinuxOptions.go: selinuxAllowedTypes1_0, container_engine_t from 1.31); user and role
     * must stay empty.
     */
    seLinuxTypes: [
      { type: "container_t", since: 0 },
      { type: "container_init_t", since: 0 },
      { type: "container_kvm_t", since: 0 },
      { type: "container_engine_t", since: 31 },
    ],
    /** The deprecated AppArmor pod annotation prefix; allowed values empty, `runtime/default`, `localhost/*`. */
    appArmorAnnotationPrefix: "container.apparmor.security.beta.kubernetes.io/",
  },
  kestrel: {
    /**
     * Kestrel's `KestrelServerLimits.KeepAliveTimeout` default, which also closes idle HTTP/2 connections
     * (https://learn.microsoft.com/en-us/dotnet/api/microsoft.aspnetcore.server.kestrel.core.kestrelserverlimits.keepalivetimeout).
     */
    defaultKeepAliveTimeoutSec: 130,
  },
  kubernetes: {
    /** The native `lifecycle.preStop.sleep` action is on by default from 1.30 (KEP-3960: beta 1.30, GA 1.34). */
    nativeSleepActionSince: "1.30.0",
  },
  workloadIdentity: {
    /**
     * The Kubernetes ServiceAccount annotation naming the Google service account its pods act as with Workload
     * Identity Federation for GKE (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity, "Link
     * Kubernetes ServiceAccounts to IAM").
     */
    gcpServiceAccountAnnotation: "iam.gke.io/gcp-service-account",
    /**
     * Where a pod's Google client libraries fetch tokens: the metadata server (`metadata.google.internal`,
     * 169.254.169.254: googleapis/google-auth-library-python google/auth/compute_engine/_metadata.py; Application
     * Default Credentials fall back to it, and never read the Kubernetes ServiceAccount token, google/auth/_default.py).
     * On a Workload Identity node pool the GKE metadata server (a DaemonSet in kube-system, host network) answers it:
     * with GKE Dataplane V2 on 169.254.169.254 port 80, with the older Calico dataplane on 169.254.169.252 port 988,
     * where the node redirects the requests. A NetworkPolicy that restricts egress must admit both for Workload
     * Identity to work (https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy).
     */
    metadataServerEgress: [
      { cidr: "169.254.169.254/32", port: 80 },
      { cidr: "169.254.169.252/32", port: 988 },
    ],
  },
  kuberesolver: {
    /**
     * What sercand/kuberesolver asks the API server for a `kubernetes:///service.namespace:port` target, so what the
     * client's ServiceAccount must be granted (RBAC verbs). v6 (module github.com/sercand/kuberesolver/v6) lists and
     * watches the Service's EndpointSlices by their `kubernetes.io/service-name` label: `GET
     * /apis/discovery.k8s.io/v1/namespaces/NS/endpointslices?labelSelector=...` and the same under `/watch/`, verbs
     * `list` and `watch` (its README's "GET and WATCH" is the HTTP method of the collection read, which RBAC calls
     * `list`). A label-selected list cannot be narrowed with `resourceNames`. sercand/kuberesolver kubernetes.go,
     * getEndpointSliceList and watchEndpointSlice, v6.0.0 to master.
     */
    endpointSlices: { group: "discovery.k8s.io", resource: "endpointslices", verbs: ["list", "watch"] },
    /**
     * v2 to v5 (github.com/sercand/kuberesolver/v5 and older) read the core Endpoints object of the Service by name:
     * `GET /api/v1/namespaces/NS/endpoints/NAME` and `/api/v1/watch/namespaces/NS/endpoints/NAME`, verbs `get` and
     * `watch`. No release reads Services. sercand/kuberesolver kubernetes.go, getEndpoints and watchEndpoints, v2.4.0
     * to v5.1.1.
     */
    endpoints: { group: "", resource: "endpoints", verbs: ["get", "watch"] },
  },
} as const;

export type Facts = typeof FACTS;
