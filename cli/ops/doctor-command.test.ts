import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxInstallation } from "./doctor-sandbox.ts";
import { startDoctorWorld } from "./doctor-test-world.ts";
import { captureOps } from "./ops-test-table.ts";

const INSTANCE =
  "arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555";
const SECRET = "arn:aws:secretsmanager:eu-west-2:111122223333:secret:deflect-AbCdEf";
const TOPIC = "arn:aws:sns:eu-west-2:111122223333:deflect-chat";

let dir: string;
let world: SandboxInstallation;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "doctor-"));
  world = await startDoctorWorld({ noChannelsEnabled: true });
});
afterAll(() => world.close());

/** The file `cdk deploy --outputs-file` writes, for this world's installation. */
async function outputsFile(extra: Record<string, string> = {}) {
  const { installation: i } = world;
  const file = join(dir, `outputs-${Math.random()}.json`);
  const outputs = {
    TableName: i.tableName,
    ChatStreamingTopicArn: i.topicArn,
    ConnectInstanceArn: i.instanceArn,
    ChannelSecretArn: i.secretArn,
    ...extra,
  };
  await writeFile(file, JSON.stringify({ ConnectDeflect: outputs }));
  return file;
}

function endpointFlags(): string[] {
  const { endpoints: e } = world;
  return [
    ...["--endpoint", e.dynamodb ?? ""],
    ...["--connect-endpoint", e.connect ?? ""],
    ...["--secrets-endpoint", e.secretsManager ?? ""],
    ...["--sns-endpoint", e.sns ?? ""],
  ];
}

describe("npm run ops -- doctor", () => {
  it("finds the installation from the stack outputs and exits 0 when all is OK", async () => {
    const run = await captureOps(["doctor", "--outputs", await outputsFile(), ...endpointFlags()], {
      env: {},
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/\nall \d+ OK\n$/);
    expect(run.code).toBe(0);
  });

  it("exits 1 when something needs fixing, and flags win over the outputs file", async () => {
    const file = await outputsFile();
    const other = `${world.installation.topicArn}-gone`;
    const run = await captureOps(
      ["doctor", "--outputs", file, "--topic", other, ...endpointFlags()],
      {
        env: {},
      },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FIX   topic deflect-chat-streaming-gone: does not exist");
  });

  it("names a queue passed with --queue that has no policy", async () => {
    const run = await captureOps(
      ["doctor", "--outputs", await outputsFile(), "--queue", "no-such-queue", ...endpointFlags()],
      { env: {} },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("FIX   queue ? (no-such-queue): not in the instance");
  });

  it.each([
    [["doctor"], "doctor needs the Connect instance (--instance <arn>), the channel secret"],
    [
      ["doctor", "--instance", "i-123", "--secret", SECRET, "--topic", TOPIC, "--table", "t-1"],
      "--instance: expected a Connect instance ARN",
    ],
    [
      ["doctor", "--instance", INSTANCE, "--secret", "s", "--topic", TOPIC, "--table", "t-1"],
      "--secret: expected a secret ARN",
    ],
    [
      ["doctor", "--instance", INSTANCE, "--secret", SECRET, "--topic", TOPIC],
      "no table: set DEFLECT_TABLE_NAME or pass --table",
    ],
    [
      [
        "doctor",
        "--instance",
        INSTANCE,
        "--secret",
        SECRET,
        "--topic",
        TOPIC,
        "--table",
        "t-1",
        "--sns-endpoint",
        "nowhere",
      ],
      "--sns-endpoint: expected an http(s) URL",
    ],
    [
      ["doctor", "--outputs", "/no/such/file.json"],
      "--outputs: cannot read /no/such/file.json (ENOENT)",
    ],
    [["doctor", "--local", "--table", "t-1"], "--local checks the sandbox; leave out --table"],
    [["doctor", "extra"], 'unexpected argument "extra"'],
  ])("%j exits 2 with one line naming the problem", async (argv, message) => {
    const run = await captureOps(argv, { env: {} });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/^error: [^\n]*\(see `npm run ops -- doctor --help`\)\n$/);
  });

  it("refuses an outputs file without the stack asked for, naming the stacks there", async () => {
    const file = await outputsFile();
    const run = await captureOps(["doctor", "--outputs", file, "--stack", "Other"], { env: {} });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no stack "Other"');
    expect(run.stderr).toContain("(stacks: ConnectDeflect)");
  });

  it("prints its usage on --help and is listed among the commands", async () => {
    const help = await captureOps(["doctor", "--help"], { env: {} });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run ops -- doctor /);
    expect(help.stdout).toContain("--outputs <file>");
    const overview = await captureOps(["--help"], { env: {} });
    expect(overview.stdout).toContain("  doctor");
  });
});
