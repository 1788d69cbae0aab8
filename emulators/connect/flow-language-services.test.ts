import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../shared-http/clock.ts";
import { type ConnectEmulator, startConnectEmulator } from "./connect-emulator.ts";
import { hangUp, say } from "./flow/test-support/flow-steps.ts";
import type { ServicesSeed } from "./model/services-seed.ts";

const CALLER = "+447700900123";
const SMS_NUMBER = "arn:aws:connect:eu-west-2:111122223333:instance/demo/phone-number/sms";
const fail = (NextAction: string) => [{ ErrorType: "NoMatchingError", NextAction }];

/**
 * A voice call that reads the caller's profile, its calculated attributes and latest order,
 * texts the caller, and splits by percentage: each block says which way it went.
 */
const deflectionFlow = {
  Version: "2019-10-30",
  StartAction: "profile",
  Metadata: { type: "contactFlow" },
  Actions: [
    {
      Identifier: "profile",
      Type: "GetCustomerProfile",
      Parameters: {
        ProfileRequestData: { IdentifierName: "PhoneNumber", IdentifierValue: CALLER },
        ProfileResponseData: ["FirstName"],
      },
      Transitions: { NextAction: "calculated", Errors: fail("no-profile") },
    },
    say("no-profile", "No profile", "text"),
    {
      Identifier: "calculated",
      Type: "GetCalculatedAttributesForCustomerProfile",
      Parameters: {
        ProfileRequestData: { ProfileId: "$.Customer.ProfileId" },
        ProfileResponseData: ["CalculatedAttributes._frequent_caller"],
      },
      Transitions: {
        NextAction: "order",
        Errors: [
          { ErrorType: "NoneFoundError", NextAction: "order" },
          { ErrorType: "NoMatchingError", NextAction: "order" },
        ],
      },
    },
    {
      Identifier: "order",
      Type: "GetCustomerProfileObject",
      Parameters: {
        ProfileRequestData: {
          ProfileId: "$.Customer.ProfileId",
          ObjectType: "Order",
          UseLatest: "true",
        },
        ProfileResponseData: ["Order.Status"],
      },
      Transitions: {
        NextAction: "greet",
        Errors: [
          { ErrorType: "NoneFoundError", NextAction: "greet" },
          { ErrorType: "NoMatchingError", NextAction: "greet" },
        ],
      },
    },
    say(
      "greet",
      "Hi $.Customer.FirstName, frequent $.Customer.CalculatedAttributes._frequent_caller, order $.Customer.Order.Status",
      "text",
    ),
    {
      Identifier: "text",
      Type: "StartOutboundChatContact",
      Parameters: {
        SourceEndpoint: { Address: SMS_NUMBER, Type: "CONNECT_PHONENUMBER_ARN" },
        DestinationEndpoint: { Address: "$.CustomerEndpoint.Address", Type: "TELEPHONE_NUMBER" },
        ContactFlowArn: "arn:aws:connect:eu-west-2:111122223333:instance/demo/contact-flow/sms",
        ContactSubtype: "connect:SMS",
        InitialSystemMessage: { Content: "Carry on here, $.Customer.FirstName" },
        RelatedContact: "CURRENT",
      },
      Transitions: { NextAction: "texted", Errors: fail("not-texted") },
    },
    say("texted", "Texted", "split"),
    say("not-texted", "Not texted", "split"),
    {
      Identifier: "split",
      Type: "DistributeByPercentage",
      Parameters: {},
      Transitions: {
        Conditions: [
          { NextAction: "half", Condition: { Operator: "NumberLessThan", Operands: ["51"] } },
        ],
        Errors: [{ ErrorType: "NoMatchingCondition", NextAction: "other-half" }],
      },
    },
    say("half", "First half"),
    say("other-half", "Second half"),
    hangUp,
  ],
};

const SERVICES: ServicesSeed = {
  customerProfiles: [
    {
      fields: { PhoneNumber: CALLER, FirstName: "Ada" },
      objects: [{ objectType: "Order", fields: { Status: "Shipped" } }],
      calculatedAttributes: { _frequent_caller: "true" },
    },
  ],
  smsNumbers: [SMS_NUMBER],
};

const clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 0, 0));
let emulator: ConnectEmulator;

beforeAll(async () => {
  emulator = await startConnectEmulator({
    quotas: "off",
    clock,
    instance: { flows: [{ name: "deflection", content: deflectionFlow }] },
  });
});
afterAll(() => emulator.close());

async function call(): Promise<{ heard: string[]; contactId: string }> {
  const contact = emulator.control.placeVoiceCall({
    flow: "deflection",
    customerNumber: CALLER,
    caller: { promptSeconds: 1, steps: [] },
  });
  await clock.advanceAsync(60_000);
  const heard = emulator.control.flowTrace(contact.id).heard.map((prompt) => prompt.content);
  return { heard, contactId: contact.id };
}

describe("Customer Profiles objects, outbound SMS and percentages on the Connect emulator", () => {
  it("takes the error branches on an instance without a profiles domain or an SMS number", async () => {
    emulator.control.setServices({});
    const { heard } = await call();
    expect(heard.slice(0, 2)).toEqual(["No profile", "Not texted"]);
    expect(["First half", "Second half"]).toContain(heard[2]);
  });

  it("reads the profile's calculated attributes and latest order, and texts the caller", async () => {
    emulator.control.setServices(SERVICES);
    const { heard, contactId } = await call();
    expect(heard.slice(0, 2)).toEqual(["Hi Ada, frequent true, order Shipped", "Texted"]);
    expect(["First half", "Second half"]).toContain(heard[2]);
    expect(emulator.control.runtime().services.outboundChats).toEqual([
      expect.objectContaining({
        sourcePhoneNumberArn: SMS_NUMBER,
        destinationPhoneNumber: CALLER,
        initialMessage: "Carry on here, Ada",
        relatedContactId: contactId,
      }),
    ]);
  });
});
