import { type ActionChecker, isRecord, shown } from "./action-checker.ts";
import type { ActionRule } from "./action-rules.ts";

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

/** Amazon Connect Cases ("Cases" block): find, open and update a case. */
export const caseRules: Record<string, ActionRule> = {
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
  UpdateCase: {
    errors: ["ContactNotLinked", "NoMatchingError"],
    check(c) {
      caseLinking(c);
      c.staticOrReference("CaseId");
    },
  },
};
