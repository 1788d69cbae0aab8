import { performance } from "node:perf_hooks";
import { atSteadyRate } from "./support/steady-rate.ts";
import { cpuSnapshot, cpuSpent, loopDelay } from "./support/webhook-to-chat-cpu.ts";
import {
  checkTranscripts,
  printChecks,
  printRun,
  type RunFigures,
  type Timeline,
} from "./support/webhook-to-chat-report.ts";
import {
  printSideBySide,
  printSimpleRun,
  type SideBySideRound,
} from "./support/webhook-to-chat-side-by-side.ts";
import {
  measureSimple,
  type SimpleDesign,
  type SimpleFigures,
  startSimpleDesign,
} from "./support/webhook-to-chat-simple.ts";
import {
  customerNumber,
  messageSid,
  startWebhookToChatWorld,
  twilioInbound,
  type WebhookToChatWorld,
} from "./support/webhook-to-chat-world.ts";

const CUSTOMERS = 50;
const WARM_UP = 300;
const MESSAGES = 2_000;
const CONCURRENCY = 32;
const REDELIVERED = 200;
const SETTLE_TIMEOUT_MS = 60_000;
/**
 * How often Lambda polls the stream's shard: 250 ms, its documented base rate of 4 a second.
 * BENCH_STREAM_POLL_MS=0 hands each record to its lane at once, as an endless poller would.
 */
const STREAM_POLL_MS = Number(process.env.BENCH_STREAM_POLL_MS ?? 250);

/**
 * The steady load both designs meet in the equal-load comparison: near the rate our closed
 * loop reaches (it waits out the stream's poll), well inside what either design can carry.
 */
const STEADY_PER_SECOND = 150;

type Mode = "closed" | "open" | "steady";

interface RunPlan {
  readonly label: string;
  readonly stage: number;
  readonly mode: Mode;
  readonly count: number;
  readonly concurrency: number;
  /** "steady" only: arrivals a second. */
  readonly perSecond?: number;
}

const SEED: RunPlan = {
  label: "first",
  stage: 0,
  mode: "closed",
  count: CUSTOMERS,
  concurrency: 1,
};
const WARM: RunPlan = {
  label: "warm-up",
  stage: 1,
  mode: "closed",
  count: WARM_UP,
  concurrency: CONCURRENCY,
};
/** One message at a time: the chain's own latency, without queueing behind other messages. */
const SERIAL: RunPlan = { label: "serial", stage: 2, mode: "closed", count: 100, concurrency: 1 };
const CLOSED: RunPlan = {
  label: "closed",
  stage: 3,
  mode: "closed",
  count: MESSAGES,
  concurrency: CONCURRENCY,
};
const OPEN: RunPlan = {
  label: "open",
  stage: 4,
  mode: "open",
  count: MESSAGES,
  concurrency: CONCURRENCY,
};
const SIMPLE_WARM = { stage: 5, count: WARM_UP, concurrency: CONCURRENCY };
/** Rounds of ours closed, the simple design, ours open; the medians go beside each other. */
const SIDE_BY_SIDE_ROUNDS = 3;
const SIDE_BY_SIDE_MESSAGES = 1_000;

const bodyOf = (stage: number, e: { index: number; customer: number }) =>
  `bench s${stage} #${e.index} from customer ${e.customer}`;

interface Chain {
  readonly world: WebhookToChatWorld;
  readonly timeline: Map<string, Timeline>;
  readonly chats: Map<number, string>;
}

/**
 * Webhook → chat on one process: signed Twilio SMS webhooks through the real webhook function,
 * each recorded INBOX# item routed by the real resume function into the customer's live
 * Connect chat (emulator) with SendMessage. Routing is batched as the table's stream would
 * (StreamLanes: ten concurrent batches of one shard, each customer always in the same one, in
 * order), polled every STREAM_POLL_MS as Lambda polls a shard. Added latency runs from the
 * webhook's receipt to SendMessage answered, the poll's wait included; our functions' own time
 * is that without the wait in the stream. Three runs: "serial", one message at a time (the chain's own latency); "closed",
 * MESSAGES at CONCURRENCY where a sender waits until its message is in the chat (capacity, and
 * latency without a backlog); "open", the same where senders only wait for the webhook's 200
 * and the stream absorbs the backlog (as platforms deliver). Then the simple design (one Query,
 * one SendMessage; bench/support/simple-design.ts) at CONCURRENCY, closed loop, beside ours.
 * dynalite and the emulator run in child processes on this machine.
 */
export async function run(): Promise<void> {
  const chain = await startChain();
  try {
    await measureOurs(chain);
    const simple = await startSimpleDesign(chain.world, { customers: CUSTOMERS });
    try {
      await measureSimple(chain.world, simple, SIMPLE_WARM);
      const rounds: SideBySideRound[] = [];
      for (let round = 0; round < SIDE_BY_SIDE_ROUNDS; round++) {
        rounds.push(await sideBySideRound(chain, simple, round));
      }
      printSimpleRun(rounds[0]?.simple as SimpleFigures);
      printSideBySide(rounds);
    } finally {
      simple.close();
    }
  } finally {
    await chain.world.close();
  }
}

/**
 * One round of the comparison: ours closed, the simple design, ours open, back to back on the
 * same warm process, so a round's ratios are measured under the same conditions.
 */
async function sideBySideRound(
  chain: Chain,
  simple: SimpleDesign,
  round: number,
): Promise<SideBySideRound> {
  const stage = 10 + 3 * round;
  const plan = { count: SIDE_BY_SIDE_MESSAGES, concurrency: CONCURRENCY };
  const closed = await measureRun(chain, { ...plan, label: "closed", stage, mode: "closed" });
  const simpleRun = await measureSimple(chain.world, simple, { ...plan, stage: stage + 1 });
  const open = await measureRun(chain, { ...plan, label: "open", stage: stage + 2, mode: "open" });
  const steady = { count: SIDE_BY_SIDE_MESSAGES, concurrency: 0, perSecond: STEADY_PER_SECOND };
  const oursSteady = await measureRun(chain, {
    ...steady,
    label: "steady",
    stage: 40 + 2 * round,
    mode: "steady",
  });
  const simpleSteady = await measureSimple(chain.world, simple, {
    ...steady,
    stage: 41 + 2 * round,
  });
  return { closed, simple: simpleRun, open, steady: { ours: oursSteady, simple: simpleSteady } };
}

/** Our three runs and their checks; the closed and open runs go beside the simple design. */
async function measureOurs(chain: Chain): Promise<void> {
  await openChats(chain);
  await send(chain, WARM);
  const runs: RunFigures[] = [];
  for (const plan of [SERIAL, CLOSED, OPEN]) {
    runs.push(await measureRun(chain, plan));
    printRun(runs.at(-1) as RunFigures);
  }
  const measured = runs.flatMap((r) => r.measured);
  const duplicates = await redeliver(chain, measured.slice(0, REDELIVERED));
  const check = await checkTranscripts(chain.world, {
    chats: chain.chats,
    measured,
    body: (e) => bodyOf(e.stage, e),
  });
  printChecks({ check, duplicates, world: chain.world, sent: measured.length });
}

async function startChain(): Promise<Chain> {
  const timeline = new Map<string, Timeline>();
  const chats = new Map<number, string>();
  const world = await startWebhookToChatWorld({
    pollIntervalMs: STREAM_POLL_MS,
    onBatch: (records) => {
      const now = performance.now();
      for (const r of records) {
        const entry = timeline.get(r.dynamodb.NewImage.providerMessageId?.S ?? "");
        if (entry) entry.batchAt ??= now;
      }
    },
    onRouted: (result) => {
      const entry = timeline.get(result.sk.split("#").at(-1) ?? "");
      if (!entry) return;
      entry.sentAt = performance.now();
      entry.outcome = result.outcome;
      if (result.chatContactId) chats.set(entry.customer, result.chatContactId);
      entry.done?.();
    },
  });
  const insert = world.tap.onInboxInsert;
  let inserts = 0;
  world.tap.onInboxInsert = (image) => {
    const entry = timeline.get(image.providerMessageId?.S ?? "");
    if (entry) {
      entry.insertedAt = performance.now();
      entry.insertSeq = inserts++;
    }
    insert(image);
  };
  return { world, timeline, chats };
}

/** Each customer's call is deflected and their first reply opens the chat (real resume). */
async function openChats(chain: Chain): Promise<void> {
  const { world, chats } = chain;
  for (let c = 0; c < CUSTOMERS; c++) await world.deflectedCustomer(customerNumber(c));
  await send(chain, SEED);
  if (chats.size !== CUSTOMERS) {
    throw new Error(`${chats.size} of ${CUSTOMERS} chats opened: ${world.problems.join("; ")}`);
  }
}

async function measureRun(chain: Chain, plan: RunPlan): Promise<RunFigures> {
  const { world } = chain;
  world.tap.reset();
  await fetch(`${world.connect.url}/__emulator/calls`, { method: "DELETE" });
  const batchesBefore = world.lanes.batches;
  const cpuBefore = cpuSnapshot();
  const delay = loopDelay();
  const started = performance.now();
  const measured = await send(chain, plan);
  const elapsedMs = Math.max(...measured.map((t) => t.sentAt ?? Number.NaN)) - started;
  delay.disable();
  const cpu = cpuSpent(cpuBefore, cpuSnapshot());
  const connectCalls = await fetch(`${world.connect.url}/__emulator/calls`)
    .then((r) => r.json() as Promise<{ calls: Record<string, number> }>)
    .then((r) => r.calls);
  return {
    mode:
      plan.mode === "steady"
        ? `${plan.label}, ${plan.perSecond} a second`
        : `${plan.label}, ${plan.concurrency} in flight`,
    measured,
    elapsedMs,
    batches: world.lanes.batches - batchesBefore,
    calls: world.tap.counts(),
    connectCalls,
    cpu,
    loopDelayP99Ms: delay.percentile(99) / 1e6,
  };
}

/**
 * Sends `count` webhooks with `concurrency` senders. "closed": a sender takes its next message
 * once the previous one is in the chat; "open": once the webhook has answered; "steady": one
 * webhook every 1/perSecond seconds, whatever is in flight. Either way it returns when resume
 * has routed every message.
 */
async function send(chain: Chain, options: RunPlan): Promise<Timeline[]> {
  const entries = Array.from({ length: options.count }, (_, index): Timeline => {
    const entry: Timeline = {
      index,
      stage: options.stage,
      customer: index % CUSTOMERS,
      sid: messageSid(options.stage, index),
      receivedAt: 0,
    };
    chain.timeline.set(entry.sid, entry);
    return entry;
  });
  const events = entries.map((e) =>
    twilioInbound({ sid: e.sid, from: customerNumber(e.customer), body: bodyOf(e.stage, e) }),
  );
  if (options.mode === "steady") {
    await atSteadyRate({ count: entries.length, perSecond: options.perSecond ?? 1 }, async (i) => {
      const entry = entries[i] as Timeline;
      entry.receivedAt = performance.now();
      const answer = await chain.world.receive(events[i]);
      entry.answeredAt = performance.now();
      if (answer.statusCode !== 200) throw new Error(`webhook answered ${answer.statusCode}`);
    });
    await settled(chain.world);
    return entries;
  }
  let next = 0;
  const progressEvery = Math.max(500, Math.ceil(options.count / 4));
  const sender = async () => {
    while (next < entries.length) {
      const i = next++;
      const entry = entries[i] as Timeline;
      const routed = new Promise<void>((resolve) => (entry.done = resolve));
      entry.receivedAt = performance.now();
      const answer = await chain.world.receive(events[i]);
      entry.answeredAt = performance.now();
      if (answer.statusCode !== 200) throw new Error(`webhook answered ${answer.statusCode}`);
      if (options.mode === "closed") await within(routed, `message ${entry.sid} to reach its chat`);
      if ((i + 1) % progressEvery === 0) {
        console.log(`  ${options.label}: ${i + 1}/${options.count} webhooks answered`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  await settled(chain.world);
  return entries;
}

const settled = (world: WebhookToChatWorld) => within(world.lanes.settled(), "routing to settle");

/** Bounds every wait: a message that never reaches its chat fails the run instead of hanging. */
async function within<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), SETTLE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Platform retries of already accepted messages: each must be answered as a duplicate. */
async function redeliver(chain: Chain, entries: readonly Timeline[]) {
  const { world } = chain;
  const before = world.lanes.batches;
  let answered = 0;
  for (const e of entries) {
    const event = twilioInbound({
      sid: e.sid,
      from: customerNumber(e.customer),
      body: bodyOf(e.stage, e),
    });
    if ((await world.receive(event)).statusCode === 200) answered++;
  }
  await settled(world);
  return { sent: entries.length, answered, batchesAfter: world.lanes.batches - before };
}
