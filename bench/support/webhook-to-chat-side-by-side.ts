import { PRODUCT_CPU } from "./webhook-to-chat-cpu.ts";
import { quantiles, type RunFigures } from "./webhook-to-chat-report.ts";
import type { SimpleFigures } from "./webhook-to-chat-simple.ts";

/** The target: ours spends no more CPU a message than the simple design. */
const TARGET_CPU_RATIO = 1.0;

/** One design's AWS calls by service and its CPU milliseconds, a message. */
interface PerMessage {
  readonly dynamo: number;
  readonly connect: number;
  readonly cpuMs: number;
}

const fixed = (n: number) => n.toFixed(2);

// The emulator's own inspection routes are counted too; they are not AWS calls.
const connectTotal = (calls: Readonly<Record<string, number>>) =>
  Object.entries(calls)
    .filter(([op]) => !op.startsWith("emulator:"))
    .reduce((sum, [, n]) => sum + n, 0);

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

function ours(run: RunFigures): PerMessage {
  const m = run.measured.length;
  const dynamoCalls = [...run.calls].filter(([key]) => /^(webhook|routing) /.test(key));
  return {
    dynamo: sum(dynamoCalls.map(([, n]) => n)) / m,
    connect: connectTotal(run.connectCalls) / m,
    cpuMs: (run.cpu.get(PRODUCT_CPU) ?? Number.NaN) / m,
  };
}

export function printSimpleRun(run: SimpleFigures): void {
  const m = run.messages;
  const rate = (m / run.elapsedMs) * 1000;
  console.log(
    `[simple design, closed, ${run.concurrency} in flight] ${m} messages in ${(run.elapsedMs / 1000).toFixed(2)} s: ${rate.toFixed(0)} messages/s`,
  );
  console.log(
    `  ${"added latency (receipt → SendMessage answered)".padEnd(50)} ${quantiles(run.latenciesMs)}`,
  );
  const dynamo = [...run.dynamoCalls].map(([op, n]) => `${op} ${fixed(n / m)}`).join(", ");
  const connect = Object.entries(run.connectCalls)
    .filter(([op]) => !op.startsWith("emulator:"))
    .map(([op, n]) => `${op} ${fixed(n / m)}`)
    .join(", ");
  console.log(`  DynamoDB calls per message: ${dynamo}; Connect calls per message: ${connect}`);
  console.log(
    `  CPU ms per message: ${PRODUCT_CPU} ${fixed(run.cpuMs / m)}; in its chats (emulator transcripts): ${run.inChats} of ${m} measured customer messages`,
  );
}

/**
 * One round, back to back: ours closed, the simple design closed, ours open; then both
 * designs at the same steady rate.
 */
export interface SideBySideRound {
  readonly closed: RunFigures;
  readonly simple: SimpleFigures;
  readonly open: RunFigures;
  readonly steady: { readonly ours: RunFigures; readonly simple: SimpleFigures };
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * The issue's comparison: AWS calls and CPU a message of both designs each round, and the
 * median of the rounds' ratios (each ratio within one round, so both sides met the same load
 * on the machine).
 */
export function printSideBySide(rounds: readonly SideBySideRound[]): void {
  const closedRatios: number[] = [];
  const openRatios: number[] = [];
  const steadyRatios: number[] = [];
  for (const [index, round] of rounds.entries()) {
    const { simple } = round;
    const m = simple.messages;
    const simpleCalls = (sum(simple.dynamoCalls.values()) + connectTotal(simple.connectCalls)) / m;
    const simpleCpuMs = simple.cpuMs / m;
    const closed = ours(round.closed);
    const open = ours(round.open);
    closedRatios.push(closed.cpuMs / simpleCpuMs);
    openRatios.push(open.cpuMs / simpleCpuMs);
    const describe = (our: PerMessage) =>
      `AWS calls ${fixed(our.dynamo + our.connect)} (DynamoDB ${fixed(our.dynamo)}), CPU ${fixed(our.cpuMs)} ms`;
    console.log(
      `round ${index + 1}, ${m} messages each, ${simple.concurrency} in flight: simple design AWS calls ${fixed(simpleCalls)} (DynamoDB ${fixed(sum(simple.dynamoCalls.values()) / m)}), CPU ${fixed(simpleCpuMs)} ms | ours closed ${describe(closed)} | ours open ${describe(open)}`,
    );
    const steadySimpleCpuMs = round.steady.simple.cpuMs / round.steady.simple.messages;
    const steadyOurs = ours(round.steady.ours);
    steadyRatios.push(steadyOurs.cpuMs / steadySimpleCpuMs);
    console.log(
      `  both at ${round.steady.simple.perSecond} messages a second: simple design CPU ${fixed(steadySimpleCpuMs)} ms | ours ${describe(steadyOurs)}`,
    );
  }
  console.log(
    `inbound CPU a message, ours/simple design, median of ${rounds.length} rounds: closed ${fixed(median(closedRatios))}, open ${fixed(median(openRatios))}, at the same steady rate ${fixed(median(steadyRatios))} (target ≤ ${TARGET_CPU_RATIO.toFixed(1)})`,
  );
  console.log(
    "  closed and open set ours against the simple design at its own closed-loop rate; at the same steady rate both processes meet the same load",
  );
}
