import {
  type ConnectParticipantClient,
  SendMessageCommand,
} from "@aws-sdk/client-connectparticipant";
import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { verifyTwilioRequest } from "../../adapters/twilio/inbound.ts";

/** The parts of an API Gateway HTTP API event the simple design reads. */
export interface SimpleDesignEvent {
  readonly rawQueryString: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly requestContext: { readonly http: { readonly method: string } };
  readonly body: string;
}

export interface SimpleDesignResult {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Where the simple design finds a customer's live chat: `pk` SIMPLE#<from>, `sk` CHAT. */
export const simpleChatKey = (from: string) => ({ pk: `SIMPLE#${from}`, sk: "CHAT" });

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * The simple design's inbound handler, as AWS's message-streaming sample writes it: check the
 * Twilio signature, read the form, ONE Query for the customer's live chat (its
 * connectionToken), ONE SendMessage into it as the customer, answer empty TwiML. It leaves out
 * everything ours adds on purpose: no deduplication of platform retries (a redelivered webhook
 * is sent again), no ordering (two webhooks of one customer in flight race each other), no
 * record of the message before the 200 (a failed SendMessage loses it, or the platform retries
 * it into a duplicate), no pacing to Connect's quotas, no chat opened for a first message (only
 * the live-chat case is modelled), no media, no redaction. The signature check is the
 * project's own (the `twilio` package's validateRequest), so both designs pay the same for it.
 */
export function simpleDesignHandler(options: {
  documentClient: DynamoDBDocumentClient;
  participant: ConnectParticipantClient;
  tableName: string;
  authToken: string;
  /** The webhook's public URL, as Twilio signed it. */
  publicUrl: string;
}): (event: SimpleDesignEvent) => Promise<SimpleDesignResult> {
  const { documentClient, participant, tableName } = options;
  return async (event) => {
    const query = event.rawQueryString ? `?${event.rawQueryString}` : "";
    try {
      verifyTwilioRequest(options.authToken, {
        method: event.requestContext.http.method,
        publicUrl: `${options.publicUrl}${query}`,
        headers: event.headers,
        query: Object.fromEntries(new URLSearchParams(event.rawQueryString)),
        rawBody: event.body,
      });
    } catch {
      return { statusCode: 403, body: "" };
    }
    const form = new URLSearchParams(event.body);
    const from = form.get("From");
    if (!from) return { statusCode: 400, body: "" };
    const found = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": simpleChatKey(from).pk },
        Limit: 1,
      }),
    );
    const connectionToken = found.Items?.[0]?.connectionToken as string | undefined;
    if (!connectionToken) return { statusCode: 404, body: "" };
    await participant.send(
      new SendMessageCommand({
        ConnectionToken: connectionToken,
        ContentType: "text/plain",
        Content: form.get("Body") ?? "",
      }),
    );
    return { statusCode: 200, headers: { "content-type": "text/xml" }, body: EMPTY_TWIML };
  };
}
