import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, InvalidInputError } from "../../core/errors.ts";
import type { ChatItem } from "../../core/relay/chat-item.ts";
import { type HttpSubscriber, startHttpSubscriber } from "../../relay/http-subscriber.ts";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../events/sns/${name}`, import.meta.url), "utf8"));

let subscriber: HttpSubscriber;
let snsStandIn: Server;
let snsUrl: string;
const confirmations: string[] = [];
const relayed: ChatItem[] = [];
let relayError: Error | undefined;

beforeAll(async () => {
  // Stands in for SNS's ConfirmSubscription endpoint, on loopback as in a local run.
  snsStandIn = createServer((request, response) => {
    confirmations.push(request.url ?? "");
    response.end("<ConfirmSubscriptionResponse/>");
  });
  await new Promise<void>((resolve) => snsStandIn.listen(0, "127.0.0.1", resolve));
  snsUrl = `http://127.0.0.1:${(snsStandIn.address() as AddressInfo).port}`;
  subscriber = await startHttpSubscriber({
    relay: async (item) => {
      if (relayError) throw relayError;
      relayed.push(item);
      return { action: "duplicate" };
    },
    logger: { warn: () => {}, error: () => {} },
    confirmSubscriptions: "loopback",
  });
});
afterAll(async () => {
  await subscriber?.close();
  await new Promise((resolve) => snsStandIn?.close(resolve));
});

const post = async (body: unknown) => {
  const response = await fetch(subscriber.url, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
};

/** The HTTP form of a recorded notification: the Lambda record's Sns object, as SNS POSTs it. */
function notification() {
  const { Sns } = fixture("lambda-customer-message.json").Records[0];
  return { ...Sns, SigningCertURL: Sns.SigningCertUrl, UnsubscribeURL: Sns.UnsubscribeUrl };
}

describe("the relay's SNS HTTP subscriber", () => {
  it("confirms a subscription whose SubscribeURL is on loopback", async () => {
    const confirmation = fixture("http-subscription-confirmation.json");
    const SubscribeURL = `${snsUrl}/?Action=ConfirmSubscription&Token=abc`;
    expect(await post({ ...confirmation, SubscribeURL })).toBe(200);
    expect(confirmations).toEqual(["/?Action=ConfirmSubscription&Token=abc"]);
    expect(subscriber.subscriptions.at(-1)).toEqual({
      topicArn: confirmation.TopicArn,
      subscribeUrl: SubscribeURL,
      confirmed: true,
    });
  });

  it("only records a subscription to confirm on a remote host", async () => {
    const confirmation = fixture("http-subscription-confirmation.json");
    expect(await post(confirmation)).toBe(200);
    expect(subscriber.subscriptions.at(-1)).toMatchObject({
      subscribeUrl: confirmation.SubscribeURL,
      confirmed: false,
    });
    expect(confirmations).toHaveLength(1);
  });

  it("hands a notification's chat item to the relay with its attributes", async () => {
    expect(await post(notification())).toBe(200);
    expect(relayed.at(-1)).toMatchObject({
      id: "9a1d4c77-2b5e-4f80-9c3d-7e2f1a0b4c22",
      participantRole: "CUSTOMER",
      visibility: "ALL",
      content: "Thanks, where is it?",
    });
  });

  it("answers 503 when a redelivery can succeed, 200 when it never can", async () => {
    relayError = new ConflictError("item held by another worker");
    expect(await post(notification())).toBe(503);
    relayError = new InvalidInputError("not a chat item");
    expect(await post(notification())).toBe(200);
    relayError = undefined;
  });

  it("refuses what is not an SNS envelope", async () => {
    expect(await post("not json")).toBe(400);
    expect(await post({ Type: "Notification", Message: "{}" })).toBe(400);
    const response = await fetch(subscriber.url);
    expect(response.status).toBe(405);
  });
});
