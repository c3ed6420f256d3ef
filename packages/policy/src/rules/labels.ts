/** How rules name a routed Service port and the frontend in front of it, so messages read alike. */
import { describeObject } from "@grpc-gke/manifest";
import type { RoutedPort, Service, ServicePort } from "../model/index.ts";

/** `Service/games/game port "grpc" (5000)`. */
export function portLabel(routed: RoutedPort): string {
  return servicePortLabel(routed.service, routed.port);
}

/** `Service/games/game port "grpc" (5000)`, for a port no GKE load balancer routes (ingress-nginx's). */
export function servicePortLabel(service: Service, port: ServicePort): string {
  const name = port.name === undefined ? "" : ` "${port.name}"`;
  return `${describeObject(service.document.object)} port${name} (${port.port ?? "?"})`;
}

/** `GKE Ingress Ingress/games/game` or `GKE Gateway route HTTPRoute/games/game`. */
export function frontendLabel(routed: RoutedPort): string {
  return `${routed.frontend === "ingress" ? "GKE Ingress" : "GKE Gateway route"} ${describeObject(routed.via.object)}`;
}

/** `HTTP, HTTPS and HTTP2` (or `… or HTTP2`), for lists in prose. */
export function wordList(words: readonly string[], conjunction: "and" | "or"): string {
  if (words.length < 2) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${conjunction} ${words.at(-1)}`;
}
