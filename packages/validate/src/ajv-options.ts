/**
 * How the bundled schemas are compiled, in one place: the run-time compiler (validator.ts, for a `schemaRoot` of
 * one's own) and the build-time one (compile.ts, the committed validators in `compiled/`) must agree, or the
 * two would report different problems. strictRequired off: a CRD oneOf branch `{required: [a]}` names a
 * property defined beside it, not in it.
 */
export const STRICT_AJV_OPTIONS = {
  allErrors: true,
  verbose: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
} as const;

/** Schemas from elsewhere (imported, kubeconform's, the CRDs-catalog): OpenAPI keywords and formats are ignored. */
export const LENIENT_AJV_OPTIONS = {
  allErrors: true,
  verbose: true,
  strict: false,
  validateFormats: false,
  logger: false,
} as const;
