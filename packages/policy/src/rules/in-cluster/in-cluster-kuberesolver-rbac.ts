import { FACTS } from "@grpc-gke/facts";
import { describeObject, joinPath } from "@grpc-gke/manifest";
import { grants, namesResource } from "../../model/index.ts";
import { defineRule } from "../../rule.ts";
import { wordList } from "../labels.ts";

const { endpointSlices, endpoints } = FACTS.kuberesolver;

/**
 * A rule that grants reading EndpointSlices (or Endpoints) is what a Kubernetes API resolver such as kuberesolver
 * needs, and little else does: recognised by its resources, it must grant what the resolver calls.
 */
export const inClusterKuberesolverRbac = defineRule(
  {
    id: "IN-CLUSTER-KUBERESOLVER-RBAC",
    title: "Role for a Kubernetes API resolver (kuberesolver) without list and watch on EndpointSlices",
    why:
      "kuberesolver v6 (kubernetes:/// targets) lists and watches the Service's EndpointSlices by their " +
      "kubernetes.io/service-name label: RBAC verbs list and watch on discovery.k8s.io endpointslices, which " +
      'resourceNames cannot narrow. Its README says "GET and WATCH": the GET is the HTTP method of a collection ' +
      "read, which RBAC calls list. With get (or resourceNames) only, the API answers 403, the client gets no " +
      "addresses and its calls fail with UNAVAILABLE. v2 to v5 get and watch the Service's core Endpoints by name.",
    fix:
      "Grant get, list and watch on discovery.k8s.io endpointslices without resourceNames (and get, list and watch " +
      "on core endpoints for kuberesolver v5 and older), in the namespace of the Service the clients resolve.",
    link: "https://github.com/sercand/kuberesolver/blob/master/kubernetes.go",
  },
  (set, reporter) => {
    for (const rule of set.policyRules) {
      const role = describeObject(rule.document.object);
      const reads = ["get", "list", "watch"].some((verb) => grants(rule, verb));
      if (namesResource(rule, endpointSlices.group, endpointSlices.resource) && reads) {
        const missing = endpointSlices.verbs.filter((verb) => !grants(rule, verb));
        if (missing.length > 0) {
          reporter.report(
            rule.document,
            joinPath(rule.path, "verbs"),
            `${role} grants ${wordList(rule.verbs, "and")} on ${endpointSlices.group} ${endpointSlices.resource} without ${wordList(missing, "or")}: kuberesolver v6 lists and watches a Service's EndpointSlices by label, so its clients would get 403 and no addresses.`,
          );
        }
        if (rule.resourceNames.length > 0) {
          reporter.report(
            rule.document,
            joinPath(rule.path, "resourceNames"),
            `${role} limits ${endpointSlices.resource} to resourceNames ${wordList(rule.resourceNames, "and")}: EndpointSlices have generated names, and kuberesolver lists them by the kubernetes.io/service-name label, which resourceNames cannot allow, so the list is refused (403).`,
          );
        }
      }
      if (namesResource(rule, endpoints.group, endpoints.resource) && grants(rule, "get")) {
        const missing = endpoints.verbs.filter((verb) => !grants(rule, verb));
        if (missing.length > 0) {
          reporter.report(
            rule.document,
            joinPath(rule.path, "verbs"),
            `${role} grants ${wordList(rule.verbs, "and")} on core endpoints without ${wordList(missing, "or")}: kuberesolver v5 and older get the Service's Endpoints and then watch them, so without ${wordList(missing, "or")} its clients never see pods come and go.`,
          );
        }
      }
    }
  },
);
