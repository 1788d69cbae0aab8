import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { StartChatContactCommand } from "@aws-sdk/client-connect";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConnectEmulator,
  startConnectEmulator,
} from "../../emulators/connect/connect-emulator.ts";
import { sdkClients, testInstance } from "../../emulators/connect/test-support/clients.ts";

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH names another. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHAT_LIBRARY = "node_modules/amazon-connect-chatjs/dist/amazon-connect-chat.js";
const PAGE = `<!doctype html><html lang="en"><head><title>chat</title>
<script src="/amazon-connect-chat.js"></script></head><body></body></html>`;

let emulator: ConnectEmulator;
let site: Server;
let siteUrl: string;
let browser: Browser;
/** Requests the page tried to send anywhere but loopback (refused). */
const offLoopback: string[] = [];

// The emulator and the page are on different origins, as a website and Connect's endpoint
// are: every call the chat library makes is a cross-origin request, straight to the emulator.
beforeAll(async () => {
  emulator = await startConnectEmulator({ instance: testInstance });
  const library = await readFile(CHAT_LIBRARY);
  site = createServer((req, res) => {
    const script = req.url === "/amazon-connect-chat.js";
    res.writeHead(200, { "content-type": script ? "text/javascript" : "text/html" });
    res.end(script ? library : PAGE);
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await emulator?.close();
});

async function customerPage(): Promise<{ page: Page; contactId: string }> {
  const { connect } = sdkClients(emulator.url);
  const started = await connect.send(
    new StartChatContactCommand({
      InstanceId: testInstance.instanceId,
      ContactFlowId: testInstance.flows[0]?.id ?? "",
      ParticipantDetails: { DisplayName: "Sam" },
    }),
  );
  const page = await browser.newPage();
  // Nothing leaves the machine: a request off loopback is refused and recorded.
  await page.route(
    (url) => url.hostname !== "127.0.0.1",
    (route) => {
      offLoopback.push(route.request().url());
      return route.abort();
    },
  );
  await page.goto(siteUrl);
  await page.evaluate(
    async ({ endpoint, chatDetails }) => {
      const chat = (window as unknown as { connect: ChatLibrary }).connect.ChatSession;
      chat.setGlobalConfig({ region: "eu-west-2", endpoint, loggerConfig: { level: "ERROR" } });
      const session = chat.create({
        chatDetails,
        options: { region: "eu-west-2" },
        type: "CUSTOMER",
        disableCSM: true,
      });
      const seen = window as unknown as PageState;
      seen.received = [];
      seen.ended = false;
      seen.session = session;
      session.onMessage((event) => {
        const { Type, Content, ParticipantRole } = event.data;
        if (Type === "MESSAGE") seen.received.push(`${ParticipantRole}: ${Content}`);
      });
      session.onEnded(() => {
        seen.ended = true;
      });
      await session.connect();
    },
    {
      endpoint: emulator.url,
      chatDetails: {
        contactId: started.ContactId ?? "",
        participantId: started.ParticipantId ?? "",
        participantToken: started.ParticipantToken ?? "",
      },
    },
  );
  return { page, contactId: started.ContactId ?? "" };
}

async function agentJoins(contactId: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  const offered = () =>
    emulator.control.contacts().find((c) => c.id === contactId)?.state === "CONNECTING";
  while (!offered()) {
    if (Date.now() > deadline) throw new Error(`chat ${contactId} was never offered`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  emulator.control.agentAccept("alice", contactId);
}

describe("the official chat library in Chromium, straight to the emulator", () => {
  it("connects, sends and receives messages and a file, and sees the chat end", async () => {
    const { page, contactId } = await customerPage();
    await page.evaluate(() =>
      (window as unknown as PageState).session.sendMessage({
        contentType: "text/plain",
        message: "hello from the browser",
      }),
    );
    await agentJoins(contactId);
    emulator.control.agentSend("alice", contactId, "hello from alice");
    await page.waitForFunction(() =>
      (window as unknown as PageState).received.includes("AGENT: hello from alice"),
    );

    await page.evaluate(() =>
      (window as unknown as PageState).session.sendAttachment({
        attachment: new File(["the bill, page 2"], "bill.txt", { type: "text/plain" }),
      }),
    );
    const items = () => emulator.control.transcript(contactId);
    await expect
      .poll(() => items().find((item) => item.Type === "ATTACHMENT")?.Attachments?.[0])
      .toMatchObject({ AttachmentName: "bill.txt", Status: "APPROVED" });
    expect(
      items().some(
        (i) => i.ParticipantRole === "CUSTOMER" && i.Content === "hello from the browser",
      ),
    ).toBe(true);

    emulator.control.agentEnd("alice", contactId);
    await page.waitForFunction(() => (window as unknown as PageState).ended);
    expect(offLoopback).toEqual([]);
    await page.close();
  });

  it("answers a preflight from another origin with the methods and headers asked for", async () => {
    const answer = await fetch(`${emulator.url}/participant/message`, {
      method: "OPTIONS",
      headers: {
        origin: "http://127.0.0.1:1",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-amz-bearer,amz-sdk-request",
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:1");
    expect(answer.headers.get("access-control-allow-methods")).toContain("POST");
    expect(answer.headers.get("access-control-allow-headers")).toBe(
      "content-type,x-amz-bearer,amz-sdk-request",
    );
  });
});

/** What the page keeps on `window` for the test to read. */
interface PageState {
  received: string[];
  ended: boolean;
  session: ChatSession;
}

interface ChatSession {
  onMessage(handler: (event: { data: Record<string, string> }) => void): void;
  onEnded(handler: () => void): void;
  connect(): Promise<unknown>;
  sendMessage(message: { contentType: string; message: string }): Promise<unknown>;
  sendAttachment(input: { attachment: File }): Promise<unknown>;
}

/** The part of the library's global `connect` the page uses (amazon-connect-chatjs). */
interface ChatLibrary {
  ChatSession: {
    setGlobalConfig(config: Record<string, unknown>): void;
    create(args: Record<string, unknown>): ChatSession;
  };
}
