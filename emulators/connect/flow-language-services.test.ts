import { describe, expect, it } from "vitest";
import { fail, hangUp, notFoundOrFail, say } from "./flow/test-support/flow-steps.ts";
import type { ServicesSeed } from "./model/services-seed.ts";
import { useFlowEmulator } from "./test-support/flow-emulator.ts";

const CALLER = "+447700900123";
const SMS_NUMBER = "arn:aws:connect:eu-west-2:111122223333:instance/demo/phone-number/sms";

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
      Transitions: { NextAction: "order", Errors: notFoundOrFail("order") },
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
      Transitions: { NextAction: "greet", Errors: notFoundOrFail("greet") },
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

const { emulator, call: callInto } = useFlowEmulator({
  name: "deflection",
  content: deflectionFlow,
});
const call = () => callInto({ customerNumber: CALLER, waitMs: 60_000 });

describe("Customer Profiles objects, outbound SMS and percentages on the Connect emulator", () => {
  it("takes the error branches on an instance without a profiles domain or an SMS number", async () => {
    emulator().control.setServices({});
    const { heard } = await call();
    expect(heard.slice(0, 2)).toEqual(["No profile", "Not texted"]);
    expect(["First half", "Second half"]).toContain(heard[2]);
  });

  it("reads the profile's calculated attributes and latest order, and texts the caller", async () => {
    emulator().control.setServices(SERVICES);
    const { heard, contactId } = await call();
    expect(heard.slice(0, 2)).toEqual(["Hi Ada, frequent true, order Shipped", "Texted"]);
    expect(["First half", "Second half"]).toContain(heard[2]);
    expect(emulator().control.runtime().services.outboundChats).toEqual([
      expect.objectContaining({
        sourcePhoneNumberArn: SMS_NUMBER,
        destinationPhoneNumber: CALLER,
        initialMessage: "Carry on here, Ada",
        relatedContactId: contactId,
      }),
    ]);
  });
});
