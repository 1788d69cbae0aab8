import { type ActionChecker, isRecord, shown } from "./action-checker.ts";
import type { ActionRule } from "./action-rules.ts";

/** `ProfileResponseData`: the fields copied to `$.Customer`, a list of names (may be empty). */
function responseFields(c: ActionChecker): void {
  const fields = c.params.ProfileResponseData;
  if (
    fields !== undefined &&
    (!Array.isArray(fields) || !fields.every((f) => typeof f === "string"))
  ) {
    c.problem(
      "Parameters.ProfileResponseData",
      `must be a list of field names, got ${shown(fields)}`,
    );
  }
}

function requestData(c: ActionChecker): Record<string, unknown> | undefined {
  const data = c.params.ProfileRequestData;
  if (!isRecord(data) || Object.keys(data).length === 0) {
    c.problem("Parameters.ProfileRequestData", `must be a non-empty object, got ${shown(data)}`);
    return undefined;
  }
  return data;
}

/**
 * Customer Profiles, Cases and tasks. GetCustomerProfile searches by one key: the exports' older form
 * (`PhoneNumber`, `EmailAddress`, ... as the field itself) or the current one
 * (`IdentifierName` + `IdentifierValue`); both load. `SearchCriteria` is not modelled.
 */
/** Cases: `LinkContactToCase` is "true" or "false"; ContactNotLinked exists only with linking. */
function caseLinking(c: ActionChecker): void {
  const link = c.oneOf("LinkContactToCase", ["true", "false"]);
  if (link === "false") c.forbidError("ContactNotLinked", "the block does not link the contact");
  const fields = c.params.CaseRequestFields;
  if (
    fields !== undefined &&
    (!isRecord(fields) || Object.values(fields).some((value) => typeof value !== "string"))
  ) {
    c.problem("Parameters.CaseRequestFields", `must be an object of strings, got ${shown(fields)}`);
  }
}

export const profileRules: Record<string, ActionRule> = {
  GetCase: {
    errors: ["ContactNotLinked", "MultipleFound", "NoneFound", "NoMatchingError"],
    check(c) {
      caseLinking(c);
      c.oneOf("GetLastUpdatedCase", ["true", "false"], false);
      const wanted = c.params.CaseResponseFields;
      if (
        wanted !== undefined &&
        (!Array.isArray(wanted) || !wanted.every((f) => typeof f === "string"))
      ) {
        c.problem(
          "Parameters.CaseResponseFields",
          `must be a list of field ids, got ${shown(wanted)}`,
        );
      }
    },
  },
  CreateCase: {
    errors: ["ContactNotLinked", "NoMatchingError"],
    check(c) {
      caseLinking(c);
      c.staticOrReference("CaseTemplateId");
    },
  },
  GetCustomerProfile: {
    errors: ["NoMatchingError", "MultipleFoundError", "NoneFoundError"],
    check(c) {
      const data = requestData(c);
      if (data) {
        const keys = Object.keys(data);
        const named = keys.includes("IdentifierName") && keys.includes("IdentifierValue");
        if (!named && keys.length !== 1) {
          c.problem(
            "Parameters.ProfileRequestData",
            `must search by one field, or by IdentifierName and IdentifierValue, got ${shown(keys)}`,
          );
        }
      }
      responseFields(c);
    },
  },
  CreateCustomerProfile: {
    errors: ["NoMatchingError"],
    check(c) {
      const data = requestData(c);
      for (const [field, value] of Object.entries(data ?? {})) {
        if (typeof value !== "string") {
          c.problem(
            `Parameters.ProfileRequestData.${field}`,
            `must be a string, got ${shown(value)}`,
          );
        }
      }
      responseFields(c);
    },
  },
  CreateTask: {
    errors: ["NoMatchingError"],
    check(c) {
      c.string("Name");
      c.staticOrReference("ContactFlowId");
      c.string("Description", false);
      const attributes = c.params.Attributes;
      if (
        attributes !== undefined &&
        (!isRecord(attributes) || Object.values(attributes).some((v) => typeof v !== "string"))
      ) {
        c.problem(
          "Parameters.Attributes",
          `must be an object of strings, got ${shown(attributes)}`,
        );
      }
    },
  },
};
