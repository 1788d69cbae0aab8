import { afterEach, describe, expect, it } from "vitest";
import { ENV } from "../../config/environment-names.ts";
import { runDoctor } from "./doctor-run.ts";
import type { SandboxInstallation } from "./doctor-sandbox.ts";
import { type Breakage, startDoctorWorld } from "./doctor-test-world.ts";

const worlds: SandboxInstallation[] = [];
const world = () => worlds[0] as SandboxInstallation;
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

/** Runs the doctor on an installation with at most one thing broken; returns its lines. */
async function doctor(broken: Breakage = {}) {
  const world = await startDoctorWorld(broken);
  worlds.push(world);
  let stdout = "";
  const findings = await runDoctor({
    target: world.installation,
    endpoints: world.endpoints,
    access: world.access,
    out: { write: (text: string) => (stdout += text) },
  });
  const lines = stdout.trimEnd().split("\n");
  const fixes = lines.filter((line) => line.startsWith("FIX"));
  return { findings, lines, fixes, stdout };
}

describe("ops doctor against the emulators", () => {
  it("reports every item OK for a correct installation, one line each and a summary", async () => {
    const run = await doctor();
    expect(run.fixes).toEqual([]);
    expect(run.lines[0]).toBe(
      "Checking instance 11111111-2222-3333-4444-555555555555 in eu-west-2",
    );
    const items = run.lines.slice(1, -2).map((line) => line.split(":")[0]);
    expect(items).toEqual([
      "OK    flow deflect-voice-deflection",
      "OK    flow deflect-queue-offer",
      "OK    flow deflect-agent-context",
      "OK    flow deflect-deflected-chat",
      "OK    lambda deflect",
      "OK    lambda transcribe",
      `OK    table ${world().installation.tableName}`,
      "OK    table stream",
      "OK    table TTL",
      expect.stringMatching(/^OK {4}queue (Billing|Support) \(/),
      expect.stringMatching(/^OK {4}queue (Billing|Support) \(/),
      expect.stringMatching(/^OK {4}secret deflect-channels-/),
      "OK    topic deflect-chat-streaming",
      "OK    twilio credentials",
      "OK    meta credentials",
      "OK    x credentials",
      "OK    telegram credentials",
      "OK    line credentials",
    ]);
    expect(run.stdout).toContain("policy in shadow mode");
    expect(run.lines.at(-1)).toBe("all 18 OK");
  });

  it.each<[string, Breakage, RegExp]>([
    [
      "a missing policy",
      { noPolicyFor: "Support" },
      /^FIX {3}queue Support \(\S+\): no threshold policy/,
    ],
    [
      "a missing secret key",
      { secretWithout: ENV.metaPageAccessToken },
      /^FIX {3}secret \S+: missing META_PAGE_ACCESS_TOKEN \(messenger is enabled for queue \S+\)/,
    ],
    [
      "an unpublished (SAVED) flow",
      { savedFlow: "queue-offer" },
      /^FIX {3}flow deflect-queue-offer: saved but not published/,
    ],
    [
      "a missing flow",
      { missingFlow: "agent-context" },
      /^FIX {3}flow deflect-agent-context: not in the instance/,
    ],
    [
      "the Lambda not associated",
      { unassociated: "transcribe" },
      /^FIX {3}lambda transcribe: not added to the instance/,
    ],
    ["the stream off", { streamOff: true }, /^FIX {3}table stream: off/],
    [
      "a topic policy without Connect",
      { topicPolicy: "default" },
      /^FIX {3}topic deflect-chat-streaming: its policy does not let connect\.amazonaws\.com publish/,
    ],
    [
      "a topic policy for another instance",
      { topicPolicy: "other-instance" },
      /^FIX {3}topic deflect-chat-streaming: .*only for another instance/,
    ],
    [
      "a rejected channel credential",
      { wrongCredential: ENV.telegramBotToken },
      /^FIX {3}telegram credentials: refused \(40[14]/,
    ],
    [
      "a suspended Twilio account",
      { twilioSuspended: true },
      /^FIX {3}twilio credentials: account AC\w+ is suspended: reactivate it/,
    ],
  ])("names %s, and only that", async (_, broken, line) => {
    const run = await doctor(broken);
    expect(run.fixes).toHaveLength(1);
    expect(run.fixes[0]).toMatch(line);
    expect(run.lines.at(-1)).toMatch(/^1 to fix, \d+ OK(, 1 not checked)?$/);
  });

  it("tells each platform's refusal apart and never prints a secret value", async () => {
    for (const key of [
      ENV.twilioAuthToken,
      ENV.metaPageAccessToken,
      ENV.xAccessSecret,
      ENV.lineChannelAccessToken,
    ]) {
      const run = await doctor({ wrongCredential: key });
      expect(run.fixes).toEqual([expect.stringMatching(/credentials: refused \(40[013]/)]);
      expect(run.stdout).not.toContain("wrong");
    }
  });
});
