import * as z from "zod";
import { type ApiRoute, answer, apiRoute } from "./api-route.ts";
import { editPolicy, type OperationsSource } from "./operations-view.ts";
import { RequestError } from "./request-error.ts";

const policySchema = z.strictObject({
  mode: z.string().optional(),
  on: z.string().optional(),
  off: z.string().optional(),
  maxShare: z.string().optional(),
});

/**
 * The Operations panel's one action, a policy edit, for the sandbox console and
 * `npm run ops -- console` alike. With `readOnly` set (why editing is off), every edit is
 * refused 403 and nothing is read or written; a refused value is 400 with its message by field.
 */
export function operationsRoutes(source: OperationsSource, readOnly?: string): ApiRoute[] {
  return [
    apiRoute("PUT", /^\/api\/policies\/(?<queueId>[^/]+)$/, async (body, params) => {
      if (readOnly !== undefined) {
        throw new RequestError(403, `policies are read-only: this console was ${readOnly}`);
      }
      const { maxShare, ...rest } = policySchema.parse(body);
      const queueId = decodeURIComponent(params.queueId ?? "");
      const edit = await editPolicy(source, queueId, { ...rest, "max-share": maxShare });
      return edit.saved ? edit : answer(400, edit);
    }),
  ];
}
