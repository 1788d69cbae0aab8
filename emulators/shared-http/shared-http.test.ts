import { afterEach, describe, expect, it } from "vitest";
import { createEmulatorKit } from "./emulator-kit.ts";
import { FaultInjector } from "./fault-injector.ts";
import { type EmulatorServer, startEmulatorServer } from "./http-server.ts";
import { jsonResponse } from "./http-types.ts";
import { addInspectionRoutes } from "./inspection-routes.ts";
import { Router } from "./router.ts";

const servers: EmulatorServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(router: Router, maxBodyBytes?: number) {
  const kit = createEmulatorKit();
  const server = await startEmulatorServer({
    router,
    recorder: kit.requests,
    ...(maxBodyBytes ? { maxBodyBytes } : {}),
  });
  servers.push(server);
  return { server, kit };
}

describe("Router", () => {
  it("captures segments and suffixed segments, and answers the platform's 404 otherwise", async () => {
    const router = new Router({
      notFound: (request) => jsonResponse(404, { missing: request.path }),
    });
    router.add("GET", "/items/:id.json", (request) => jsonResponse(200, request.params));
    router.add("POST", "/items/:id/notes", (request) => jsonResponse(201, request.params));
    const { server } = await serve(router);
    expect(await (await fetch(`${server.url}/items/a%20b.json`)).json()).toEqual({ id: "a b" });
    const posted = await fetch(`${server.url}/items/7/notes`, { method: "POST" });
    expect(posted.status).toBe(201);
    const missing = await fetch(`${server.url}/items/7.xml`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ missing: "/items/7.xml" });
  });

  it("applies faults by operation, before or after the handler ran", async () => {
    const faults = new FaultInjector();
    let calls = 0;
    const router = new Router({
      faults,
      renderFault: (fault) => jsonResponse(fault.status, { injected: true }),
    });
    router.add("POST", "/send", () => jsonResponse(200, { call: ++calls }), "send");
    const { server, kit } = await serve(router);
    faults.failNext("send", { status: 503 });
    faults.failNext("*", { status: 500, phase: "after" });
    expect((await fetch(`${server.url}/send`, { method: "POST" })).status).toBe(503);
    expect(calls).toBe(0);
    expect((await fetch(`${server.url}/send`, { method: "POST" })).status).toBe(500);
    expect(calls).toBe(1);
    expect((await fetch(`${server.url}/send`, { method: "POST" })).status).toBe(200);
    expect(kit.requests.list({ operation: "send" }).map((request) => request.status)).toEqual([
      503, 500, 200,
    ]);
  });

  it("gives the same failure sequence for the same seed", () => {
    const pattern = (seed: number) => {
      const faults = new FaultInjector(seed);
      faults.setFailureRate("op", 0.3, { status: 500 });
      return Array.from({ length: 50 }, () => (faults.take("op") ? 1 : 0)).join("");
    };
    expect(pattern(7)).toBe(pattern(7));
    expect(pattern(7)).not.toBe(pattern(8));
    expect(pattern(7)).toContain("1");
  });

  it("refuses a body over the limit with 413", async () => {
    const router = new Router().add("POST", "/x", () => jsonResponse(200, {}));
    const { server } = await serve(router, 1024);
    const response = await fetch(`${server.url}/x`, { method: "POST", body: "x".repeat(4096) });
    expect(response.status).toBe(413);
  });
});

describe("inspection routes", () => {
  it("sets faults, moves the clock and validates input over HTTP", async () => {
    const router = new Router();
    const kit = createEmulatorKit();
    let resets = 0;
    addInspectionRoutes(router, {
      kit,
      sent: () => ["m1"],
      customerSends: async (input) => {
        if (typeof input !== "object" || input === null || !("text" in input))
          throw new Error("text is required");
        return { accepted: true };
      },
      reset: () => {
        resets++;
      },
    });
    const server = await startEmulatorServer({ router });
    servers.push(server);
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, { method: "POST", body: JSON.stringify(body) });
    expect(
      (await post("/__emulator/faults", { operation: "send", status: 429, times: 2 })).status,
    ).toBe(200);
    expect(kit.faults.take("send")?.status).toBe(429);
    expect(kit.faults.take("send")?.status).toBe(429);
    expect(kit.faults.take("send")).toBeUndefined();
    expect((await post("/__emulator/faults", { operation: "send", status: 200 })).status).toBe(400);
    const before = kit.clock.now();
    await post("/__emulator/clock", { advanceMs: 3_600_000 });
    expect(kit.clock.now() - before).toBeGreaterThanOrEqual(3_600_000);
    expect((await post("/__emulator/customer-sends", { nope: 1 })).status).toBe(400);
    expect(await (await post("/__emulator/customer-sends", { text: "hi" })).json()).toEqual({
      accepted: true,
    });
    expect(await (await fetch(`${server.url}/__emulator/sent`)).json()).toEqual(["m1"]);
    expect((await post("/__emulator/webhooks/99/replay", {})).status).toBe(404);
    await post("/__emulator/reset", {});
    expect(resets).toBe(1);
  });
});
