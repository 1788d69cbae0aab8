import type { Contact } from "../emulators/connect/model/contact.ts";
import type { LocalWorld } from "./local-world.ts";

/** The funnel per queue and channel, the calls' outcomes and the deflect function's latency. */
export async function printReport(world: LocalWorld, placed: readonly Contact[]): Promise<void> {
  console.log("\nFunnel (from the table's FUNNEL# counters)");
  console.log(
    `  ${"queue".padEnd(9)} ${"channel".padEnd(9)} ${"stage".padEnd(15)} ${"reason".padEnd(14)} count`,
  );
  for (const [name, queueId] of Object.entries(world.queueIds)) {
    const counts = await world.funnel.counts(queueId);
    for (const row of counts.sort(
      (a, b) => a.channel.localeCompare(b.channel) || a.stage.localeCompare(b.stage),
    )) {
      console.log(
        `  ${name.padEnd(9)} ${row.channel.padEnd(9)} ${row.stage.padEnd(15)} ${row.reason.padEnd(14)} ${row.count}`,
      );
    }
  }

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

  console.log(
    "\nDeflect function latency (in-process, wall clock, against dynalite and the emulators)",
  );
  for (const action of ["check", "accept", "decline"]) {
    const times = world.calls
      .filter((c) => c.action === action)
      .map((c) => c.elapsedMs)
      .sort((a, b) => a - b);
    if (times.length === 0) continue;
    const at = (q: number) =>
      (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1);
    console.log(
      `  ${action.padEnd(8)} n=${String(times.length).padStart(4)}  p50 ${at(0.5)} ms  p99 ${at(0.99)} ms`,
    );
  }
}
