import { type ActionChecker, isRecord, shown } from "./action-checker.ts";
import type { ActionRule } from "./action-rules.ts";
import { containsReference, isSingleReference } from "./references.ts";

const ADDRESS = ["Address1", "Address2", "Address3", "Address4", "City", "County", "Country"];
const ADDRESS_FIELDS = [...ADDRESS, "PostalCode", "Province", "State"];

/** The profile fields CreateCustomerProfile and UpdateCustomerProfile take (their pages). */
export const PROFILE_FIELDS: ReadonlySet<string> = new Set([
  "FirstName",
  "MiddleName",
  "LastName",
  "PhoneNumber",
  "EmailAddress",
  "AccountNumber",
  "AdditionalInformation",
  "PartyType",
  "BusinessName",
  "BirthDate",
  "Gender",
  "MobilePhoneNumber",
  "HomePhoneNumber",
  "BusinessPhoneNumber",
  "BusinessEmailAddress",
  ...ADDRESS_FIELDS,
  ...["Shipping", "Mailing", "Billing"].flatMap((kind) => ADDRESS_FIELDS.map((f) => kind + f)),
]);

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

function requestData(c: ActionChecker, nonEmpty = true): Record<string, unknown> | undefined {
  const data = c.params.ProfileRequestData;
  if (!isRecord(data) || (nonEmpty && Object.keys(data).length === 0)) {
    const what = nonEmpty ? "a non-empty object" : "an object";
    c.problem("Parameters.ProfileRequestData", `must be ${what}, got ${shown(data)}`);
    return undefined;
  }
  return data;
}

/** Profile fields by their documented names (custom ones as `Attributes.<name>`), as strings. */
function profileFields(c: ActionChecker, data: Record<string, unknown>, extra: string[] = []) {
  for (const [field, value] of Object.entries(data)) {
    const path = `Parameters.ProfileRequestData.${field}`;
    const known =
      PROFILE_FIELDS.has(field) || extra.includes(field) || /^Attributes\.[^.]+$/.test(field);
    if (!known) c.problem(path, "is not a Customer Profiles field");
    if (typeof value !== "string") c.problem(path, `must be a string, got ${shown(value)}`);
  }
}

/** A required request field that is static or one reference (a profile or contact id). */
function idField(c: ActionChecker, data: Record<string, unknown>, field: string): void {
  const value = data[field];
  const path = `Parameters.ProfileRequestData.${field}`;
  if (typeof value !== "string" || value.length === 0) {
    c.problem(path, `must be a non-empty string, got ${shown(value)}`);
  } else if (containsReference(value) && !isSingleReference(value)) {
    c.problem(path, `must be static or exactly one $. reference, got ${shown(value)}`);
  }
}

/** GetCustomerProfileObject: the latest object of a type, or the one an identifier names. */
function objectRequest(c: ActionChecker): void {
  const data = requestData(c);
  if (!data) return;
  idField(c, data, "ProfileId");
  idField(c, data, "ObjectType");
  const latest = data.UseLatest;
  if (latest !== undefined && latest !== "true" && latest !== "false") {
    c.problem(
      "Parameters.ProfileRequestData.UseLatest",
      `must be "true" or "false", got ${shown(latest)}`,
    );
  }
  const named = data.IdentifierName !== undefined || data.IdentifierValue !== undefined;
  if (named) {
    idField(c, data, "IdentifierName");
    if (typeof data.IdentifierValue !== "string") {
      c.problem(
        "Parameters.ProfileRequestData.IdentifierValue",
        `must be a string, got ${shown(data.IdentifierValue)}`,
      );
    }
  }
  if ((latest === "true") === named) {
    c.problem(
      "Parameters.ProfileRequestData",
      'must have UseLatest "true" or IdentifierName and IdentifierValue, not both',
    );
  }
}

/**
 * Customer Profiles and tasks. GetCustomerProfile searches by one key: the exports' older form
 * (`PhoneNumber`, `EmailAddress`, ... as the field itself) or the current one
 * (`IdentifierName` + `IdentifierValue`); both load. `SearchCriteria` is not modelled.
 * UpdateCustomerProfile updates the profile the flow found or created (`$.Customer.ProfileId`),
 * or the one a `ProfileId` request field names (the block page's form; ACTION-REFERENCE.md).
 */
export const profileRules: Record<string, ActionRule> = {
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
      if (data) profileFields(c, data);
      responseFields(c);
    },
  },
  UpdateCustomerProfile: {
    errors: ["NoMatchingError"],
    check(c) {
      const data = requestData(c, false);
      if (data) profileFields(c, data, ["ProfileId"]);
      if (data?.ProfileId !== undefined) idField(c, data, "ProfileId");
      responseFields(c);
    },
  },
  GetCustomerProfileObject: {
    errors: ["NoneFoundError", "NoMatchingError"],
    check(c) {
      objectRequest(c);
      responseFields(c);
    },
  },
  GetCalculatedAttributesForCustomerProfile: {
    errors: ["NoneFoundError", "NoMatchingError"],
    check(c) {
      const data = requestData(c);
      if (data) idField(c, data, "ProfileId");
      responseFields(c);
    },
  },
  AssociateContactToCustomerProfile: {
    errors: ["NoMatchingError"],
    check(c) {
      const data = requestData(c);
      if (!data) return;
      idField(c, data, "ProfileId");
      idField(c, data, "ContactId");
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
