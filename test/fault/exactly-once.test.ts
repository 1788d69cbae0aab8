import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BUSINESS_NUMBER, CLOSING_TEXT, type FaultWorld, startFaultWorld } from "./fault-world.ts";

const CONVERSATIONS = 50;
/** Each exchange is one customer message and one agent answer: 20 per conversation. */
const EXCHANGES = 10;
const STEP_TIMEOUT_MS = 20_000;

let world: FaultWorld;
beforeAll(async () => {
  world = await startFaultWorld();
});
afterAll(() => world.close());

/** Waits for `probe` to give a value; on timeout, prints what resume saw before failing. */
async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>) {
  try {
    return await vi.waitFor(
      async () => {
        const value = await probe();
        if (value === undefined) throw new Error(`timed out waiting for ${what}`);
        return value;
      },
      { timeout: STEP_TIMEOUT_MS, interval: 10 },
    );
  } catch (error) {
    console.log("resume outcomes:", Object.fromEntries(world.outcomes));
    console.log(`problems logged:\n${[...new Set(world.problems)].slice(0, 10).join("\n")}`);
    throw error;
  }
}

const customerText = (conversation: number, n: number) => `customer ${conversation}.${n}`;
const agentText = (conversation: number, n: number) => `agent ${conversation}.${n}`;

describe("exactly once, in order, under faults", () => {
  it("keeps 1,000 messages across 50 conversations whole through 10 % faults and a relay restart", async () => {
    const { connect, twilio } = world;
    connect.control.setFault("*", { throttleRate: 0.05, serverErrorRate: 0.05 });
    twilio.faults.setFailureRate("messages.create", 0.1, { status: 503 });
    const numbers = Array.from({ length: CONVERSATIONS }, (_, i) => `+447911${300_000 + i}`);
    const voiceIds = await Promise.all(numbers.map((number) => world.deflectedCaller(number)));
    const routing = world.inbox.keepRouting();
    let exchanged = 0;
    let restart: Promise<void> | undefined;

    const converse = async (conversation: number) => {
      const number = numbers[conversation] ?? "";
      let chatId = "";
      let agentId = "";
      for (let n = 1; n <= EXCHANGES; n += 1) {
        const text = customerText(conversation, n);
        const sent = await twilio.customerSends({ from: number, to: BUSINESS_NUMBER, text });
        // Twilio sends the same webhook again (a duplicate), while the first is being routed.
        const again = await twilio.webhooks.replay(sent.delivery.id);
        expect([sent.delivery.status, again.status]).toEqual([200, 200]);
        chatId ||= await until("the chat", async () => {
          const session = await world.sessions.getSession(voiceIds[conversation] ?? "");
          return session?.chatContactId;
        });
        await until(
          `"${text}" in the chat`,
          () =>
            connect.control.transcript(chatId).some((item) => item.Content === text) || undefined,
        );
        agentId ||= await until("an agent offered the chat", () => {
          const contact = connect.control.contacts().find((c) => c.id === chatId);
          if (contact?.state !== "CONNECTING" || !contact.agentId) return undefined;
          connect.control.agentAccept(contact.agentId, chatId);
          return contact.agentId;
        });
        connect.control.agentSend(agentId, chatId, agentText(conversation, n));
        exchanged += 1;
        if (exchanged === (CONVERSATIONS * EXCHANGES) / 2) {
          restart = world.restartRelay(200);
          restart.catch((error) => console.log("DIAG restart failed", error));
        }
      }
      connect.control.agentEnd(agentId, chatId);
      await until(
        `the closing message to ${number}`,
        () => twilio.sent({ to: number }).some((m) => m.body === CLOSING_TEXT) || undefined,
      ).catch((error) => {
        const outcomes = connect.control
          .deliveries()
          .filter((d) => d.contactId === chatId)
          .map((d) => String(d.status ?? d.error));
        console.log(`no closing text for ${number} (chat ${chatId}); SNS answers:`, outcomes);
        throw error;
      });
      return chatId;
    };
    const chatIds = await Promise.all(numbers.map((_, conversation) => converse(conversation)));
    await restart;
    await routing.stop();
    await connect.state.streaming.settled();

    const report = { sent: 0, arrived: 0, lost: 0, duplicated: 0, outOfOrder: 0 };
    const customerSide = { ...report };
    const agentSide = { ...report };
    for (const [conversation, chatId] of chatIds.entries()) {
      const expectCustomer = Array.from({ length: EXCHANGES }, (_, i) =>
        customerText(conversation, i + 1),
      );
      const inChat = connect.control
        .transcript(chatId)
        .filter((item) => item.ParticipantRole === "CUSTOMER" && item.Type === "MESSAGE")
        .map((item) => item.Content ?? "")
        .filter((content) => content.startsWith("customer "));
      tally(customerSide, expectCustomer, inChat);
      const expectAgent = [
        ...Array.from({ length: EXCHANGES }, (_, i) => agentText(conversation, i + 1)),
        CLOSING_TEXT,
      ];
      const onPhone = twilio.sent({ to: numbers[conversation] ?? "" }).map((m) => m.body ?? "");
      tally(agentSide, expectAgent, onPhone);
    }
    const deliveries = connect.control.deliveries();
    const transcriptReads = connect.control.callCounts().GetTranscript ?? 0;
    console.log(
      [
        `exactly-once under faults: ${CONVERSATIONS} conversations, ${CONVERSATIONS * EXCHANGES * 2} messages, one relay restart`,
        `  customer → agent: ${line(customerSide)} (plus ${CONVERSATIONS * EXCHANGES} duplicate webhooks)`,
        `  agent → customer: ${line(agentSide)} (agent messages and closing texts)`,
        `  faults injected: Connect ${sum(connect.control.faults.injected)} ` +
          `(${[...connect.control.faults.injected].map(([op, n]) => `${op} ${n}`).join(", ")}), ` +
          `Twilio send 503 ${twilio.requests.list({ operation: "messages.create" }).filter((r) => r.status === 503).length}`,
        `  SNS deliveries ${deliveries.length}, refused or unreachable ${deliveries.filter((d) => d.status !== 200).length}; ` +
          `inbox batches retried ${routing.failedBatches()}`,
        `  GetTranscript calls ${transcriptReads} for ${CONVERSATIONS * EXCHANGES} agent messages ` +
          "(reads recover from faults; without faults, agent messages need none)",
      ].join("\n"),
    );
    expect(customerSide).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 0 });
    expect(agentSide).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 0 });
    expect(customerSide.arrived).toBe(CONVERSATIONS * EXCHANGES);
    expect(agentSide.arrived).toBe(CONVERSATIONS * (EXCHANGES + 1));
    expect(world.notices).toEqual([]);
    // The run must really have met faults on every leg, or it proves nothing.
    expect(sum(connect.control.faults.injected)).toBeGreaterThan(50);
    expect(deliveries.some((d) => d.status !== 200)).toBe(true);
  }, 180_000);
});

type Tally = {
  sent: number;
  arrived: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
};

function tally(into: Tally, expected: readonly string[], actual: readonly string[]) {
  into.sent += expected.length;
  into.arrived += actual.length;
  const seen = new Set(actual);
  into.lost += expected.filter((text) => !seen.has(text)).length;
  into.duplicated += actual.length - seen.size;
  const firsts = [...seen];
  into.outOfOrder += firsts.filter((text, i) => expected.indexOf(text) !== i).length;
}

function line(t: Tally): string {
  return `sent ${t.sent}, arrived ${t.arrived}, lost ${t.lost}, duplicated ${t.duplicated}, out of order ${t.outOfOrder}`;
}

function sum(counts: ReadonlyMap<string, number>): number {
  return [...counts.values()].reduce((total, n) => total + n, 0);
}
