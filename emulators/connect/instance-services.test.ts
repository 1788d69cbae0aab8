import { describe, expect, it } from "vitest";
import { fail, hangUp, notFoundOrFail, say } from "./flow/test-support/flow-steps.ts";
import type { ServicesSeed } from "./model/services-seed.ts";
import { useFlowEmulator } from "./test-support/flow-emulator.ts";

const BOT = "arn:aws:lex:eu-west-2:111122223333:bot-alias/BOT1/ALIAS1";
const CALLER = "+447700900123";

/** A module that says hello and returns. */
const greetingModule = {
  Version: "2019-10-30",
  StartAction: "hello",
  Actions: [
    {
      Identifier: "hello",
      Type: "MessageParticipant",
      Parameters: { Text: "Hello from the module" },
      Transitions: { NextAction: "return", Errors: fail("return") },
    },
    { Identifier: "return", Type: "EndFlowModuleExecution", Transitions: {} },
  ],
};

/**
 * Module, profile, Lex bot, then a third party: each block says which way it went, so what
 * the caller heard is the path through the instance's services.
 */
const servicesFlow = {
  Version: "2019-10-30",
  StartAction: "module",
  Actions: [
    {
      Identifier: "module",
      Type: "InvokeFlowModule",
      Parameters: { FlowModuleId: "greeting" },
      Transitions: { NextAction: "profile", Errors: fail("no-module") },
    },
    say("no-module", "No module", "profile"),
    {
      Identifier: "profile",
      Type: "GetCustomerProfile",
      Parameters: {
        ProfileRequestData: { PhoneNumber: "$.CustomerEndpoint.Address" },
        ProfileResponseData: ["FirstName"],
      },
      Transitions: { NextAction: "greet", Errors: notFoundOrFail("no-profile") },
    },
    say("greet", "Hi $.Customer.FirstName", "ask"),
    say("no-profile", "No profile", "ask"),
    {
      Identifier: "ask",
      Type: "ConnectParticipantWithLexBot",
      Parameters: { Text: "How can I help?", LexV2Bot: { AliasArn: BOT } },
      Transitions: {
        NextAction: "no-bot",
        Conditions: [
          { NextAction: "balance", Condition: { Operator: "Equals", Operands: ["CheckBalance"] } },
        ],
        Errors: [
          { ErrorType: "NoMatchingCondition", NextAction: "no-bot" },
          { ErrorType: "NoMatchingError", NextAction: "no-bot" },
        ],
      },
    },
    say("balance", "Balance for $.Lex.Slots.account", "transfer"),
    say("no-bot", "No bot", "transfer"),
    {
      Identifier: "transfer",
      Type: "TransferParticipantToThirdParty",
      Parameters: {
        ThirdPartyPhoneNumber: "+442079460001",
        ThirdPartyConnectionTimeLimitSeconds: "30",
        ContinueFlowExecution: "True",
      },
      Transitions: { NextAction: "transferred", Errors: fail("no-transfer") },
    },
    say("transferred", "Transferred"),
    say("no-transfer", "No transfer"),
    hangUp,
  ],
};

const SERVICES: ServicesSeed = {
  flowModules: [{ name: "greeting", content: greetingModule }],
  customerProfiles: [{ PhoneNumber: CALLER, FirstName: "Ada" }],
  lexBots: [
    {
      aliasArn: BOT,
      intents: [{ name: "CheckBalance", utterances: ["balance"], slots: { account: "4821" } }],
    },
  ],
  thirdParties: { "+442079460001": "answers" },
};

const { emulator, call } = useFlowEmulator({ name: "services", content: servicesFlow });

async function heard(): Promise<string[]> {
  const options = { customerNumber: CALLER, says: ["my balance please"], waitMs: 120_000 };
  return (await call(options)).heard;
}

const put = (body: unknown) =>
  fetch(`${emulator().url}/__emulator/services`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("the instance's services on the Connect emulator", () => {
  it("takes each block's error branch on an instance that has none", async () => {
    expect(await put({})).toHaveProperty("status", 200);
    expect(await heard()).toEqual([
      "No module",
      "No profile",
      "How can I help?",
      "No bot",
      "No transfer",
    ]);
  });

  it("runs a module, finds the profile, hears the Lex intent and reaches the third party, once a scenario registers them over HTTP", async () => {
    expect(await put(SERVICES)).toHaveProperty("status", 200);
    expect(await heard()).toEqual([
      "Hello from the module",
      "Hi Ada",
      "How can I help?",
      "Balance for 4821",
      "Transferred",
    ]);
    const requests = await (await fetch(`${emulator().url}/__emulator/services/requests`)).json();
    expect(requests).toMatchObject({
      lexRequests: [{ utterance: "my balance please" }],
      dialled: [{ phoneNumber: "+442079460001" }],
    });
  });

  it("refuses a flow module that is not a valid flow, naming the problem", async () => {
    const answer = await put({ flowModules: [{ name: "broken", content: { Actions: [] } }] });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toMatch(/a flow module/);
  });
});
