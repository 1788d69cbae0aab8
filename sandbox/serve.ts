import type { LocalWorld } from "./local-world.ts";

const CALLER = "+447911123456";
const SAYS = "I was charged twice for my order, my card number is 4111 1111 1111 1111";

/**
 * `npm start -- --serve`: everything on the wall clock until Ctrl-C, set up so a person can
 * drive one whole journey with curl: place a call whose caller says why they call and
 * presses 1, read what was sent, reply as the customer, and see what the agent is shown.
 */
export async function serve(world: LocalWorld): Promise<void> {
  // An empty queue never offers, and the wall clock may be outside office hours: pin a long
  // wait and let Support offer at any hour, so a first call shows the whole offer.
  world.connect.control.setEstimatedWait({ queue: "Support", channel: "VOICE", seconds: 900 });
  const support = await world.policies.getPolicy(world.queueIds.Support ?? "");
  if (support) await world.policies.putPolicy({ ...support, windows: [] });
  world.twilio.setWebhookUrl(`${world.messaging.bridge.url}/webhooks/whatsapp`);
  const shown = new Set<string>();
  // No DynamoDB stream locally: hand new inbox items to resume every second, and drain the
  // waiting line as often (a schedule does it every minute in AWS). One pass at a time.
  let pass: Promise<void> | undefined;
  const routing = setInterval(() => {
    pass ??= routeOnce(world).finally(() => {
      pass = undefined;
    });
    printAgentGuides(world, shown);
  }, 1000);

  const connect = world.connect.url;
  const twilio = world.twilio.url;
  const json = "-H 'content-type: application/json'";
  const call = {
    flow: "voice-deflection",
    customerNumber: CALLER,
    caller: {
      steps: [
        { say: SAYS, afterSeconds: 1, forAction: "ask-reason" },
        { press: "1", forAction: "offer" },
      ],
    },
  };
  console.log(
    "\nServing on the wall clock; Support offers at any hour, its wait pinned at 15 min.",
  );
  console.log("1. Place a call: asked why they call, the caller says it (card number included),");
  console.log("   then presses 1 when offered WhatsApp. The IVR takes about 30 s; watch below.");
  console.log(`   curl -s ${connect}/__emulator/voice-calls ${json} \\`);
  console.log(`     -d '${JSON.stringify(call)}'`);
  console.log(`   What the caller heard: ${connect}/__emulator/contacts/<contactId>/flow-trace`);
  console.log(`2. See the WhatsApp template it sent: curl -s ${twilio}/__emulator/sent`);
  console.log("3. Reply as the customer; a chat opens and a scripted agent answers in ~20 s:");
  console.log(`   curl -s ${twilio}/__emulator/customer-sends ${json} \\`);
  console.log(
    `     -d '{"from":"whatsapp:${CALLER}","to":"whatsapp:+15005550006","text":"Hi, about my bill"}'`,
  );
  console.log("4. When the chat is offered to an agent, the guide the agent sees prints here:");
  console.log("   the queue by name, the IVR's answers and the caller's own words, card removed.");
  console.log(
    `   The same as JSON: curl -s ${connect}/__emulator/contacts/<chatContactId>/agent-views`,
  );
  console.log(
    `   The customer's WhatsApp never gets it: curl -s '${twilio}/__emulator/sent' shows only the template and the agent's reply.`,
  );
  console.log("Ctrl-C stops.");
  await new Promise<void>((done) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => done());
  });
  // Nothing acknowledged is left behind: the webhook endpoint stops taking messages first
  // (those in flight finish), then everything it acknowledged is routed; the rest stops after.
  clearInterval(routing);
  console.log("\n• stopping: no more webhooks; routing the messages already acknowledged");
  await world.messaging.bridge.close();
  await pass;
  await routeOnce(world);
}

async function routeOnce(world: LocalWorld): Promise<void> {
  try {
    const routed = await world.messaging.inbox.drain();
    if (routed > 0) console.log(`  routed ${routed} customer message(s) to resume`);
    await world.messaging.drainWaitingLine();
  } catch (error) {
    console.error("  ! routing failed:", error);
  }
}

/** Prints each guide shown to an agent once, as the agent's workspace would show it. */
function printAgentGuides(world: LocalWorld, shown: Set<string>): void {
  for (const contact of world.connect.control.contacts()) {
    if (contact.channel !== "CHAT") continue;
    for (const view of world.connect.control.agentViews(contact.id)) {
      if (shown.has(view.id)) continue;
      shown.add(view.id);
      const data = view.viewData as { Heading?: string; Sections?: unknown };
      console.log(`\n  The agent's guide for chat ${contact.id}: ${data.Heading ?? ""}`);
      const sections = Array.isArray(data.Sections) ? data.Sections : [data.Sections];
      for (const section of sections) {
        for (const line of String(section ?? "").split("\n")) console.log(`  │ ${line}`);
      }
    }
  }
}
