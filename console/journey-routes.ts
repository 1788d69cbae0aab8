import * as z from "zod";
import { addressKey, CHANNEL_KINDS } from "../core/channel.ts";
import { toE164 } from "../core/phone-number.ts";
import { reachCustomerOn } from "../sandbox/customer-reach.ts";
import type { LocalWorld } from "../sandbox/local-world.ts";
import type { AgentDesk } from "./agent-desk.ts";
import { apiRoute as route } from "./api-route.ts";
import type { CustomerPhones } from "./phones/customer-phones.ts";
import { RequestError } from "./request-error.ts";

/** The inbound flow of each queue, as the sandbox loads them. */
const VOICE_FLOWS: Readonly<Record<string, string>> = {
  Support: "voice-deflection",
  Billing: "voice-deflection-billing",
};

const callSchema = z.strictObject({
  customerNumber: z.string().trim().min(1, "the caller's number is needed").max(32),
  /** Where the business's records say to reach them: the product offers that channel first. */
  channel: z.enum(CHANNEL_KINDS).default("whatsapp"),
  queue: z.enum(Object.keys(VOICE_FLOWS) as [string, ...string[]]),
  /** What the caller says when asked why they call; blank: nothing. */
  says: z.string().trim().max(1024).default(""),
  /** What they press when offered a message: 1 accepts, 2 declines, none lets it time out. */
  offer: z.enum(["1", "2", "none"]),
  hangUpAfterSeconds: z.number().int().min(1).max(3600).optional(),
  /** How long each prompt plays; absent: as long as it takes to speak. */
  promptSeconds: z.number().min(0).max(60).optional(),
});

const customerSendSchema = z
  .strictObject({
    channel: z.enum(CHANNEL_KINDS),
    /** The customer's handle on the channel: their number, PSID, user id. */
    handle: z.string().trim().min(1).max(64),
    text: z.string().max(1600).default(""),
    file: z
      .strictObject({
        contentType: z.string().min(1).max(100),
        base64: z.base64().max(7_000_000),
        fileName: z.string().max(255).optional(),
      })
      .optional(),
  })
  .refine((send) => send.text.trim() !== "" || send.file, "write something or attach a file");

const contactSchema = z.strictObject({ contactId: z.string().min(1) });
const agentSendSchema = z.strictObject({
  contactId: z.string().min(1),
  text: z.string().trim().min(1, "write something").max(1024),
});
const scriptedSchema = z.strictObject({ on: z.boolean() });

/**
 * What the sandbox page can do besides editing policies (operations-routes.ts); each action
 * goes through the emulators' controls or the product.
 */
export function journeyRoutes(deps: {
  world: LocalWorld;
  desk: AgentDesk;
  phones: CustomerPhones;
}) {
  const { world, desk, phones } = deps;
  return [
    route("POST", /^\/api\/calls$/, async (body) => {
      const call = callSchema.parse(body);
      const customerNumber = e164(call.customerNumber);
      const address = await reachCustomerOn(world, {
        number: customerNumber,
        channel: call.channel,
      });
      const contact = world.connect.control.placeVoiceCall({
        flow: VOICE_FLOWS[call.queue] ?? "",
        customerNumber,
        caller: callerScript(call),
      });
      return { contactId: contact.id, phone: addressKey(address) };
    }),
    route("POST", /^\/api\/customer-sends$/, async (body) => {
      const { channel, handle, text, file } = customerSendSchema.parse(body);
      return phones.send({ channel, handle, text, file });
    }),
    route("POST", /^\/api\/agent\/accept$/, (body) =>
      desk.accept(contactSchema.parse(body).contactId),
    ),
    route("POST", /^\/api\/agent\/end$/, (body) => desk.end(contactSchema.parse(body).contactId)),
    route("POST", /^\/api\/agent\/send$/, (body) => {
      const { contactId, text } = agentSendSchema.parse(body);
      desk.send(contactId, text);
    }),
    route("POST", /^\/api\/agent\/scripted$/, (body) =>
      desk.setScriptedAgents(scriptedSchema.parse(body).on),
    ),
  ];
}

/** One step per input request the flows make: the reason, then the offer (again in the queue). */
function callerScript(call: z.output<typeof callSchema>) {
  const offer =
    call.offer === "none" ? [] : [{ press: call.offer, afterSeconds: 1, forAction: "offer" }];
  return {
    steps: [
      ...(call.says ? [{ say: call.says, afterSeconds: 1, forAction: "ask-reason" }] : []),
      ...offer,
      ...offer,
    ],
    ...(call.hangUpAfterSeconds !== undefined
      ? { hangUpAfterSeconds: call.hangUpAfterSeconds }
      : {}),
    ...(call.promptSeconds !== undefined ? { promptSeconds: call.promptSeconds } : {}),
  };
}

/** The directory and Connect know a caller by their E.164 number. */
function e164(number: string): string {
  try {
    return toE164(number);
  } catch (error) {
    throw new RequestError(400, "the caller's number in E.164, such as +447911123456", {
      cause: error,
    });
  }
}
