import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { autoAdvancingClock } from "./flow-clock.ts";
import { InMemoryFlowHost, type InMemoryQueue } from "./in-memory-host.ts";
import { runFlow } from "./run-flow.ts";
import { type ChatEvent, ScriptedChatCustomer } from "./scripted-chat-customer.ts";
import { loadFlow } from "./validate-flow.ts";

const chatFlow = loadFlow(
  JSON.parse(readFileSync(new URL("./fixtures/chat-routing.json", import.meta.url), "utf8")),
);

function setUp(options: {
  attributes: Record<string, string>;
  billing?: Partial<InMemoryQueue>;
  events?: ChatEvent[];
}) {
  const clock = autoAdvancingClock();
  const customer = new ScriptedChatCustomer(clock, { events: options.events ?? [] });
  const host = new InMemoryFlowHost({
    clock,
    participant: customer,
    channel: "CHAT",
    attributes: options.attributes,
    queues: [
      { queueId: "billing", name: "Billing", agents: { staffed: 2 }, ...options.billing },
      { queueId: "general", name: "General", agents: { staffed: 5 } },
    ],
  });
  return { clock, customer, host, startedAt: clock.now() };
}

describe("a chat flow that routes on a contact attribute", () => {
  it("greets with the attribute, sets the queue from targetQueue and transfers", async () => {
    const { host, customer } = setUp({
      attributes: { customerName: "Ada", targetQueue: "billing" },
    });
    const result = await runFlow({ flow: chatFlow, host });
    expect(result.visited).toEqual(["greet", "route", "staffed", "transfer"]);
    expect(result.end).toMatchObject({
      kind: "queued",
      queue: { queueId: "billing", name: "Billing" },
    });
    expect(customer.received.map((m) => [m.actionId, m.text])).toEqual([
      ["greet", "Hi Ada, thanks for your message."],
    ]);
  });

  it("falls back to the general queue when the attribute names no queue", async () => {
    const { host, customer } = setUp({ attributes: {} });
    const result = await runFlow({ flow: chatFlow, host });
    expect(result.visited).toEqual(["greet", "route", "fallback-queue", "staffed", "transfer"]);
    expect(result.end).toMatchObject({ kind: "queued", queue: { queueId: "general" } });
    // An unresolved reference inside text becomes empty (protocols.md §10 item 4).
    expect(customer.received[0]?.text).toBe("Hi , thanks for your message.");
  });

  it("accepts the queue's ARN in the attribute", async () => {
    const { host } = setUp({ attributes: { targetQueue: "" } });
    const arn = host.queueArn("billing");
    await host.updateAttributes("Current", { targetQueue: arn });
    const result = await runFlow({ flow: chatFlow, host });
    expect(result.end).toMatchObject({ kind: "queued", queue: { arn } });
  });

  it("closes the chat when nobody is staffed", async () => {
    const { host, customer } = setUp({
      attributes: { targetQueue: "billing" },
      billing: { agents: { staffed: 0 } },
    });
    const result = await runFlow({ flow: chatFlow, host });
    expect(result.visited).toEqual(["greet", "route", "staffed", "closed", "end-chat"]);
    expect(customer.received.at(-1)?.text).toBe("We are closed now; an agent will reply tomorrow.");
    expect(result.end).toEqual({ kind: "disconnected", by: "action" });
  });

  it("waits for the customer to return when the queue is full, then gives up after 600 s", async () => {
    const { host, customer, clock, startedAt } = setUp({
      attributes: { targetQueue: "billing" },
      billing: { capacity: 1, contactsInQueue: 1 },
      events: [{ event: "CustomerReturned", atSeconds: 120 }],
    });
    const result = await runFlow({ flow: chatFlow, host });
    expect(result.visited).toEqual([
      "greet",
      "route",
      "staffed",
      "transfer",
      "busy",
      "wait-return",
      "transfer",
      "busy",
      "wait-return",
      "end-chat",
    ]);
    expect(result.steps.filter((s) => s.actionId === "wait-return").map((s) => s.outcome)).toEqual([
      "result:CustomerReturned",
      "result:WaitCompleted",
    ]);
    expect(clock.now() - startedAt).toBe(720_000);
    expect(customer.received[1]?.text).toBe(
      "All Billing agents are busy. Send us a message when you are back and we will try again.",
    );
  });

  it("refuses voice-only prompts on chat through the error branch", async () => {
    const flow = loadFlow({
      Version: "2019-10-30",
      StartAction: "ssml",
      Actions: [
        {
          Identifier: "ssml",
          Type: "MessageParticipant",
          Parameters: { SSML: "<speak>Hi</speak>" },
          Transitions: {
            NextAction: "end",
            Errors: [{ ErrorType: "NoMatchingError", NextAction: "text" }],
          },
        },
        {
          Identifier: "text",
          Type: "MessageParticipant",
          Parameters: { Text: "Hi" },
          Transitions: { NextAction: "end" },
        },
        { Identifier: "end", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
      ],
    });
    const { host, customer } = setUp({ attributes: {} });
    const result = await runFlow({ flow, host });
    expect(result.visited).toEqual(["ssml", "text", "end"]);
    expect(customer.received.map((m) => m.text)).toEqual(["Hi"]);
  });
});
