import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureOps, opsTestTable, SUPPORT } from "./ops-test-table.ts";

let t: Awaited<ReturnType<typeof opsTestTable>>;

beforeAll(async () => {
  t = await opsTestTable();
  await t.seed(SUPPORT);
});
afterAll(() => t.close());

describe("ops usage errors", () => {
  it.each([
    [["thresholds", "list", "--frobnicate"], "unknown flag --frobnicate"],
    [["thresholds", "get"], "missing <queue>"],
    [["thresholds", "get", "a", "b"], 'unexpected argument "b"'],
    [["thresholds", "set", "support", "--on", "soon"], '--on: expected whole seconds, got "soon"'],
    [["thresholds", "set", "support", "--on"], "option '--on <value>' argument missing"],
    [["thresholds", "set", "support", "--enable", "fax"], '--enable: unknown channel "fax"'],
    [["thresholds", "set", "support", "--window", "mon-fry 08:00-20:00"], 'unknown day "fry"'],
    [["thresholds", "set", "support", "--window", "weekdays"], 'expected "<days> HH:MM-HH:MM"'],
    [["thresholds", "set", "support", "--max-share", "half"], "--max-share: expected a share"],
    [["thresholds", "set", "support", "--channel", "sms"], "pass --on or --off with it"],
    [["thresholds", "set", "support", "--channel", "x", "--on", "9"], "the queue has no x channel"],
    [["thresholds", "set", "support"], "nothing to set"],
    [["thresholds", "set", "support", "--mode", "loud"], "invalid queue policy: mode: "],
    [["thresholds", "list", "--endpoint", "nowhere"], "--endpoint: expected an http(s) URL"],
    [["thresholds", "list", "--local", "--endpoint", "http://127.0.0.1:1"], "leave out --endpoint"],
    [["thresholds", "lsit"], 'unknown command "thresholds lsit"'],
    [["reboot"], 'unknown command "reboot"'],
  ])("%j exits 2 with one line naming the problem", async (argv, message) => {
    const before = await t.policies.getPolicy("support");
    const run = await captureOps(argv, { env: t.env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/^error: [^\n]*\(see `npm run ops -- [a-z ]*--help`\)\n$/);
    expect(await t.policies.getPolicy("support")).toEqual(before);
  });

  it("names the missing table setting, and refuses a bad one from the environment", async () => {
    const none = await captureOps(["thresholds", "list"], { env: {} });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no table: set DEFLECT_TABLE_NAME or pass --table");
    const bad = await captureOps(["thresholds", "list"], { env: { DEFLECT_TABLE_NAME: "a b" } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("DEFLECT_TABLE_NAME: not a DynamoDB table name");
  });
});

describe("ops help", () => {
  it.each([
    ["thresholds", "list"],
    ["thresholds", "get"],
    ["thresholds", "set"],
    ["thresholds", "shadow"],
    ["funnel"],
  ])("%s %s --help prints the command's usage and exits 0", async (...words) => {
    const run = await captureOps([...words, "--help"], { env: {} });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: npm run ops -- ${words.join(" ")} `));
    expect(run.stdout).toContain("--table <name>");
  });

  it("lists every command on --help, and on no arguments too (exit 2)", async () => {
    const help = await captureOps(["--help"], { env: {} });
    expect(help.code).toBe(0);
    for (const name of [
      "thresholds list",
      "thresholds get",
      "thresholds set",
      "thresholds shadow",
      "funnel",
      "doctor",
      "simulate",
      "console",
    ]) {
      expect(help.stdout).toContain(`  ${name}`);
    }
    const bare = await captureOps([], { env: {} });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toBe(help.stdout);
  });
});

describe("ops runtime failures", () => {
  it("exits 1 with one line when the table does not exist", async () => {
    const run = await captureOps(["thresholds", "list", "--table", "no-such-table"], {
      env: t.env,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: table no-such-table \(http:\/\/127\.0\.0\.1:\d+\) does not exist\n$/,
    );
  });

  it("exits 1 with one line when DynamoDB cannot be reached", async () => {
    const port = await closedPort();
    const run = await captureOps(
      ["thresholds", "get", "support", "--endpoint", `http://127.0.0.1:${port}`],
      { env: t.env },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: cannot open table ops-\S+ \(http:\/\/127\.0\.0\.1:\d+\): .*ECONNREFUSED.*\n$/,
    );
  });
});

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}
