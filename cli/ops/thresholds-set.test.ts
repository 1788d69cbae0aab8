import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { QueuePolicy } from "../../core/policy/queue-policy.ts";
import { opsTestTable, SUPPORT } from "./ops-test-table.ts";
import { diffPolicies } from "./policy-diff.ts";

let t: Awaited<ReturnType<typeof opsTestTable>>;
let dir: string;
let before: QueuePolicy;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ops-set-"));
});
beforeEach(async () => {
  t?.close();
  t = await opsTestTable();
  await t.seed(SUPPORT);
  before = (await t.policies.getPolicy("support")) as QueuePolicy;
});
afterAll(() => t.close());

const changedKeys = async () =>
  diffPolicies(before, (await t.policies.getPolicy("support")) as QueuePolicy).map((c) => c.key);

async function policyFile(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("ops thresholds set with flags", () => {
  it("changes exactly the keys the flags name, prints them before → after, and persists", async () => {
    const run = await t.ops(
      "thresholds",
      "set",
      "support",
      "--on",
      "120",
      "--off",
      "90",
      "--enable",
      "telegram",
      "--max-share",
      "25%",
    );
    expect(run.code).toBe(0);
    expect(await changedKeys()).toEqual([
      "thresholds.onWaitSeconds",
      "thresholds.offWaitSeconds",
      "maxOfferShare",
      "channels.telegram.enabled",
    ]);
    expect(run.stdout).toContain("thresholds.onWaitSeconds:  300 → 120\n");
    expect(run.stdout).toContain("maxOfferShare:             1 → 0.25\n");
    expect(run.stdout).toContain("channels.telegram.enabled: (unset) → true\n");
    expect(run.stdout).toMatch(/saved to support|saved to ops-/);
  });

  it("scopes --on/--off to one channel with --channel, starting from the queue's values", async () => {
    const run = await t.ops("thresholds", "set", "support", "--channel", "sms", "--on", "600");
    expect(run.code).toBe(0);
    const after = await t.policies.getPolicy("support");
    expect(after?.channels.sms?.thresholds).toEqual({ onWaitSeconds: 600, offWaitSeconds: 240 });
    expect(after?.thresholds).toEqual(before.thresholds);
  });

  it("replaces the windows with --window and clears them with --any-time", async () => {
    await t.ops(
      "thresholds",
      "set",
      "support",
      "--window",
      "fri-mon 22:00-06:00",
      "--window",
      "wed 10:00-12:00",
    );
    expect((await t.policies.getPolicy("support"))?.windows).toEqual([
      { days: ["mon", "fri", "sat", "sun"], start: "22:00", end: "06:00" },
      { days: ["wed"], start: "10:00", end: "12:00" },
    ]);
    const cleared = await t.ops("thresholds", "set", "support", "--any-time", "--mode", "shadow");
    expect(cleared.stdout).toContain("windows: fri-mon 22:00-06:00, wed 10:00-12:00 → any time\n");
    const after = await t.policies.getPolicy("support");
    expect(after?.windows).toEqual([]);
    expect(after?.mode).toBe("shadow");
  });

  it("refuses a result that fails validation, naming the key, and writes nothing", async () => {
    const run = await t.ops("thresholds", "set", "support", "--off", "400");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: invalid queue policy: thresholds\.offWaitSeconds: /);
    expect(await changedKeys()).toEqual([]);
    const zone = await t.ops("thresholds", "set", "support", "--tz", "Mars/Olympus");
    expect(zone.stderr).toContain("timeZone: not an IANA time zone");
  });

  it("validates and shows the diff on --dry-run, but writes nothing", async () => {
    const run = await t.ops("thresholds", "set", "support", "--on", "280", "--dry-run");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("thresholds.onWaitSeconds: 300 → 280");
    expect(run.stdout).toContain("dry run: valid; nothing written");
    expect(await changedKeys()).toEqual([]);
  });

  it("creates a policy for a new queue given --tz and a channel, and refuses without", async () => {
    const refused = await t.ops("thresholds", "set", "sales", "--on", "100", "--off", "60");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("pass --tz <zone> and --enable <channel>");
    expect(await t.policies.getPolicy("sales")).toBeUndefined();

    const run = await t.ops(
      "thresholds",
      "set",
      "sales",
      "--tz",
      "Asia/Tokyo",
      "--enable",
      "line",
      "--on",
      "100",
      "--off",
      "60",
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("sales (new policy):");
    expect(await t.policies.getPolicy("sales")).toMatchObject({
      timeZone: "Asia/Tokyo",
      thresholds: { onWaitSeconds: 100, offWaitSeconds: 60 },
      channels: { line: { enabled: true } },
    });
  });

  it("says when nothing would change, and writes nothing", async () => {
    const run = await t.ops("thresholds", "set", "support", "--on", "300");
    expect(run).toMatchObject({ code: 0, stdout: "support: no change; nothing written\n" });
  });
});

describe("ops thresholds set --file", () => {
  it("replaces the policy with a valid document", async () => {
    const { windows: _, ...rest } = SUPPORT;
    const path = await policyFile("ok.json", { ...rest, mode: "off" });
    const run = await t.ops("thresholds", "set", "support", "--file", path);
    expect(run.code).toBe(0);
    expect(await changedKeys()).toEqual(["mode", "windows"]);
  });

  it.each([
    [{ ...SUPPORT, maxShare: 0.3 }, "maxShare: unknown key"],
    [{ ...SUPPORT, channels: { fax: { enabled: true } } }, "channels.fax: unknown key"],
    [
      { ...SUPPORT, thresholds: { onWaitSeconds: 100, offWaitSeconds: 50, step: 5 } },
      "thresholds.step: unknown key",
    ],
  ])(
    "refuses a document with an unknown key, naming it, and writes nothing (%#)",
    async (doc, message) => {
      const run = await t.ops(
        "thresholds",
        "set",
        "support",
        "--file",
        await policyFile("bad.json", doc),
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stdout).toBe("");
      expect(await changedKeys()).toEqual([]);
    },
  );

  it("refuses a file for another queue, a missing file and a file that is not JSON", async () => {
    const other = await t.ops(
      "thresholds",
      "set",
      "support",
      "--file",
      await policyFile("b.json", { ...SUPPORT, queueId: "billing" }),
    );
    expect(other.stderr).toContain('queueId is "billing", not "support"');
    const missing = await t.ops("thresholds", "set", "support", "--file", join(dir, "nope.json"));
    expect(missing.stderr).toContain("cannot read it (ENOENT)");
    const broken = await t.ops(
      "thresholds",
      "set",
      "support",
      "--file",
      await policyFile("x.json", "{ nope"),
    );
    expect(broken.stderr).toContain("not JSON");
    for (const run of [other, missing, broken]) expect(run.code).toBe(2);
    expect(await changedKeys()).toEqual([]);
  });
});
