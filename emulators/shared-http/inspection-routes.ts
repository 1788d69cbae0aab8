import * as z from "zod";
import { parseJson } from "./body-parsers.ts";
import type { EmulatorKit } from "./emulator-kit.ts";
import { type EmulatorResponse, jsonResponse } from "./http-types.ts";
import type { Router } from "./router.ts";

export interface InspectionHooks {
  readonly kit: EmulatorKit;
  /** Outbound messages the emulator accepted. */
  readonly sent: () => unknown;
  /** Drives an inbound customer message from a JSON description; throws on bad input. */
  readonly customerSends: (input: unknown) => Promise<unknown>;
  readonly reset: () => void | Promise<void>;
}

const faultSchema = z.object({
  operation: z.string().min(1),
  status: z.number().int().min(400).max(599),
  phase: z.enum(["before", "after"]).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  times: z.number().int().min(1).optional(),
  rate: z.number().min(0).max(1).optional(),
});

const clockSchema = z.object({ advanceMs: z.number().min(0) });

/**
 * `/__emulator/...` routes, the HTTP twin of the handle returned in code, so the sandbox
 * and manual testing can inspect and drive an emulator with curl.
 */
export function addInspectionRoutes(router: Router, hooks: InspectionHooks): void {
  const { kit } = hooks;
  router
    .add("GET", "/__emulator/requests", () => jsonResponse(200, kit.requests.list()))
    .add("GET", "/__emulator/webhooks", () => jsonResponse(200, kit.webhooks.list()))
    .add("GET", "/__emulator/sent", () => jsonResponse(200, hooks.sent()))
    .add("POST", "/__emulator/customer-sends", async (request) => {
      const body = parseJson(request.rawBody.toString("utf8"));
      if (!body.ok) return badRequest(body.error);
      try {
        return jsonResponse(200, await hooks.customerSends(body.value));
      } catch (err) {
        return badRequest(err instanceof Error ? err.message : String(err));
      }
    })
    .add("POST", "/__emulator/webhooks/:id/replay", async (request) => {
      const id = Number(request.params.id);
      const known = kit.webhooks.list().some((delivery) => delivery.id === id);
      if (!known) return jsonResponse(404, { error: `no webhook delivery ${request.params.id}` });
      return jsonResponse(200, await kit.webhooks.replay(id));
    })
    .add("POST", "/__emulator/faults", (request) => {
      const parsed = parseBody(request.rawBody, faultSchema);
      if (!parsed.ok) return badRequest(parsed.error);
      const { operation, rate, times, ...rest } = parsed.value;
      const fault = { status: rest.status, phase: rest.phase ?? "before", ...retryAfter(rest) };
      if (rate === undefined) kit.faults.failNext(operation, fault, times ?? 1);
      else kit.faults.setFailureRate(operation, rate, fault);
      return jsonResponse(200, { ok: true });
    })
    .add("DELETE", "/__emulator/faults", () => {
      kit.faults.clear();
      return jsonResponse(200, { ok: true });
    })
    .add("POST", "/__emulator/clock", (request) => {
      const parsed = parseBody(request.rawBody, clockSchema);
      if (!parsed.ok) return badRequest(parsed.error);
      kit.clock.advance(parsed.value.advanceMs);
      return jsonResponse(200, { now: kit.clock.now() });
    })
    .add("POST", "/__emulator/reset", async () => {
      await hooks.reset();
      return jsonResponse(200, { ok: true });
    });
}

function retryAfter(input: { retryAfterSeconds?: number | undefined }) {
  return input.retryAfterSeconds === undefined
    ? {}
    : { retryAfterSeconds: input.retryAfterSeconds };
}

function parseBody<T>(
  raw: Buffer,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; error: string } {
  const json = parseJson(raw.toString("utf8"));
  if (!json.ok) return json;
  const result = schema.safeParse(json.value);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: z.prettifyError(result.error) };
}

function badRequest(error: string): EmulatorResponse {
  return jsonResponse(400, { error });
}
