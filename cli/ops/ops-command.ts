import type { OpsContext } from "./ops-context.ts";

/** One `npm run ops -- <words>` command. */
export interface OpsCommand {
  /** The words that select it: `thresholds list`. */
  readonly name: string;
  readonly summary: string;
  /** The full `--help` text. */
  readonly help: string;
  /** Returns the exit status; throws UsageError for bad input, anything else for failures. */
  run(args: readonly string[], context: OpsContext): Promise<number>;
}
