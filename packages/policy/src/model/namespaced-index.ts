import { sameNamespace } from "./object.ts";

/**
 * Lookups by a key within a namespace, where an object without a namespace (helm's release namespace) matches
 * any namespace and a query without one matches every object (`sameNamespace`). Items keep the order they
 * were added in (document order), so "the first match" is the same as a scan of the whole set would find, at
 * the cost of the matches instead of the set.
 */
interface Entry<T> {
  readonly order: number;
  readonly item: T;
}

export class NamespacedIndex<T> {
  /** `key` → every item, any namespace. */
  readonly #all = new Map<string, Entry<T>[]>();
  /** `key\0namespace` → items in that namespace. */
  readonly #inNamespace = new Map<string, Entry<T>[]>();
  /** `key` → items without a namespace (they match any). */
  readonly #anyNamespace = new Map<string, Entry<T>[]>();
  readonly #namespaceOf: (item: T) => string | undefined;
  #added = 0;

  /** `namespaceOf` reads an item's namespace (manifests are unchecked: it may not even be a string). */
  constructor(namespaceOf: (item: T) => string | undefined) {
    this.#namespaceOf = namespaceOf;
  }

  add(key: string, item: T): void {
    const entry = { order: this.#added++, item };
    const namespace: unknown = this.#namespaceOf(item);
    push(this.#all, key, entry);
    // A namespace that is not a string can only equal itself: kept with the any-namespace items, and the exact
    // `sameNamespace` test below decides.
    if (typeof namespace === "string") push(this.#inNamespace, `${key}\0${namespace}`, entry);
    else push(this.#anyNamespace, key, entry);
  }

  /** The items under `key` whose namespace matches `namespace`, in the order they were added. */
  get(key: string, namespace: string | undefined): readonly T[] {
    if (namespace === undefined) return (this.#all.get(key) ?? []).map((entry) => entry.item);
    return merge(
      this.#inNamespace.get(`${key}\0${namespace}`) ?? [],
      this.#anyNamespace.get(key) ?? [],
    ).filter((item) => sameNamespace(this.#namespaceOf(item), namespace));
  }

  /** The first of `get(key, namespace)` that passes `test`, without building the whole list. */
  find(key: string, namespace: string | undefined, test: (item: T) => boolean = () => true): T | undefined {
    if (namespace === undefined) return this.#all.get(key)?.find((entry) => test(entry.item))?.item;
    const matches = (item: T): boolean => sameNamespace(this.#namespaceOf(item), namespace) && test(item);
    const a = this.#inNamespace.get(`${key}\0${namespace}`) ?? [];
    const b = this.#anyNamespace.get(key) ?? [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      const next =
        j >= b.length || (i < a.length && (a[i]?.order ?? 0) < (b[j]?.order ?? 0)) ? a[i++] : b[j++];
      if (next !== undefined && matches(next.item)) return next.item;
    }
    return undefined;
  }
}

function push<T>(map: Map<string, Entry<T>[]>, key: string, entry: Entry<T>): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [entry]);
  else list.push(entry);
}

function merge<T>(a: readonly Entry<T>[], b: readonly Entry<T>[]): T[] {
  if (b.length === 0) return a.map((entry) => entry.item);
  if (a.length === 0) return b.map((entry) => entry.item);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && (a[i]?.order ?? 0) < (b[j]?.order ?? 0)) ? a[i++] : b[j++];
    if (next !== undefined) out.push(next.item);
  }
  return out;
}
