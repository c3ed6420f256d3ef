/**
 * The command dispatcher. It loads only what every command needs (argument parsing, the error base class); each
 * command's module is imported when that command runs, so `check` starts helm before the parser, the validators
 * and the rules are loaded, and `validate` never loads helm.
 */
import { GrpcGkeError, messageWithFix } from "@grpc-gke/manifest/errors";
import { parseArguments } from "./args.ts";
import { HELP, UsageError } from "./usage.ts";

export interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly cwd: string;
}

/** Runs one grpc-gke command; resolves to the exit code (0 clean, 1 problems, 2 usage or environment). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const args = parseArguments(argv);
    switch (args.command) {
      case "help":
        io.stdout.write(HELP);
        return 0;
      case "validate":
        return await (await import("./validate-command.ts")).validateCommand(args, io);
      case "schemas-import":
        return await (await import("./import.ts")).importSchemas(args, io);
      case "check":
      case "render":
        return await (await import("./chart-command.ts")).chartCommand(args, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`grpc-gke: ${error.message}\nRun \`grpc-gke help\` for usage.\n`);
      return 2;
    }
    // The environment is not what the command needs (no helm, no schemas, ...): every package's typed errors
    // extend GrpcGkeError and say the fix. A chart helm refuses or a stream that does not parse is a report
    // (exit 1), handled where it is thrown.
    if (error instanceof GrpcGkeError) {
      io.stderr.write(`grpc-gke: ${messageWithFix(error)}\n`);
      return 2;
    }
    // Anything else is a bug of grpc-gke, not of the input: say so in one line, never with a stack trace.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(
      `grpc-gke: internal error: ${message}\nFix: this is a bug in grpc-gke; report it with the input that caused it (GRPC_GKE_DEBUG=1 prints the stack).\n`,
    );
    if (process.env.GRPC_GKE_DEBUG === "1" && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return 2;
  }
}
