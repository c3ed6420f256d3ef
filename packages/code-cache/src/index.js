/**
 * Loads a CommonJS file with a V8 code cache made after it ran. Node's own compile cache
 * (`module.enableCompileCache`) is made when a module is compiled, before it runs: it holds the top-level code,
 * and every function V8 compiles lazily on its first call is compiled again in every process. A cache that
 * `vm.Script#createCachedData()` makes after the code ran holds those functions too (V8 can make a cache "at
 * arbitrary time after compilation", which "can now include code for functions that have already been compiled
 * and executed": nodejs/node#20052; v8.dev/blog/improved-code-caching), so the next process runs them at once:
 * the parser, the validators and the rules `grpc-gke check` uses, each compiled once per machine, not per run.
 *
 * The cache of a file lives under the key the caller gives, which must change with the file's content: V8 checks
 * a cache against its own version, flags and build, but against the source only by its length
 * (`SerializedCodeData::SourceHash` in deps/v8/src/snapshot/code-serializer.cc is `source->length()` and a
 * module bit). It is written once, when the process exits, for a file whose cache was missing or refused
 * (another Node, other flags), and a failure to read or write it only costs speed.
 *
 * Plain JavaScript (typed with JSDoc) so that the CLI's start script loads it without type stripping.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import vm from "node:vm";

/** @type {Map<string, vm.Script>} caches to write at exit: path → script */
const pending = new Map();
/** @type {WeakMap<object, { cacheFile: string, script: vm.Script }>} loaded without a usable cache, not yet kept */
const uncached = new WeakMap();
let hooked = false;

/**
 * @param {unknown} value
 * @returns {value is object}
 */
function isObject(value) {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}

/** @param {string} cacheFile @param {vm.Script} script */
function saveAtExit(cacheFile, script) {
  pending.set(cacheFile, script);
  if (!hooked) {
    hooked = true;
    process.once("exit", writePending);
  }
}

function writePending() {
  for (const [cacheFile, script] of pending) {
    try {
      mkdirSync(dirname(cacheFile), { recursive: true });
      const staging = `${cacheFile}.${process.pid}`;
      writeFileSync(staging, script.createCachedData());
      renameSync(staging, cacheFile);
    } catch {
      // A read-only or full disk: the next run compiles again, as it would without a cache.
    }
  }
  pending.clear();
}

/**
 * Runs a CommonJS file (with its own `require`, `module`, `__filename`, `__dirname`) and returns its exports,
 * using the code cache `cacheFile` when it is there and V8 takes it.
 *
 * Without a usable cache, one is written when the process exits: always by default, or with `{ keep: "used" }`
 * only once {@link keepCodeCache} says the exports ran (a cache made before the code ran holds little).
 *
 * @param {string} file absolute path of the CommonJS file
 * @param {string} cacheFile where its code cache is kept; its name must change when the file's content does
 * @param {{ keep?: "always" | "used" }} [options]
 * @returns {unknown} `module.exports`
 */
export function loadCommonJs(file, cacheFile, options = {}) {
  const source = readFileSync(file, "utf8");
  /** @type {Buffer | undefined} */
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData }),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: /** @type {unknown} */ ({}) };
  const wrapper = /** @type {(...args: unknown[]) => void} */ (script.runInThisContext());
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  if (cachedData === undefined || script.cachedDataRejected === true) {
    const exported = module.exports;
    if (options.keep === "used" && isObject(exported)) uncached.set(exported, { cacheFile, script });
    else saveAtExit(cacheFile, script);
  }
  return module.exports;
}

/**
 * Says that exports loaded with `{ keep: "used" }` have run: their cache, if they had none, is written at exit.
 * Exports that came with a usable cache, or were kept already, are left as they are.
 *
 * @param {unknown} exports what {@link loadCommonJs} returned
 */
export function keepCodeCache(exports) {
  if (!isObject(exports)) return;
  const entry = uncached.get(exports);
  if (entry === undefined) return;
  uncached.delete(exports);
  saveAtExit(entry.cacheFile, entry.script);
}

/**
 * The folder for one version of a set of files' caches (`<root>/<key>`); the folders of other keys under `root`
 * are old versions and are removed when this one is first made.
 *
 * @param {string} root
 * @param {string} key changes whenever any file cached under it changes (a build id, a fingerprint)
 * @returns {string}
 */
export function cacheFolder(root, key) {
  const folder = join(root, key);
  if (existsSync(folder)) return folder;
  try {
    for (const name of readdirSync(root)) rmSync(join(root, name), { recursive: true, force: true });
  } catch {
    // No root yet (nothing to remove), or it cannot be cleaned: only disk space is lost.
  }
  return folder;
}
