import { describe, expect, it } from "vitest";
import { autoAdvancingClock } from "./flow-clock.ts";
import { InMemoryFlowHost } from "./in-memory-host.ts";
import { runFlow } from "./run-flow.ts";
import { type CallerStep, ScriptedCaller } from "./scripted-caller.ts";
import { ScriptedLexBot } from "./scripted-lex-bot.ts";
import { hangUp, say } from "./test-support/flow-steps.ts";
import { loadFlow } from "./validate-flow.ts";

const BOT = "arn:aws:lex:eu-west-2:111122223333:bot-alias/DEPT/LIVE";

const menu = loadFlow({
  Version: "2019-10-30",
  StartAction: "ask",
  Actions: [
    {
      Identifier: "ask",
      Type: "ConnectParticipantWithLexBot",
      Parameters: {
        Text: "Sales or finance?",
        LexV2Bot: { AliasArn: "$.Attributes.bot" },
        LexSessionAttributes: { ContactId: "$.ContactId" },
      },
      Transitions: {
        NextAction: "error",
        Conditions: [
          { NextAction: "sales", Condition: { Operator: "Equals", Operands: ["Sales"] } },
          { NextAction: "finance", Condition: { Operator: "Equals", Operands: ["Finance"] } },
        ],
        Errors: [
          { ErrorType: "NoMatchingCondition", NextAction: "not-understood" },
          { ErrorType: "InputTimeLimitExceeded", NextAction: "silent" },
          { ErrorType: "NoMatchingError", NextAction: "error" },
        ],
      },
    },
    say("sales", "Sales, $.Lex.IntentName at $.Lex.IntentConfidence.Score"),
    say("finance", "Finance for account $.Lex.Slots.account"),
    say("not-understood", "Sorry, $.Lex.IntentName"),
    say("silent", "Are you there?"),
    say("error", "The bot is away"),
    hangUp,
  ],
});

const bot = new ScriptedLexBot([
  { name: "Sales", utterances: ["sales", "buy", "1"] },
  {
    name: "Finance",
    utterances: ["finance", "bill"],
    slots: (words) => ({ account: /\d{4}/.exec(words)?.[0] ?? "" }),
  },
]);

async function call(steps: CallerStep[], botArn = BOT) {
  const clock = autoAdvancingClock();
  const caller = new ScriptedCaller(clock, { steps });
  const host = new InMemoryFlowHost({
    clock,
    participant: caller,
    contactId: "contact-1",
    attributes: { bot: botArn },
    lexBots: { [BOT]: bot },
  });
  await runFlow({ flow: menu, host });
  return { heard: caller.heard.map((h) => h.content).slice(1), requests: host.lexRequests };
}

describe("a Lex bot in the flow", () => {
  it("branches on the intent the bot recognises in the caller's words, and fills $.Lex", async () => {
    const finance = await call([{ say: "it is about my bill, account 4821" }]);
    expect(finance.heard).toEqual(["Finance for account 4821"]);
    expect(finance.requests).toEqual([
      {
        bot: { aliasArn: BOT },
        utterance: "it is about my bill, account 4821",
        sessionAttributes: { ContactId: "contact-1" },
      },
    ]);
    expect((await call([{ press: "1" }])).heard).toEqual(["Sales, Sales at 1"]);
  });

  it("takes NoMatchingCondition for the fallback, the timeout for silence, the error for no bot", async () => {
    expect((await call([{ say: "the weather" }])).heard).toEqual(["Sorry, FallbackIntent"]);
    expect((await call([{ silence: true }])).heard).toEqual(["Are you there?"]);
    expect((await call([{ say: "sales" }], "arn:aws:lex:eu-west-2:1:bot-alias/X/Y")).heard).toEqual(
      ["The bot is away"],
    );
  });
});
