import { describe, expect, it } from "vitest";
import { InMemoryCases } from "./cases.ts";
import { InMemoryCustomerProfiles } from "./customer-profiles.ts";
import type { InMemoryFlowHostOptions } from "./in-memory-host.ts";
import { hangUp, say } from "./test-support/flow-steps.ts";
import { FAILED, problemsOf, runInMemory } from "./test-support/flow-under-test.ts";

const CALLER = "+447700900123";

/** Finds the caller's profile, then runs `step` ("step"), then says `text` ("done"). */
function afterLookUp(step: object, text: string, errors: object[] = []) {
  return {
    Version: "2019-10-30",
    StartAction: "find",
    Actions: [
      {
        Identifier: "find",
        Type: "GetCustomerProfile",
        Parameters: { ProfileRequestData: { PhoneNumber: "$.CustomerEndpoint.Address" } },
        Transitions: { NextAction: "step", Errors: FAILED },
      },
      {
        Identifier: "step",
        Transitions: {
          NextAction: "done",
          Errors: [...errors, ...FAILED],
        },
        ...step,
      },
      say("done", text),
      say("none", "none found"),
      say("failed", "failed"),
      hangUp,
    ],
  };
}

function profiles() {
  return new InMemoryCustomerProfiles([
    {
      fields: { FirstName: "Sam", PhoneNumber: CALLER, "Attributes.Tier": "silver" },
      objects: [
        { objectType: "Order", fields: { OrderId: "o-1", Status: "Delivered" } },
        { objectType: "Order", fields: { OrderId: "o-2", Status: "Shipped" } },
      ],
      calculatedAttributes: { _average_hold_time: "95", _frequent_caller: "true" },
    },
    { PhoneNumber: "+447700900999" },
  ]);
}

/** A call from CALLER, unless `options` say otherwise. */
const run = (flow: object, options: Partial<InMemoryFlowHostOptions> = {}) =>
  runInMemory(flow, { customerAddress: CALLER, contactId: "contact-1", ...options });

describe("UpdateCustomerProfile", () => {
  const update = (ProfileRequestData: object) =>
    afterLookUp(
      {
        Type: "UpdateCustomerProfile",
        Parameters: { ProfileRequestData, ProfileResponseData: ["FirstName", "Attributes.Tier"] },
      },
      "$.Customer.FirstName is $.Customer.Attributes.Tier",
    );

  it("updates the profile the flow found and reads the fields back", async () => {
    const domain = profiles();
    const flow = update({ FirstName: "Samira", "Attributes.Tier": "$.Attributes.tier" });
    const { heard } = await run(flow, { profiles: domain, attributes: { tier: "gold" } });
    expect(heard).toEqual(["Samira is gold"]);
    expect(domain.get("profile-1")?.fields).toMatchObject({
      FirstName: "Samira",
      "Attributes.Tier": "gold",
    });
  });

  it("updates the profile a ProfileId names, as the block page writes it", async () => {
    const domain = profiles();
    const flow = update({ ProfileId: "profile-2", FirstName: "Alex" });
    expect((await run(flow, { profiles: domain })).heard).toEqual(["Alex is "]);
    expect(domain.get("profile-2")?.fields.FirstName).toBe("Alex");
    expect(domain.get("profile-1")?.fields.FirstName).toBe("Sam");
  });

  it("takes the error branch for a profile that does not exist", async () => {
    const flow = update({ ProfileId: "profile-9", FirstName: "Alex" });
    expect((await run(flow, { profiles: profiles() })).heard).toEqual(["failed"]);
  });

  it("takes only Customer Profiles fields, as strings", () => {
    expect(problemsOf(update({ Nickname: "Sammy", FirstName: 3 }))).toEqual([
      'action "step" (UpdateCustomerProfile): Parameters.ProfileRequestData.Nickname is not a Customer Profiles field',
      'action "step" (UpdateCustomerProfile): Parameters.ProfileRequestData.FirstName must be a string, got 3',
    ]);
  });
});

describe("GetCustomerProfileObject", () => {
  const orders = (request: object) =>
    afterLookUp(
      {
        Type: "GetCustomerProfileObject",
        Parameters: {
          ProfileRequestData: {
            ProfileId: "$.Customer.ProfileId",
            ObjectType: "Order",
            ...request,
          },
          ProfileResponseData: ["Order.OrderId", "Order.Status"],
        },
      },
      "$.Customer.Order.OrderId $.Customer.Order.Status",
      [{ ErrorType: "NoneFoundError", NextAction: "none" }],
    );

  it("reads the latest object of a type, or the one an identifier names", async () => {
    const latest = await run(orders({ UseLatest: "true" }), { profiles: profiles() });
    expect(latest.heard).toEqual(["o-2 Shipped"]);
    const named = orders({ IdentifierName: "OrderId", IdentifierValue: "o-1" });
    expect((await run(named, { profiles: profiles() })).heard).toEqual(["o-1 Delivered"]);
  });

  it("takes NoneFoundError when the profile has no such object", async () => {
    const named = orders({ IdentifierName: "OrderId", IdentifierValue: "o-9" });
    expect((await run(named, { profiles: profiles() })).heard).toEqual(["none found"]);
  });

  it("wants UseLatest or an identifier, and a profile and object type", () => {
    const both = orders({ UseLatest: "true", IdentifierName: "OrderId", IdentifierValue: "o-1" });
    expect(problemsOf(both)).toEqual([
      'action "step" (GetCustomerProfileObject): Parameters.ProfileRequestData must have UseLatest "true" or IdentifierName and IdentifierValue, not both',
    ]);
    const untyped = orders({ UseLatest: "true", ObjectType: "" });
    expect(problemsOf(untyped)).toEqual([
      'action "step" (GetCustomerProfileObject): Parameters.ProfileRequestData.ObjectType must be a non-empty string, got ""',
    ]);
  });
});

describe("GetCalculatedAttributesForCustomerProfile", () => {
  const calculated = (ProfileId: string) =>
    afterLookUp(
      {
        Type: "GetCalculatedAttributesForCustomerProfile",
        Parameters: {
          ProfileRequestData: { ProfileId },
          ProfileResponseData: ["CalculatedAttributes._average_hold_time"],
        },
      },
      "$.Customer.ProfileId waits $.Customer.CalculatedAttributes._average_hold_time s",
      [{ ErrorType: "NoneFoundError", NextAction: "none" }],
    );

  it("adds the calculated attributes asked for to $.Customer", async () => {
    const found = await run(calculated("$.Customer.ProfileId"), { profiles: profiles() });
    expect(found.heard).toEqual(["profile-1 waits 95 s"]);
  });

  it("takes NoneFoundError for a profile that does not exist", async () => {
    expect((await run(calculated("profile-9"), { profiles: profiles() })).heard).toEqual([
      "none found",
    ]);
  });

  it("wants a ProfileId", () => {
    const flow = calculated("x");
    (flow.Actions[1] as { Parameters: object }).Parameters = { ProfileRequestData: { Id: "x" } };
    expect(problemsOf(flow)).toEqual([
      'action "step" (GetCalculatedAttributesForCustomerProfile): Parameters.ProfileRequestData.ProfileId must be a non-empty string, got nothing',
    ]);
  });
});

describe("AssociateContactToCustomerProfile", () => {
  const associate = (ProfileRequestData: object) =>
    afterLookUp(
      { Type: "AssociateContactToCustomerProfile", Parameters: { ProfileRequestData } },
      "associated",
    );

  it("associates the contact with the profile found", async () => {
    const domain = profiles();
    const flow = associate({ ProfileId: "$.Customer.ProfileId", ContactId: "$.ContactId" });
    expect((await run(flow, { profiles: domain })).heard).toEqual(["associated"]);
    expect(domain.contactsOf("profile-1")).toEqual(["contact-1"]);
  });

  it("takes the error branch for a profile that does not exist, or without a domain", async () => {
    const flow = associate({ ProfileId: "profile-9", ContactId: "$.ContactId" });
    expect((await run(flow, { profiles: profiles() })).heard).toEqual(["failed"]);
    expect((await run(flow)).heard).toEqual(["failed"]);
  });

  it("wants both a ProfileId and a ContactId", () => {
    expect(problemsOf(associate({ ProfileId: "$.Customer.ProfileId" }))).toEqual([
      'action "step" (AssociateContactToCustomerProfile): Parameters.ProfileRequestData.ContactId must be a non-empty string, got nothing',
    ]);
  });
});

describe("UpdateCase", () => {
  const updateCase = (link: "true" | "false", CaseId = "$.Attributes.caseId") => ({
    Version: "2019-10-30",
    StartAction: "update",
    Actions: [
      {
        Identifier: "update",
        Type: "UpdateCase",
        Parameters: {
          LinkContactToCase: link,
          CaseId,
          CaseRequestFields: { status: "closed", summary: "Resolved on $.Channel" },
        },
        Transitions: {
          NextAction: "done",
          Errors: [
            ...(link === "true" ? [{ ErrorType: "ContactNotLinked", NextAction: "unlinked" }] : []),
            { ErrorType: "NoMatchingError", NextAction: "failed" },
          ],
        },
      },
      say("done", "$.Case.case_id updated"),
      say("unlinked"),
      say("failed"),
      hangUp,
    ],
  });

  it("sets the case's fields and links the contact", async () => {
    const cases = new InMemoryCases([{ title: "Roof", status: "open" }]);
    const { heard } = await run(updateCase("true"), { cases, attributes: { caseId: "case-1" } });
    expect(heard).toEqual(["case-1 updated"]);
    expect(cases.search({ case_id: "case-1" })).toMatchObject([
      { fields: { title: "Roof", status: "closed", summary: "Resolved on VOICE" } },
    ]);
  });

  it("takes the error branch for a case that does not exist, or without a Cases domain", async () => {
    const cases = new InMemoryCases();
    expect((await run(updateCase("false", "case-9"), { cases })).heard).toEqual(["failed"]);
    expect((await run(updateCase("false", "case-1"))).heard).toEqual(["failed"]);
  });

  it("allows ContactNotLinked only when the block links the contact", () => {
    const flow = updateCase("false");
    (flow.Actions[0] as { Transitions: { Errors: object[] } }).Transitions.Errors.push({
      ErrorType: "ContactNotLinked",
      NextAction: "unlinked",
    });
    expect(problemsOf(flow)).toEqual([
      'action "update" (UpdateCase): Transitions.Errors[1].ErrorType "ContactNotLinked" is not allowed here: the block does not link the contact',
    ]);
  });
});
