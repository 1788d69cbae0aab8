/**
 * The Messenger Send API (protocols.md §6): POST /v{N}/me/messages or /v{N}/{PAGE_ID}/messages
 * with the page access token in `access_token` (query or body) or a Bearer header, a JSON
 * body (or form fields holding JSON), and the 24-hour / HUMAN_AGENT window rules.
 */
import * as z from "zod";
import { readParameters } from "../shared-http/body-parsers.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonResponse,
} from "../shared-http/http-types.ts";
import { graphErrors } from "./api-errors.ts";
import { type MetaContext, type MetaSentMessage, messageId } from "./meta-context.ts";
import { fetchAttachment, type SentMedia } from "./outbound-attachment.ts";
import { scheduleSendEvents } from "./webhook-delivery.ts";

const MESSAGING_TYPES = ["RESPONSE", "UPDATE", "MESSAGE_TAG"] as const;
const TAGS = ["HUMAN_AGENT", "CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE"];
export const GRAPH_VERSION = /^v\d+\.\d+$/;
// Sender actions (developers.facebook.com/docs/messenger-platform/send-messages/sender-actions):
// typing and seen, plus react/unreact (their payload, naming the message, is not checked here).
const SENDER_ACTIONS = ["typing_on", "typing_off", "mark_seen", "react", "unreact"];

const jsonField = z.preprocess((value) => {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}, z.unknown());

const sendSchema = z.object({
  recipient: jsonField.pipe(
    z.object({ id: z.union([z.string().min(1), z.number()]).transform(String) }).optional(),
  ),
  message: jsonField.pipe(z.record(z.string(), z.unknown()).optional()),
  messaging_type: z.string().optional(),
  tag: z.string().optional(),
  sender_action: z.string().optional(),
});

type SendInput = z.output<typeof sendSchema>;

export async function sendMessage(
  ctx: MetaContext,
  request: EmulatorRequest,
): Promise<EmulatorResponse> {
  const version = request.params.version;
  if (version !== undefined && !GRAPH_VERSION.test(version))
    return graphErrors.unknownObject(version);
  const params = readParameters(request);
  if (!params.ok) return graphErrors.param(`Invalid request body: ${params.error}`);
  const denied = authorize(ctx, request, params.params);
  if (denied) return denied;
  const objectId = request.params.pageId ?? "me";
  if (objectId !== "me" && objectId !== ctx.config.pageId)
    return graphErrors.unknownObject(objectId);
  const parsed = sendSchema.safeParse(params.params);
  if (!parsed.success)
    return graphErrors.param(`Invalid parameter: ${parsed.error.issues[0]?.path.join(".")}`);
  const refusal = validate(ctx, parsed.data);
  if (refusal) return refusal;
  const attachment = await fetchAttachment(parsed.data.message);
  if (attachment.refusal) return attachment.refusal;
  return accept(ctx, parsed.data, attachment.media ?? null);
}

/** Undefined when the page access token (query, body or Bearer header) is the page's. */
export function authorize(
  ctx: MetaContext,
  request: EmulatorRequest,
  params: Record<string, unknown>,
) {
  const bearer = /^(?:Bearer|OAuth) (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
  const token = typeof params.access_token === "string" ? params.access_token : bearer;
  if (!token) return graphErrors.tokenRequired();
  return token === ctx.config.pageAccessToken ? undefined : graphErrors.invalidToken();
}

function validate(ctx: MetaContext, input: SendInput): EmulatorResponse | undefined {
  if (!input.recipient) return graphErrors.param("The parameter recipient is required");
  if (!input.message && !input.sender_action) {
    return graphErrors.param("Must send either message or sender_action"); // [unverified] wording
  }
  const actionRefusal = senderActionRefusal(input);
  if (actionRefusal) return actionRefusal;
  const type = input.messaging_type ?? "RESPONSE"; // [unverified] Graph still accepts a missing type
  if (!(MESSAGING_TYPES as readonly string[]).includes(type)) {
    return graphErrors.param(
      `Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG} - got "${type}"`,
    );
  }
  if (type === "MESSAGE_TAG" && !input.tag)
    return graphErrors.param("Tag is required for MESSAGE_TAG messaging type");
  if (input.tag && !TAGS.includes(input.tag))
    return graphErrors.param(`Param tag must be one of {${TAGS.join(", ")}}`);
  const text = input.message?.text;
  if (typeof text === "string" && text.length > 2000) {
    return graphErrors.param("Length of param message[text] must be less than or equal to 2000"); // [unverified]
  }
  const psid = input.recipient.id;
  if (!ctx.page.knows(psid)) return graphErrors.noMatchingUser();
  return windowRefusal(ctx, psid, type, input.tag);
}

/** A sender action goes alone: one of the known actions, never with a message. */
function senderActionRefusal(input: SendInput): EmulatorResponse | undefined {
  const action = input.sender_action;
  if (action === undefined) return undefined;
  // [unverified] wordings; the code (100) and status (400) are Graph's for a bad parameter.
  if (input.message) return graphErrors.param("Cannot send both message and sender_action");
  if (!SENDER_ACTIONS.includes(action)) {
    return graphErrors.param(
      `Param sender_action must be one of {${SENDER_ACTIONS.join(", ")}} - got "${action}"`,
    );
  }
  return undefined;
}

function windowRefusal(ctx: MetaContext, psid: string, type: string, tag: string | undefined) {
  const humanAgent = type === "MESSAGE_TAG" && tag === "HUMAN_AGENT";
  if (humanAgent && !ctx.config.humanAgentApproved) return graphErrors.humanAgentNotApproved();
  // The other tags are for specific updates and may go outside the window.
  if (type === "MESSAGE_TAG" && !humanAgent) return undefined;
  return ctx.page.allows(psid, humanAgent) ? undefined : graphErrors.outsideWindow();
}

function accept(ctx: MetaContext, input: SendInput, media: SentMedia | null): EmulatorResponse {
  const recipientId = input.recipient?.id ?? "";
  const sent: MetaSentMessage = {
    messageId: input.message ? messageId() : null,
    recipientId,
    messagingType: input.messaging_type ?? "RESPONSE",
    tag: input.tag ?? null,
    message: input.message ?? null,
    senderAction: input.sender_action ?? null,
    media,
    at: ctx.kit.clock.now(),
  };
  ctx.page.sent.push(sent);
  if (!sent.messageId) return jsonResponse(200, { recipient_id: recipientId });
  scheduleSendEvents(ctx, sent);
  return jsonResponse(200, { recipient_id: recipientId, message_id: sent.messageId });
}
