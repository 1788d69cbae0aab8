import type { LocalWorld } from "./local-world.ts";

const CALLER = "+447911123456";

/**
 * `npm start -- --serve`: everything on the wall clock until Ctrl-C, set up so a person can
 * drive one whole journey with curl: place a call, read what was sent, reply as the customer,
 * and watch a scripted agent answer in the chat.
 */
export async function serve(world: LocalWorld): Promise<void> {
  // An empty queue never offers, and the wall clock may be outside office hours: pin a long
  // wait and let Support offer at any hour, so a first call shows the whole offer.
  world.connect.control.setEstimatedWait({ queue: "Support", channel: "VOICE", seconds: 900 });
  const support = await world.policies.getPolicy(world.queueIds.Support ?? "");
  if (support) await world.policies.putPolicy({ ...support, windows: [] });
  world.twilio.setWebhookUrl(`${world.messaging.bridge.url}/webhooks/whatsapp`);
  // No DynamoDB stream locally: hand new inbox items to resume every second.
  const routing = setInterval(() => {
    world.messaging.inbox.drain().then(
      (routed) => routed > 0 && console.log(`  routed ${routed} customer message(s) to resume`),
      (error: unknown) => console.error("  ! routing failed:", error),
    );
  }, 1000);

  const connect = world.connect.url;
  const twilio = world.twilio.url;
  const json = "-H 'content-type: application/json'";
  console.log(
    "\nServing on the wall clock; Support offers at any hour, its wait pinned at 15 min.",
  );
  console.log("1. Place a call that presses 1 when offered:");
  console.log(`   curl -s ${connect}/__emulator/voice-calls ${json} \\`);
  console.log(
    `     -d '{"flow":"voice-deflection","customerNumber":"${CALLER}","caller":{"steps":[{"press":"1","forAction":"offer"}]}}'`,
  );
  console.log(`2. See the WhatsApp template it sent: curl -s ${twilio}/__emulator/sent`);
  console.log("3. Reply as the customer; a chat opens and a scripted agent answers in ~20 s:");
  console.log(`   curl -s ${twilio}/__emulator/customer-sends ${json} \\`);
  console.log(
    `     -d '{"from":"whatsapp:${CALLER}","to":"whatsapp:+15005550006","text":"Hi, about my bill"}'`,
  );
  console.log(`4. Chats and transcripts: curl -s ${connect}/__emulator/contacts`);
  console.log(`   What the caller heard: ${connect}/__emulator/contacts/<contactId>/flow-trace`);
  console.log("Ctrl-C stops.");
  await new Promise<void>((done) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => done());
  });
  clearInterval(routing);
}
