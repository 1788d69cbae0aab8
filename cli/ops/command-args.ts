import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./usage-error.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Flags every command that reaches the table accepts. */
export const CONNECTION_OPTIONS = {
  table: { type: "string" },
  endpoint: { type: "string" },
  region: { type: "string" },
  local: { type: "boolean" },
} as const satisfies Options;

export const CONNECTION_HELP = `Connection (flags override the environment):
  --table <name>      the table (default: $DEFLECT_TABLE_NAME)
  --endpoint <url>    a local DynamoDB endpoint (default: $DEFLECT_DYNAMODB_ENDPOINT)
  --region <region>   the AWS region (default: $AWS_REGION, else us-east-1)
  --local             the sandbox's table on .data/dynamodb (run \`npm start\` first)`;

/**
 * Parses a command's flags strictly and checks how many positional arguments it got.
 * Every failure becomes a one-line UsageError naming the flag.
 */
export function parseCommandArgs<const O extends Options>(options: {
  args: readonly string[];
  flags: O;
  positionals: readonly string[];
}) {
  let parsed: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({
      args: [...options.args],
      options: options.flags,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const expected = options.positionals;
  // An optional one is written in brackets ("[<queue>]") and comes after the required ones.
  const required = expected.filter((name) => !name.startsWith("["));
  if (parsed.positionals.length < required.length) {
    throw new UsageError(`missing ${required.slice(parsed.positionals.length).join(" ")}`);
  }
  if (parsed.positionals.length > expected.length) {
    const extra = parsed.positionals.slice(expected.length);
    throw new UsageError(`unexpected argument ${extra.map((a) => `"${a}"`).join(" ")}`);
  }
  return parsed;
}

// node:util parseArgs explains at length; the first sentence names the flag, which is enough.
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown flag ${unknown[1]}`;
  const first = message.split(/\.\s/)[0] ?? message;
  return first.charAt(0).toLowerCase() + first.slice(1);
}
