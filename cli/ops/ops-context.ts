/** Where a command writes; process.stdout fits, and so does a test's collector. */
export interface OpsOutput {
  write(text: string): unknown;
}

/** What a command runs with: the environment it may read and where it prints. */
export interface OpsContext {
  /** Only the connection variables are read (see config/ops-config.ts). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: OpsOutput;
  readonly stderr: OpsOutput;
  /** The sandbox's on-disk DynamoDB data, used by --local (default: `.data/dynamodb`). */
  readonly localDataDir?: string;
}

export function printLine(output: OpsOutput, text = ""): void {
  output.write(`${text}\n`);
}
