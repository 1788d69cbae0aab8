import { describe, expect, it } from "vitest";
import { InMemoryCustomerProfiles } from "./customer-profiles.ts";
import { autoAdvancingClock } from "./flow-clock.ts";
import { InMemoryFlowHost } from "./in-memory-host.ts";
import { runFlow } from "./run-flow.ts";
import { ScriptedCaller } from "./scripted-caller.ts";
import { hangUp, say } from "./test-support/flow-steps.ts";
import { loadFlow } from "./validate-flow.ts";

const lookUp = loadFlow({
  Version: "2019-10-30",
  StartAction: "find",
  Actions: [
    {
      Identifier: "find",
      Type: "GetCustomerProfile",
      Parameters: {
        ProfileRequestData: { PhoneNumber: "$.CustomerEndpoint.Address" },
        ProfileResponseData: ["FirstName", "AccountNumber"],
      },
      Transitions: {
        NextAction: "greet",
        Errors: [
          { ErrorType: "NoneFoundError", NextAction: "none" },
          { ErrorType: "MultipleFoundError", NextAction: "many" },
          { ErrorType: "NoMatchingError", NextAction: "error" },
        ],
      },
    },
    say("greet", "Hello $.Customer.FirstName, account $.Customer.AccountNumber"),
    say("none", "No profile"),
    say("many", "Several profiles"),
    say("error", "Profiles are down"),
    hangUp,
  ],
});

async function call(flow: ReturnType<typeof loadFlow>, profiles?: InMemoryCustomerProfiles) {
  const clock = autoAdvancingClock();
  const caller = new ScriptedCaller(clock);
  const host = new InMemoryFlowHost({
    clock,
    participant: caller,
    customerAddress: "+447700900123",
    attributes: { claim: "roof" },
    ...(profiles ? { profiles } : {}),
  });
  const result = await runFlow({ flow, host });
  return { heard: caller.heard.map((h) => h.content), host, result };
}

describe("Customer Profiles and tasks", () => {
  it("finds the caller's profile by phone number and exposes the fields asked for", async () => {
    const profiles = new InMemoryCustomerProfiles([
      { FirstName: "Sam", PhoneNumber: "+447700900123", AccountNumber: "4821", Secret: "x" },
    ]);
    expect((await call(lookUp, profiles)).heard).toEqual(["Hello Sam, account 4821"]);
  });

  it("takes NoneFoundError, MultipleFoundError, and the error branch without a domain", async () => {
    expect((await call(lookUp, new InMemoryCustomerProfiles())).heard).toEqual(["No profile"]);
    const twice = new InMemoryCustomerProfiles([
      { PhoneNumber: "+447700900123" },
      { PhoneNumber: "+447700900123" },
    ]);
    expect((await call(lookUp, twice)).heard).toEqual(["Several profiles"]);
    expect((await call(lookUp)).heard).toEqual(["Profiles are down"]);
  });

  it("creates a profile the flow then reads, and a task with its attributes resolved", async () => {
    const flow = loadFlow({
      Version: "2019-10-30",
      StartAction: "create",
      Actions: [
        {
          Identifier: "create",
          Type: "CreateCustomerProfile",
          Parameters: {
            ProfileRequestData: { FirstName: "Sam", PhoneNumber: "$.CustomerEndpoint.Address" },
            ProfileResponseData: ["FirstName"],
          },
          Transitions: {
            NextAction: "task",
            Errors: [{ ErrorType: "NoMatchingError", NextAction: "hang-up" }],
          },
        },
        {
          Identifier: "task",
          Type: "CreateTask",
          Parameters: {
            Name: "Claim for $.Customer.FirstName",
            ContactFlowId: "task-flow",
            Attributes: { damage: "$.Attributes.claim" },
          },
          Transitions: {
            NextAction: "done",
            Errors: [{ ErrorType: "NoMatchingError", NextAction: "hang-up" }],
          },
        },
        say("done", "$.Customer.ProfileId"),
        hangUp,
      ],
    });
    const profiles = new InMemoryCustomerProfiles();
    const { heard, host } = await call(flow, profiles);
    expect(heard).toEqual(["profile-1"]);
    expect(profiles.search("PhoneNumber", "+447700900123")).toHaveLength(1);
    expect(host.tasks).toEqual([
      { name: "Claim for Sam", contactFlowId: "task-flow", attributes: { damage: "roof" } },
    ]);
  });
});

describe("Cases", () => {
  const caseFlow = (link: "true" | "false", lastUpdated: "true" | "false") =>
    loadFlow({
      Version: "2019-10-30",
      StartAction: "find",
      Actions: [
        {
          Identifier: "find",
          Type: "GetCase",
          Parameters: {
            LinkContactToCase: link,
            GetLastUpdatedCase: lastUpdated,
            CaseRequestFields: { title: "$.Attributes.claim" },
            CaseResponseFields: ["status", "title"],
          },
          Transitions: {
            NextAction: "found",
            Errors: [
              { ErrorType: "NoneFound", NextAction: "create" },
              { ErrorType: "MultipleFound", NextAction: "many" },
              { ErrorType: "NoMatchingError", NextAction: "error" },
            ],
          },
        },
        {
          Identifier: "create",
          Type: "CreateCase",
          Parameters: {
            LinkContactToCase: "false",
            CaseTemplateId: "template-1",
            CaseRequestFields: { title: "Claim: $.Attributes.claim", status: "open" },
          },
          Transitions: {
            NextAction: "created",
            Errors: [{ ErrorType: "NoMatchingError", NextAction: "error" }],
          },
        },
        say("found", "$.Case.case_id is $.Case.status"),
        say("created", "Opened $.Case.case_id"),
        say("many", "Several cases"),
        say("error", "Cases are down"),
        hangUp,
      ],
    });

  it("finds the last updated case matching the text, or opens one when none matches", async () => {
    const { InMemoryCases } = await import("./cases.ts");
    const cases = new InMemoryCases([
      { title: "Claim: roof damage", status: "closed" },
      { title: "Claim: roof leak", status: "open" },
    ]);
    const clock = autoAdvancingClock();
    const run = async (flow: ReturnType<typeof loadFlow>, claim: string) => {
      const caller = new ScriptedCaller(clock);
      const host = new InMemoryFlowHost({
        clock,
        participant: caller,
        attributes: { claim },
        cases,
      });
      await runFlow({ flow, host });
      return caller.heard.map((h) => h.content);
    };
    expect(await run(caseFlow("false", "true"), "roof")).toEqual(["case-2 is open"]);
    expect(await run(caseFlow("false", "false"), "roof")).toEqual(["Several cases"]);
    expect(await run(caseFlow("true", "true"), "window")).toEqual(["Opened case-3"]);
    expect(cases.search({ title: "window" })).toMatchObject([{ fields: { status: "open" } }]);
  });
});
