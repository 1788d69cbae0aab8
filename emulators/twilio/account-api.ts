/**
 * The Account resource, read-only: GET /2010-04-01/Accounts/{AccountSid}.json, what
 * `client.api.v2010.accounts(sid).fetch()` calls to see whether credentials are accepted.
 * Fields as twilio 6.2.0's AccountInstance reads them; the auth token is left out.
 */
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonResponse,
} from "../shared-http/http-types.ts";
import { authorize } from "./outbound-api.ts";
import type { TwilioContext } from "./twilio-context.ts";

export function fetchAccount(ctx: TwilioContext, request: EmulatorRequest): EmulatorResponse {
  const denied = authorize(ctx, request);
  if (denied) return denied;
  const sid = ctx.config.accountSid;
  const uri = `/2010-04-01/Accounts/${sid}`;
  // Twilio writes dates as RFC 2822 strings.
  const created = new Date(0).toUTCString().replace("GMT", "+0000");
  return jsonResponse(200, {
    sid,
    owner_account_sid: sid,
    friendly_name: "Connect Deflect emulator",
    status: ctx.config.accountStatus,
    type: "Full",
    date_created: created,
    date_updated: created,
    uri: `${uri}.json`,
    subresource_uris: { messages: `${uri}/Messages.json` },
  });
}
