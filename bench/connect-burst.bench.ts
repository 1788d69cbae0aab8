import { CONNECT_DEFAULT_QUOTAS } from "../emulators/connect/quotas/api-quotas.ts";
import { startLocalDynamo } from "../emulators/dynamodb/local-dynamodb.ts";
import {
  BUSINESS_NUMBER,
  type ConversationWorld,
  startConversationWorld,
} from "../test/support/conversation-world.ts";

/** BENCH_BURST_CUSTOMERS overrides it for a shorter run. */
const CUSTOMERS = Number(process.env.BENCH_BURST_CUSTOMERS ?? 1000);
const REPLY_WINDOW_MS = 10_000;
const RESUME_WORKERS = 4;
/** Agents accept, read and end chats fast: the bench is about Connect's quotas, not staffing. */
const AGENTS = 100;
/**
 * How long an agent keeps a chat once it has both messages (BENCH_BURST_HOLD_SECONDS; none by
 * default). Over 20 s, chats outlast the pace they open at (5 a second), so customers meet
 * the active-chat limit of 100 and wait in line.
 */
const HOLD_MS = Number(process.env.BENCH_BURST_HOLD_SECONDS ?? 0) * 1000;
const PROGRESS_EVERY_MS = 10_000;

/**
 * A burst after a busy hour: every customer replies within 10 s with two messages, against
 * the Connect emulator at a new account's quotas (5 new chats a second, 100 active), with
 * several resume workers pacing through the shared budget. Prints the time to drain against
 * the ideal (the work divided by the tightest quota), the throttled share of Connect calls,
 * and lost, duplicated and out-of-order counts.
 */
export async function run(): Promise<void> {
  const dynamo = await startLocalDynamo({ inChildProcess: true });
  const world = await startConversationWorld({
    dynamoEndpoint: dynamo.endpoint,
    quotas: "default",
    agents: AGENTS,
    resumeWorkers: RESUME_WORKERS,
  });
  const { control } = world.connect;
  const background = startBackground(world);
  try {
    const numbers = Array.from(
      { length: CUSTOMERS },
      (_, i) => `+447922${String(i).padStart(6, "0")}`,
    );
    for (const number of numbers) await world.deflectedCaller(number);
    control.resetCallCounts();
    control.quotas.resetCounts();

    const started = performance.now();
    // Each customer replies at a random moment of the window: two messages, back to back.
    await Promise.all(
      numbers.map(async (from, i) => {
        await sleep(Math.floor(((i * 7919) % CUSTOMERS) * (REPLY_WINDOW_MS / CUSTOMERS)));
        await says(world, from, `first ${i}`);
        await says(world, from, `second ${i}`);
      }),
    );
    let lastProgress = performance.now();
    for (;;) {
      const arrived = arrivedCount(world);
      if (arrived === CUSTOMERS * 2) break;
      if (performance.now() - lastProgress > PROGRESS_EVERY_MS) {
        lastProgress = performance.now();
        const seconds = ((lastProgress - started) / 1000).toFixed(0);
        console.log(`  ${seconds} s: ${arrived} of ${CUSTOMERS * 2} messages in their chats`);
      }
      await sleep(200);
    }
    const drainSeconds = (performance.now() - started) / 1000;

    const ideal = idealSeconds(CUSTOMERS);
    const { admitted, throttled } = control.quotas.counts();
    const calls = sum(admitted) + sum(throttled);
    const tally = tallyOrder(world, numbers.length);
    console.log(
      `${CUSTOMERS} customers replied within ${REPLY_WINDOW_MS / 1000} s (2 messages each), ` +
        `${RESUME_WORKERS} resume workers, Connect at a new account's quotas:`,
    );
    console.log(
      `  drained in ${drainSeconds.toFixed(1)} s; ideal ${ideal.seconds.toFixed(1)} s (${ideal.by}); ` +
        `ratio ${(drainSeconds / ideal.seconds).toFixed(2)}`,
    );
    console.log(
      `  Connect calls ${calls}, throttled ${sum(throttled)} (${((100 * sum(throttled)) / Math.max(1, calls)).toFixed(2)} %)` +
        (sum(throttled) ? `: ${[...throttled].map(([op, n]) => `${op} ${n}`).join(", ")}` : ""),
    );
    console.log(
      `  messages: lost ${tally.lost}, duplicated ${tally.duplicated}, out of order ${tally.outOfOrder}`,
    );
    const outcomes = [...world.outcomes].map(([outcome, n]) => `${outcome} ${n}`).join(", ");
    // IN_LINE: parked at the active-chat limit, then routed again by the line's drain.
    console.log(`  resume outcomes: ${outcomes}`);
  } finally {
    await background.stop();
    await world.close();
    await dynamo.close();
  }
}

/** The tightest of the quotas a new chat spends: each chat needs one call of each. */
function idealSeconds(chats: number): { seconds: number; by: string } {
  const perChat = ["StartChatContact", "StartContactStreaming", "CreateParticipantConnection"];
  let worst = { seconds: 0, by: "" };
  for (const operation of perChat) {
    const quota = CONNECT_DEFAULT_QUOTAS[operation];
    if (!quota) continue;
    const seconds = Math.max(0, chats - quota.burst) / quota.rate;
    if (seconds > worst.seconds)
      worst = {
        seconds,
        by: `${chats} × ${operation} at ${quota.rate}/s after a burst of ${quota.burst}`,
      };
  }
  return worst;
}

async function says(world: ConversationWorld, from: string, text: string) {
  const sent = await world.twilio.customerSends({ from, to: BUSINESS_NUMBER, text });
  if (sent.delivery.status !== 200) throw new Error(`the webhook answered ${sent.delivery.status}`);
}

/** Customer messages in any chat's transcript, each counted once. */
function customerMessages(world: ConversationWorld): string[] {
  return world.connect.control
    .contacts()
    .filter((contact) => contact.channel === "CHAT")
    .flatMap((contact) =>
      world.connect.control
        .transcript(contact.id)
        .filter((item) => item.ParticipantRole === "CUSTOMER" && item.Type === "MESSAGE")
        .map((item) => item.Content ?? ""),
    );
}

function arrivedCount(world: ConversationWorld): number {
  return new Set(customerMessages(world)).size;
}

function tallyOrder(world: ConversationWorld, customers: number) {
  const seen = customerMessages(world);
  const distinct = new Set(seen);
  let lost = 0;
  let outOfOrder = 0;
  for (let i = 0; i < customers; i += 1) {
    const first = seen.indexOf(`first ${i}`);
    const second = seen.indexOf(`second ${i}`);
    lost += (first < 0 ? 1 : 0) + (second < 0 ? 1 : 0);
    if (first >= 0 && second >= 0 && second < first) outOfOrder += 1;
  }
  return { lost, duplicated: seen.length - distinct.size, outOfOrder };
}

/** Resume's stream, and agents who accept each chat offered and end it once it has both messages. */
function startBackground(world: ConversationWorld) {
  let running = true;
  const routing = world.inbox.keepRouting();
  const answered = new Map<string, number>();
  const agents = (async () => {
    const { control } = world.connect;
    while (running) {
      for (const contact of control.contacts()) {
        if (contact.channel !== "CHAT" || !contact.agentId) continue;
        if (contact.state === "CONNECTING") control.agentAccept(contact.agentId, contact.id);
        else if (contact.state === "CONNECTED") {
          const texts = control.transcript(contact.id).map((item) => item.Content ?? "");
          if (!texts.some((t) => t.startsWith("second "))) continue;
          const since = answered.get(contact.id) ?? performance.now();
          answered.set(contact.id, since);
          if (performance.now() - since >= HOLD_MS) control.agentEnd(contact.agentId, contact.id);
        }
      }
      await sleep(50);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await Promise.all([routing.stop(), agents]);
    },
  };
}

function sum(counts: ReadonlyMap<string, number>): number {
  return [...counts.values()].reduce((total, n) => total + n, 0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
