import { asArray, asRecord, asString, asStringMap } from "./read.ts";

/**
 * Whether labels match a metav1.LabelSelector: every `matchLabels` pair, and every `matchExpressions` requirement
 * (`In`, `NotIn`, `Exists`, `DoesNotExist`), as apimachinery's LabelSelectorAsSelector reads them. An empty selector
 * matches everything; an operator this does not know matches nothing (kubernetes/apimachinery
 * pkg/apis/meta/v1/helpers.go). undefined when the selector is not an object.
 */
export function matchesLabelSelector(
  selector: unknown,
  labels: Readonly<Record<string, string>>,
): boolean | undefined {
  const record = asRecord(selector);
  if (record === undefined) return undefined;
  for (const [key, value] of Object.entries(asStringMap(record.matchLabels))) {
    if (labels[key] !== value) return false;
  }
  for (const entry of asArray(record.matchExpressions)) {
    const requirement = asRecord(entry);
    const key = asString(requirement?.key);
    if (key === undefined) return false;
    const values = asArray(requirement?.values).filter((value): value is string => typeof value === "string");
    const has = Object.hasOwn(labels, key);
    switch (asString(requirement?.operator)) {
      case "In":
        if (!has || !values.includes(labels[key] ?? "")) return false;
        break;
      case "NotIn":
        if (has && values.includes(labels[key] ?? "")) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
