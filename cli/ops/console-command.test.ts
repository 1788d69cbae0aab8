import { get } from "node:http";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { OperationsView, PolicyEditAnswer } from "../../console/console-view.ts";
import type { QueuePolicy } from "../../core/policy/queue-policy.ts";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { testInstance } from "../../emulators/connect/test-support/clients.ts";
import { serveOpsConsole } from "./console-command.ts";
import { BILLING, opsTestTable, SUPPORT } from "./ops-test-table.ts";

let t: Awaited<ReturnType<typeof opsTestTable>>;
const running: { stop(): Promise<number> }[] = [];

beforeEach(async () => {
  t = await opsTestTable();
  await t.seed(SUPPORT, BILLING);
  const at = new Date("2026-03-02T10:00:00Z");
  await t.funnel.record({ queueId: "support", stage: "checked", reason: "OFFER", at });
  await t.funnel.record({ queueId: "support", stage: "offered", channel: "sms", at });
  await t.funnel.record({ queueId: "support", stage: "offered", channel: "sms", at });
  await t.funnel.record({ queueId: "support", stage: "accepted", channel: "sms", at });
  await t.funnel.record({ queueId: "support", stage: "declined", channel: "sms", at });
});
afterEach(async () => {
  for (const console of running.splice(0)) await console.stop();
  t.close();
});

/** Runs `npm run ops -- console <flags>` in-process on a free port until the test stops it. */
async function opsConsole(...flags: string[]) {
  let stdout = "";
  let stop = () => {};
  const until = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const exit = serveOpsConsole({
    args: ["--port", "0", ...flags],
    context: {
      env: t.env,
      stdout: { write: (s: string) => (stdout += s) },
      stderr: process.stderr,
    },
    until,
  });
  const url = await vi.waitFor(() => {
    const printed = /^console (http:\/\/127\.0\.0\.1:\d+\/)/m.exec(stdout)?.[1];
    if (!printed) throw new Error(`no URL printed yet: ${stdout}`);
    return printed;
  });
  const handle = {
    url,
    stdout: () => stdout,
    stop: async () => {
      stop();
      return exit;
    },
  };
  running.push(handle);
  return handle;
}

/** The first `operations` event the page's stream sends. */
async function operationsEvent(url: string): Promise<OperationsView> {
  const abort = new AbortController();
  const response = await fetch(new URL("/events", url), { signal: abort.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before an operations event: ${text}`);
      text += decoder.decode(value, { stream: true });
      const frame = /event: operations\ndata: (.*)\n\n/.exec(text);
      if (frame?.[1]) return JSON.parse(frame[1]) as OperationsView;
    }
  } finally {
    abort.abort();
  }
}

function putPolicy(url: string, queueId: string, body: Record<string, string>) {
  return fetch(new URL(`/api/policies/${queueId}`, url), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

const stored = async (queueId = "support") => (await t.policies.getPolicy(queueId)) as QueuePolicy;

describe("ops console", () => {
  it("serves the Operations page with the funnel and policies the CLI prints", async () => {
    const page = await opsConsole();
    expect(page.stdout()).toContain("read-only: started without --write");
    const html = await (await fetch(page.url)).text();
    expect(html).toContain('<section id="operations"');
    expect(html).not.toContain('id="caller"');
    const script = await fetch(new URL("/console.js", page.url));
    expect(script.headers.get("content-type")).toContain("text/javascript");
    expect(await script.text()).toContain('new EventSource("/events")');

    const view = await operationsEvent(page.url);
    expect(view.readOnly).toBe("started without --write");
    expect(view.where).toContain(t.tableName);
    expect(view.queues.map((q) => q.queueId)).toEqual(["billing", "support"]);
    const support = view.queues.find((q) => q.queueId === "support");
    const cli = JSON.parse((await t.ops("thresholds", "get", "support")).stdout) as QueuePolicy;
    expect(support?.policy).toMatchObject({
      mode: cli.mode,
      onWaitSeconds: cli.thresholds.onWaitSeconds,
      offWaitSeconds: cli.thresholds.offWaitSeconds,
      maxOfferShare: cli.maxOfferShare,
      timeZone: cli.timeZone,
    });
    const report = JSON.parse((await t.ops("funnel", "support", "--json")).stdout) as {
      day: string;
      channel: string;
      steps: unknown[];
      declined: number;
    }[];
    const totals = report.filter((row) => row.day === "total");
    expect(totals.map((row) => row.channel)).toEqual(["sms"]);
    expect(support?.funnel.map((line) => [line.channel, line.path])).toEqual(
      totals.map((row) => [row.channel, row.steps]),
    );
    expect(support?.funnel[0]?.also).toEqual([{ label: "declined", count: 1 }]);
    expect(support?.funnel[0]?.path.slice(0, 2)).toEqual([
      { stage: "offered", count: 2, rate: null },
      { stage: "accepted", count: 1, rate: 0.5 },
    ]);
  });

  it("refuses every edit 403 without --write and leaves the table as it was", async () => {
    const page = await opsConsole();
    const before = await stored();
    const refused = await putPolicy(page.url, "support", { on: "120", off: "90" });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toBe(
      "policies are read-only: this console was started without --write",
    );
    expect(await stored()).toEqual(before);
  });

  it("with --write, saves a valid edit and refuses an invalid one 400 by field", async () => {
    const page = await opsConsole("--write");
    expect((await operationsEvent(page.url)).readOnly).toBeUndefined();

    const saved = await putPolicy(page.url, "support", { on: "120", off: "90", mode: "shadow" });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as PolicyEditAnswer).changes).toEqual([
      'mode: "live" → "shadow"',
      "thresholds.onWaitSeconds: 300 → 120",
      "thresholds.offWaitSeconds: 240 → 90",
    ]);
    const after = await stored();
    expect(after.thresholds).toEqual({ onWaitSeconds: 120, offWaitSeconds: 90 });
    expect(after.mode).toBe("shadow");

    const tooHigh = await putPolicy(page.url, "support", { off: "400" });
    expect(tooHigh.status).toBe(400);
    const answer = (await tooHigh.json()) as PolicyEditAnswer;
    expect(answer.saved).toBe(false);
    expect(answer.errors?.off).toContain("must not exceed onWaitSeconds");
    const notANumber = await putPolicy(page.url, "support", { on: "soon" });
    expect(((await notANumber.json()) as PolicyEditAnswer).errors).toEqual({
      on: 'expected whole seconds, got "soon"',
    });
    expect(await stored()).toEqual(after);
  });

  it("listens on 127.0.0.1 only and refuses other Host names", async () => {
    const page = await opsConsole();
    const port = Number(new URL(page.url).port);
    // IPv6 loopback, and every other address this machine has.
    const addresses = Object.values(networkInterfaces())
      .flat()
      .map((a) => a?.address ?? "127.0.0.1");
    const elsewhere = [...new Set(["::1", ...addresses])].filter((a) => a !== "127.0.0.1");
    for (const address of elsewhere) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: address, port }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on("error", () => resolve(false));
      });
      expect(reached, `reached the console on ${address}`).toBe(false);
    }
    // fetch sets Host itself, so node:http sends the name a rebinding page would.
    const rebound = await new Promise<number | undefined>((resolve, reject) => {
      const headers = { host: `evil.example:${port}` };
      get({ host: "127.0.0.1", port, path: "/", headers }, (response) => {
        response.resume();
        resolve(response.statusCode);
      }).on("error", reject);
    });
    expect(rebound).toBe(421);
  });

  it("stops when told, exiting 0, and refuses a bad --port before opening anything", async () => {
    const page = await opsConsole();
    expect(await page.stop()).toBe(0);
    await expect(fetch(page.url)).rejects.toThrow();
    const bad = serveOpsConsole({
      args: ["--port", "http"],
      context: { env: t.env, stdout: process.stdout, stderr: process.stderr },
      until: Promise.resolve(),
    });
    await expect(bad).rejects.toThrow('--port: expected a port number 0-65535, got "http"');
  });
});

describe("ops console with --instance", () => {
  let emulator: ConnectEmulator;
  const queue = testInstance.queues[0] ?? { id: "", name: "" };
  afterAll(() => emulator?.close());

  it("heads each queue with its Connect name, else its policy's name, else its id", async () => {
    emulator = await startConnectEmulator({ instance: testInstance });
    await t.seed({ ...SUPPORT, queueId: queue.id }, { ...BILLING, queueName: "Billing desk" });
    const arn = `arn:aws:connect:eu-west-2:123456789012:instance/${testInstance.instanceId}`;
    const page = await opsConsole("--instance", arn, "--connect-endpoint", emulator.url);
    const view = await operationsEvent(page.url);
    expect(view.queues.map((q) => [q.name, q.queueId])).toEqual([
      ["Billing desk", "billing"],
      ["support", "support"],
      [queue.name, queue.id],
    ]);
  });
});
