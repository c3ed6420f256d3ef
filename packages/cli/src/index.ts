export { type Arguments, type Format, parseArguments } from "./args.ts";
export { inspect } from "./inspect.ts";
export { type Io, main } from "./main.ts";
export { formatReport, type Report } from "./report.ts";
export { HELP, UsageError } from "./usage.ts";
