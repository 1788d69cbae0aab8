import { parseArgs } from "node:util";

export const EMULATOR_NAMES = [
  "connect",
  "kinesis-video",
  "polly",
  "transcribe",
  "twilio",
  "meta",
  "x",
  "telegram",
  "line",
  "secrets-manager",
  "dynamodb",
] as const;

export type EmulatorName = (typeof EMULATOR_NAMES)[number];

export interface CliOptions {
  readonly help: boolean;
  /** Fixed port for the Connect emulator; every other emulator takes a free port. */
  readonly connectPort: number | undefined;
  readonly flowsDir: string | undefined;
  readonly only: ReadonlySet<EmulatorName>;
  /** Secrets to seed in Secrets Manager, as name and SecretString. */
  readonly secrets: readonly (readonly [string, string])[];
}

export const USAGE = `Usage: npm run emulators -- [options]

Starts every local emulator on 127.0.0.1, prints one JSON line with their URLs, credentials
and the Connect demo instance's ids, and runs until SIGINT or SIGTERM.

Options:
  --flows <dir>          load every <name>.json in <dir> as Connect flow <name>
  --port <n>             the Connect emulator's port (the others take free ports)
  --only <a,b,...>       start only these, from:
                         ${EMULATOR_NAMES.join(", ")}
  --secret <name=value>  seed a Secrets Manager secret (repeatable)
  -h, --help             print this and exit`;

/** A command line the CLI cannot run; the entry point prints it with the usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Parses argv (without node and the script) into frozen options; throws UsageError. */
export function parseCliOptions(args: readonly string[]): CliOptions {
  const { values } = parseOrUsageError(args);
  const only = parseOnly(values.only);
  const connectPort = values.port === undefined ? undefined : parsePort(values.port);
  if (!only.has("connect") && (connectPort !== undefined || values.flows !== undefined)) {
    throw new UsageError(
      "--port and --flows are for the Connect emulator, which --only leaves out",
    );
  }
  return Object.freeze({
    help: values.help === true,
    connectPort,
    flowsDir: values.flows,
    only,
    secrets: Object.freeze((values.secret ?? []).map(parseSecret)),
  });
}

function parseOrUsageError(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: {
        help: { type: "boolean", short: "h" },
        flows: { type: "string" },
        port: { type: "string" },
        only: { type: "string" },
        secret: { type: "string", multiple: true },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    // parseArgs throws TypeErrors with codes like ERR_PARSE_ARGS_UNKNOWN_OPTION and a clear message.
    throw new UsageError((error as Error).message);
  }
}

function parseOnly(list: string | undefined): ReadonlySet<EmulatorName> {
  if (list === undefined) return new Set(EMULATOR_NAMES);
  const names = list
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(EMULATOR_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(
      `--only takes names from ${EMULATOR_NAMES.join(", ")}; got ${JSON.stringify(list)}`,
    );
  }
  return new Set(names as EmulatorName[]);
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new UsageError(`--port must be a port number (0-65535), got ${JSON.stringify(text)}`);
  }
  return port;
}

function parseSecret(pair: string): readonly [string, string] {
  const at = pair.indexOf("=");
  if (at <= 0) throw new UsageError(`--secret takes name=value, got ${JSON.stringify(pair)}`);
  return [pair.slice(0, at), pair.slice(at + 1)];
}
