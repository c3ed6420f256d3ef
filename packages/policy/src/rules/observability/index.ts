/**
 * Rules for what scrapes the pods' metrics (GMP PodMonitoring, Prometheus Operator ServiceMonitor), in any
 * manifests: the chart's `metrics` values and anything in `extraObjects` alike.
 */
import type { Rule } from "../../rule.ts";
import { monitorPort } from "./monitor-port.ts";

export const observabilityRules: readonly Rule[] = [monitorPort];
