import { startLocalDynamo } from "../emulators/dynamodb/local-dynamodb.ts";
import {
  BUSINESS_NUMBER,
  CLOSING_TEXT,
  type ConversationWorld,
  startConversationWorld,
} from "../test/support/conversation-world.ts";

const CONVERSATIONS = 20;
const CUSTOMER_MESSAGES = 5;
const AGENT_MESSAGES = 5;
/** Between one agent's messages: people type, and the relay holds each 250 ms to settle. */
const AGENT_PAUSE_MS = 400;
const STEP_TIMEOUT_MS = 60_000;

/**
 * Connect calls per message, by direction and for a new chat, counted by the Connect
 * emulator on the product's real path (webhook → inbox → resume → Connect; Connect → SNS →
 * relay → Twilio), with no faults. Quotas are raised, so pacing never delays a call.
 */
export async function run(): Promise<void> {
  const dynamo = await startLocalDynamo({ inChildProcess: true });
  const world = await startConversationWorld({ dynamoEndpoint: dynamo.endpoint });
  const routing = world.inbox.keepRouting();
  try {
    const numbers = Array.from({ length: CONVERSATIONS }, (_, i) => `+447911${400_000 + i}`);
    const voiceIds = await Promise.all(numbers.map((n) => world.deflectedCaller(n)));
    const { control } = world.connect;

    control.resetCallCounts();
    // New chat: the first reply opens it; an agent accepts, and the relay meets the join.
    await Promise.all(numbers.map((from) => customerSays(world, from, "hello")));
    const chatIds = await Promise.all(
      voiceIds.map((id) =>
        until("each chat", async () => (await world.sessions.getSession(id))?.chatContactId),
      ),
    );
    for (const chatId of chatIds)
      await until("the chat's first message", () => inChat(world, chatId, "hello"));
    await Promise.all(chatIds.map((chatId) => acceptWhenOffered(world, chatId)));
    await until(
      "every agent's join relayed",
      async () =>
        (
          await Promise.all(
            voiceIds.map(async (id) => (await world.sessions.getSession(id))?.status),
          )
        ).every((status) => status === "agent-connected") || undefined,
    );
    await world.connect.state.streaming.settled();
    const newChat = perUnit(control.callCounts(), CONVERSATIONS);

    control.resetCallCounts();
    for (let n = 2; n <= CUSTOMER_MESSAGES; n += 1) {
      await Promise.all(numbers.map((from) => customerSays(world, from, `more ${n}`)));
    }
    for (const chatId of chatIds) {
      await until("the customer's messages", () =>
        inChat(world, chatId, `more ${CUSTOMER_MESSAGES}`),
      );
    }
    const inbound = perUnit(control.callCounts(), CONVERSATIONS * (CUSTOMER_MESSAGES - 1));

    control.resetCallCounts();
    await Promise.all(
      chatIds.map(async (chatId, conversation) => {
        const agentId = control.contacts().find((c) => c.id === chatId)?.agentId ?? "";
        for (let n = 1; n <= AGENT_MESSAGES; n += 1) {
          control.agentSend(agentId, chatId, `answer ${conversation}.${n}`);
          await new Promise((resolve) => setTimeout(resolve, AGENT_PAUSE_MS));
        }
      }),
    );
    await until(
      "every answer on the customers' phones",
      () =>
        numbers.every((to, conversation) =>
          world.twilio
            .sent({ to })
            .some((m) => m.body === `answer ${conversation}.${AGENT_MESSAGES}`),
        ) || undefined,
    );
    await world.connect.state.streaming.settled();
    const outbound = perUnit(control.callCounts(), CONVERSATIONS * AGENT_MESSAGES);

    control.resetCallCounts();
    for (const chatId of chatIds) {
      const agentId = control.contacts().find((c) => c.id === chatId)?.agentId ?? "";
      control.agentEnd(agentId, chatId);
    }
    await until(
      "every closing message",
      () =>
        numbers.every((to) => world.twilio.sent({ to }).some((m) => m.body === CLOSING_TEXT)) ||
        undefined,
    );
    await world.connect.state.streaming.settled();
    const ending = perUnit(control.callCounts(), CONVERSATIONS);

    console.log(
      `${CONVERSATIONS} conversations on the product's real path, no faults (Connect calls counted by the emulator):`,
    );
    console.log(`  new chat (first reply, agent joins):  ${describe(newChat)}`);
    console.log(`  customer → agent, per message:        ${describe(inbound)}`);
    console.log(`  agent → customer, per message:        ${describe(outbound)}`);
    console.log(`  the chat's end (closing message):     ${describe(ending)}`);
  } finally {
    await routing.stop();
    await world.close();
    await dynamo.close();
  }
}

function perUnit(counts: Record<string, number>, units: number): Map<string, number> {
  return new Map(
    Object.entries(counts)
      .filter(([operation]) => !operation.startsWith("emulator:"))
      .map(([operation, n]) => [operation, n / units]),
  );
}

function describe(calls: Map<string, number>): string {
  const total = [...calls.values()].reduce((sum, n) => sum + n, 0);
  const parts = [...calls].map(([op, n]) => `${op} ${n.toFixed(2)}`).join(", ");
  return `${total.toFixed(2)} Connect calls${parts ? ` (${parts})` : ""}`;
}

async function customerSays(world: ConversationWorld, from: string, text: string) {
  const sent = await world.twilio.customerSends({ from, to: BUSINESS_NUMBER, text });
  if (sent.delivery.status !== 200) throw new Error(`the webhook answered ${sent.delivery.status}`);
}

function inChat(world: ConversationWorld, chatId: string, text: string): true | undefined {
  return (
    world.connect.control.transcript(chatId).some((item) => item.Content === text) || undefined
  );
}

async function acceptWhenOffered(world: ConversationWorld, chatId: string) {
  await until("an agent offered the chat", () => {
    const contact = world.connect.control.contacts().find((c) => c.id === chatId);
    if (contact?.state !== "CONNECTING" || !contact.agentId) return undefined;
    world.connect.control.agentAccept(contact.agentId, chatId);
    return true;
  });
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
