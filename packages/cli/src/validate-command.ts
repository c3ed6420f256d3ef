import { failsRun, type Problem, type RenderedDocument, readManifests } from "@grpc-gke/manifest";
import { checkPolicy } from "@grpc-gke/policy";
import type { ValidateArguments } from "./args.ts";
import { parseProblem, readInput } from "./input.ts";
import { rulesFor, validatorFor } from "./inspect.ts";
import type { Io } from "./main.ts";
import { type CheckedObject, checkedObject, formatReport } from "./report.ts";
import { UsageError } from "./usage.ts";

/**
 * Streams the documents: each is parsed, checked against its schema and dropped; only the policy rules (which
 * follow references across the whole set) need every object at once, and --schema-only keeps none.
 */
export async function validateCommand(args: ValidateArguments, io: Io): Promise<number> {
  const { origin, text: stream } = await readInput(args.file, io);
  const validator = validatorFor(args, io.cwd);
  const rules = rulesFor(args);
  const objects: CheckedObject[] = [];
  const kept: RenderedDocument[] = [];
  const problems: Problem[] = [];
  let bad = 0;
  for (const entry of readManifests(stream, origin)) {
    if (!entry.ok) {
      bad++;
      problems.push(parseProblem(entry.error, origin));
      continue;
    }
    objects.push(checkedObject(entry.document));
    problems.push(...validator.validateDocument(entry.document));
    if (rules === undefined || rules.length > 0) kept.push(entry.document);
  }
  if (objects.length === 0 && bad === 0) {
    throw new UsageError(
      origin,
      "holds no Kubernetes objects",
      "Give a manifest stream with at least one object.",
    );
  }
  if (kept.length > 0) problems.push(...(rules === undefined ? checkPolicy(kept) : checkPolicy(kept, rules)));
  io.stdout.write(
    formatReport(
      {
        target: origin,
        helmVersion: undefined,
        objects,
        problems,
        schemaOnly: args.schemaOnly,
        strict: args.strict,
      },
      args.format,
    ),
  );
  return failsRun(problems, args.strict) ? 1 : 0;
}
