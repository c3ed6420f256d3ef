export {
  assertInSync,
  type ChartFiles,
  chartFiles,
  check,
  type Generated,
  generate,
  type Written,
  writeGenerated,
} from "./chart.ts";
export { type Collected, type CollectFiles, collect, type ValueDoc } from "./collect.ts";
export {
  ChartDocsDriftError,
  ChartDocsError,
  type ChartDocsErrorReason,
  type DocProblem,
  type DocProblemKind,
  formatProblem,
} from "./errors.ts";
export { type SchemaNode, schemaType } from "./schema.ts";
export { escapeCell, renderRow, renderTable, TABLE_END, TABLE_START } from "./table.ts";
export {
  BAD_INPUTS_FILE,
  type BadInput,
  readBadInputs,
  renderTroubleshootingTable,
  TROUBLESHOOTING_END,
  TROUBLESHOOTING_START,
} from "./troubleshooting.ts";
export { commentDescription, renderDefault } from "./values.ts";
