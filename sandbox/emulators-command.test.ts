import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type CliRun, firstJsonLine, runCli } from "../emulators/cli/test-support/cli-process.ts";
import { allFlows } from "../flows/all-flows.ts";

const COMMAND = "sandbox/emulators-command.ts";
const CALLER = "+447911123456";
const BUSINESS = "+15005550006";

let flowsDir: string;
let run: CliRun;
let line: Record<string, unknown>;
let partial: CliRun;

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  // The product's flows as `npm run flows` writes them to flows/dist.
  flowsDir = await mkdtemp(join(tmpdir(), "deflect-flows-"));
  for (const flow of allFlows({ queue: "Support" })) {
    await writeFile(join(flowsDir, `${flow.name}.json`), JSON.stringify(flow.content));
  }
  run = runCli(["--with-functions", "--flows", flowsDir], process.env, COMMAND);
  partial = runCli(["--with-functions", "--only", "connect,twilio"], process.env, COMMAND);
  line = await firstJsonLine(run);
}, 30_000);

afterAll(async () => {
  for (const started of [run, partial]) {
    if (started.child.exitCode === null) started.child.kill("SIGKILL");
  }
  await rm(flowsDir, { recursive: true, force: true });
});

describe("npm run emulators -- --with-functions", () => {
  it("runs a call through the product's own flows to an offer, and the reply opens a chat", async () => {
    const connect = line.connect as string;
    const twilio = (line.twilio as { url: string }).url;
    expect(line.functions).toMatchObject({
      deflect: expect.stringMatching(/:function:deflect$/),
      transcribe: expect.stringMatching(/:function:transcribe$/),
    });
    // An empty queue never offers: pin a long wait, as an operator's busy hour would have.
    await fetch(
      `${connect}/__emulator/estimated-wait`,
      json({ queue: "Support", channel: "VOICE", seconds: 900 }),
    );
    const placed = await fetch(
      `${connect}/__emulator/voice-calls`,
      json({
        flow: "voice-deflection",
        customerNumber: CALLER,
        caller: {
          promptSeconds: 0.2,
          steps: [
            { say: "I was charged twice", forAction: "ask-reason" },
            { press: "1", forAction: "offer" },
          ],
        },
      }),
    );
    expect(placed.status).toBe(200);
    const sent = await vi.waitFor(
      async () => {
        const messages = (await (await fetch(`${twilio}/__emulator/sent`)).json()) as {
          to: string;
          body: string;
        }[];
        expect(messages).toHaveLength(1);
        return messages;
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(sent[0]).toMatchObject({ to: `whatsapp:${CALLER}`, body: /thanks for calling/ });

    const reply = await fetch(
      `${twilio}/__emulator/customer-sends`,
      json({ from: `whatsapp:${CALLER}`, to: `whatsapp:${BUSINESS}`, text: "Hi, about my bill" }),
    );
    expect(await reply.json()).toMatchObject({ delivery: { status: 200 } });
    await vi.waitFor(
      async () => {
        const { contacts } = (await (await fetch(`${connect}/__emulator/contacts`)).json()) as {
          contacts: { channel: string }[];
        };
        expect(contacts.filter((c) => c.channel === "CHAT")).toHaveLength(1);
      },
      { timeout: 15_000, interval: 250 },
    );
  }, 60_000);

  it("refuses, with the usage, when --only leaves out an emulator the functions need", async () => {
    expect(await partial.exited).toBe(2);
    expect(partial.stderr()).toMatch(/--with-functions needs dynamodb, which --only leaves out/);
    expect(partial.stderr()).toMatch(/--with-functions {7}also run the product's functions/);
  });
});
