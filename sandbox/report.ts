import { FUNNEL_PATH } from "../config/metric-names.ts";
import type { Contact } from "../emulators/connect/model/contact.ts";
import { DEMO } from "./demo-instance.ts";
import type { LocalWorld } from "./local-world.ts";

/** The funnel per queue and channel in stage order, then the ways out with their reasons. */
async function printFunnel(world: LocalWorld): Promise<void> {
  console.log("\nFunnel (from the table's FUNNEL# counters, this run)");
  for (const [name, queueId] of Object.entries(world.queueIds)) {
    const counts = await world.funnel.counts(queueId);
    for (const channel of [...new Set(counts.map((c) => c.channel))].sort()) {
      const rows = counts.filter((c) => c.channel === channel);
      const total = (stage: string) =>
        rows.filter((r) => r.stage === stage).reduce((sum, r) => sum + r.count, 0);
      const main = FUNNEL_PATH.map((stage) => `${stage} ${total(stage)}`).join(" → ");
      console.log(`  ${name.padEnd(8)} ${channel.padEnd(9)} ${main}`);
      const others = rows.filter((r) => !(FUNNEL_PATH as readonly string[]).includes(r.stage));
      const labelled = others.map(
        (r) => `${r.stage}${r.reason === "-" ? "" : ` (${r.reason})`} ${r.count}`,
      );
      if (labelled.length > 0) console.log(`  ${"".padEnd(18)} also: ${labelled.join(", ")}`);
    }
  }
}

function percentiles(label: string, values: readonly number[]): void {
  const times = [...values].sort((a, b) => a - b);
  if (times.length === 0) {
    console.log(`  ${label.padEnd(22)} n=   0`);
    return;
  }
  const at = (q: number) =>
    (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1);
  console.log(
    `  ${label.padEnd(22)} n=${String(times.length).padStart(4)}  p50 ${at(0.5)} ms  p99 ${at(0.99)} ms`,
  );
}

/** The funnel, the calls' and chats' outcomes, and each function's measured latency. */
export async function printReport(
  world: LocalWorld,
  placed: readonly Contact[],
  replies: { sent: number; failed: number },
): Promise<void> {
  await printFunnel(world);

  const reasons = new Map<string, number>();
  for (const call of world.calls.filter((c) => c.action === "check")) {
    const reason = call.answer.reason ?? "?";
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  console.log(`\nCheck answers: ${[...reasons].map(([r, n]) => `${r} ${n}`).join(", ")}`);

  const outcome = (c: Contact) =>
    c.agentId
      ? "reached an agent"
      : c.state !== "ENDED"
        ? "still waiting"
        : c.disconnectReason === "CONTACT_FLOW_DISCONNECT"
          ? "deflected or ended by flow"
          : "hung up";
  const outcomes = new Map<string, number>();
  for (const contact of placed)
    outcomes.set(outcome(contact), (outcomes.get(outcome(contact)) ?? 0) + 1);
  console.log(`Calls: ${placed.length} (${[...outcomes].map(([o, n]) => `${o} ${n}`).join(", ")})`);
  const sent = world.twilio.sent();
  const byChannel = (prefix: string) => sent.filter((m) => m.to.startsWith(prefix)).length;
  console.log(
    `Messages at the Twilio emulator: ${byChannel("whatsapp:")} WhatsApp, ${sent.length - byChannel("whatsapp:")} SMS`,
  );

  const chats = world.connect.control
    .contacts(DEMO.instance.instanceId)
    .filter((c) => c.channel === "CHAT");
  const chatEnded = chats.filter((c) => c.state === "ENDED").length;
  const agentReplies = sent.filter((m) => m.body === DEMO.chatAgentReply);
  const closings = sent.filter((m) => m.body === DEMO.closingText);
  console.log(
    `Customer replies: ${replies.sent} accepted by the webhook (${replies.failed} refused); chats ${chats.length} (${chatEnded} ended); agent replies sent ${agentReplies.length}, delivered ${agentReplies.filter((m) => m.status === "delivered").length}; closing messages ${closings.length}`,
  );

  const quota = world.connect.control.quotas.counts();
  const count = (counts: ReadonlyMap<string, number>) =>
    [...counts.values()].reduce((sum, n) => sum + n, 0);
  const throttled = [...quota.throttled].map(([op, n]) => `${op} ${n}`).join(", ");
  console.log(
    `Connect, with its quotas enforced: ${count(quota.admitted) + count(quota.throttled)} calls, ` +
      `${count(quota.throttled)} throttled${throttled ? ` (${throttled})` : ""}`,
  );

  console.log(
    "\nLatency (in-process, wall clock, against dynalite and the emulators; the relay as its SNS subscriber sees it)",
  );
  for (const action of ["check", "accept", "decline"]) {
    percentiles(
      `deflect ${action}`,
      world.calls.filter((c) => c.action === action).map((c) => c.elapsedMs),
    );
  }
  percentiles("resume (stream batch)", world.messaging.timings.resume);
  percentiles("relay (chat item)", world.messaging.timings.relay);
}
