import { PRODUCT_CPU } from "./webhook-to-chat-cpu.ts";
import type { WebhookToChatWorld } from "./webhook-to-chat-world.ts";

/** One message's way through the chain, in performance.now() milliseconds. */
export interface Timeline {
  readonly index: number;
  /** Which run the message belongs to (its id and text carry it too). */
  readonly stage: number;
  readonly customer: number;
  readonly sid: string;
  receivedAt: number;
  /** The webhook function answered (its 200). */
  answeredAt?: number;
  /** The INBOX# put committed: the stream record exists from here. */
  insertedAt?: number;
  /** Commit order of the INBOX# puts, across customers. */
  insertSeq?: number;
  /** The stream batch holding the message reached resume. */
  batchAt?: number;
  /** Resume logged the message routed: SendMessage has answered. */
  sentAt?: number;
  outcome?: string;
  /** Called once the message is routed (closed-loop senders wait for it). */
  done?: () => void;
}

/** What one measured run produced. */
export interface RunFigures {
  readonly mode: string;
  readonly measured: readonly Timeline[];
  readonly elapsedMs: number;
  readonly batches: number;
  readonly calls: ReadonlyMap<string, number>;
  readonly connectCalls: Readonly<Record<string, number>>;
  /** CPU milliseconds per process during the run. */
  readonly cpu: ReadonlyMap<string, number>;
  readonly loopDelayP99Ms: number;
}

export interface TranscriptCheck {
  readonly found: number;
  readonly distinct: number;
  readonly inWrongChat: number;
  /** Customers whose chat holds their messages in another order than their stream records. */
  readonly outOfStreamOrder: number;
  /** The same against the order the webhooks were sent in (may differ only when a customer
   * had two webhooks in flight at once). */
  readonly outOfSendOrder: number;
}

/** Reads every customer's chat from the emulator and finds the measured messages in it. */
export async function checkTranscripts(
  world: WebhookToChatWorld,
  options: {
    chats: ReadonlyMap<number, string>;
    measured: readonly Timeline[];
    body: (entry: Timeline) => string;
  },
): Promise<TranscriptCheck> {
  const byBody = new Map(options.measured.map((e) => [options.body(e), e]));
  const seen = new Set<string>();
  let found = 0;
  let inWrongChat = 0;
  let outOfStreamOrder = 0;
  let outOfSendOrder = 0;
  for (const [customer, chatContactId] of options.chats) {
    const items = await world.transcript(chatContactId);
    const mine: Timeline[] = [];
    for (const item of items) {
      if (item.Type !== "MESSAGE" || item.ParticipantRole !== "CUSTOMER") continue;
      const entry = byBody.get(item.Content ?? "");
      if (!entry) continue;
      found++;
      seen.add(entry.sid);
      if (entry.customer !== customer) inWrongChat++;
      mine.push(entry);
    }
    const ascending = (key: (e: Timeline) => number) =>
      mine.every((e, i) => i === 0 || key(mine[i - 1] as Timeline) < key(e));
    if (!ascending((e) => e.insertSeq ?? -1)) outOfStreamOrder++;
    if (!ascending((e) => e.stage * 1e6 + e.index)) outOfSendOrder++;
  }
  return { found, distinct: seen.size, inWrongChat, outOfStreamOrder, outOfSendOrder };
}

export function quantiles(values: readonly number[]): string {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const q = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  const f = (v: number) => v.toFixed(1).padStart(7);
  return `p50=${f(q(0.5))}  p95=${f(q(0.95))}  p99=${f(q(0.99))}  max=${f(sorted.at(-1) ?? Number.NaN)} ms`;
}

type Instant = "receivedAt" | "answeredAt" | "insertedAt" | "batchAt" | "sentAt";
const span = (from: Instant, to: Instant) => (e: Timeline) =>
  (e[to] ?? Number.NaN) - (e[from] ?? Number.NaN);

// Added latency without the wait in the stream: what our code adds, whatever the poller does.
const ownTime = (e: Timeline) => span("receivedAt", "answeredAt")(e) + span("batchAt", "sentAt")(e);

export function printRun(run: RunFigures): void {
  const { measured } = run;
  const m = measured.length;
  const rate = (m / run.elapsedMs) * 1000;
  console.log(
    `[${run.mode}] ${m} messages in ${(run.elapsedMs / 1000).toFixed(2)} s: ${rate.toFixed(0)} messages/s; ${run.batches} stream batches (mean ${(m / run.batches).toFixed(2)} records)`,
  );
  const rows: [string, (e: Timeline) => number][] = [
    ["added latency (receipt → SendMessage answered)", span("receivedAt", "sentAt")],
    ["  webhook function (receipt → its 200)", span("receivedAt", "answeredAt")],
    ["  receipt → INBOX# committed", span("receivedAt", "insertedAt")],
    ["  routing (committed → SendMessage answered)", span("insertedAt", "sentAt")],
    ["    of which waiting in its stream lane", span("insertedAt", "batchAt")],
    ["    of which resume (batch → SendMessage answered)", span("batchAt", "sentAt")],
    ["our functions' own time (webhook + resume)", ownTime],
  ];
  for (const [name, of] of rows) console.log(`  ${name.padEnd(50)} ${quantiles(measured.map(of))}`);
  const outcomes = new Map<string, number>();
  for (const e of measured) {
    const outcome = e.outcome ?? "not routed";
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  console.log(`  resume outcomes: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(", ")}`);
  printCalls(run);
  const cpu = [...run.cpu].map(([name, ms]) => `${name} ${(ms / m).toFixed(2)}`).join(", ");
  const own = (run.cpu.get(PRODUCT_CPU) ?? Number.NaN) / m;
  console.log(
    `  CPU ms per message: ${cpu}; so one core caps this process at ~${(1000 / own).toFixed(0)} messages/s; its event-loop delay p99 ${run.loopDelayP99Ms.toFixed(1)} ms`,
  );
}

function printCalls(run: RunFigures): void {
  const m = run.measured.length;
  const phase = (name: string) => {
    const rows = [...run.calls].filter(([key]) => key.startsWith(`${name} `));
    const total = rows.reduce((sum, [, n]) => sum + n, 0) / m;
    const parts = rows.map(([key, n]) => `${key.slice(name.length + 1)} ${(n / m).toFixed(2)}`);
    return { total, text: `${name} ${total.toFixed(2)} (${parts.join(", ")})` };
  };
  const webhook = phase("webhook");
  const routing = phase("routing");
  console.log(
    `  DynamoDB calls per message: ${(webhook.total + routing.total).toFixed(2)} = ${webhook.text} + ${routing.text}`,
  );
  const connect = Object.entries(run.connectCalls)
    .filter(([op]) => !op.startsWith("emulator:"))
    .map(([op, n]) => `${op} ${(n / m).toFixed(2)}`)
    .join(", ");
  console.log(`  Connect calls per message: ${connect}`);
}

export function printChecks(options: {
  check: TranscriptCheck;
  duplicates: { sent: number; answered: number; batchesAfter: number };
  world: WebhookToChatWorld;
  sent: number;
}): void {
  const { check, duplicates } = options;
  console.log(
    `in the chats (emulator transcripts): ${check.found} of ${options.sent} measured customer messages, ${check.distinct} distinct, ${check.found - check.distinct} duplicated, ${check.inWrongChat} in a wrong chat; customers out of stream order ${check.outOfStreamOrder}, out of send order ${check.outOfSendOrder}`,
  );
  console.log(
    `redelivered ${duplicates.sent} accepted webhooks: ${duplicates.answered} answered 200, ${duplicates.batchesAfter} stream batches followed (0 expected)`,
  );
  const { problems, lanes } = options.world;
  console.log(
    `problems: ${problems.length} logged${problems.length ? ` (${problems.slice(0, 3).join("; ")})` : ""}, ${lanes.retried} records retried, ${lanes.givenUp.length} given up`,
  );
}
