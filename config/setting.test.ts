import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod";
import { InvalidConfigError } from "../core/errors.ts";
import { integer, optionalText, requiredText } from "./env-values.ts";
import { ENV } from "./environment-names.ts";
import { type ConfigOf, combined, group, loadSettings, namesOf, setting } from "./setting.ts";

const SHAPE = {
  tableName: setting(ENV.tableName, requiredText),
  budgetMs: setting(ENV.deflectBudgetMs, integer({ min: 200, max: 7000, default: 3000 })),
  brandName: setting(ENV.brandName, optionalText),
  endpoints: combined(
    { [ENV.connectEndpoint]: optionalText, [ENV.connectParticipantEndpoint]: optionalText },
    (e, ctx) => {
      const connect = e[ENV.connectEndpoint];
      const participant = e[ENV.connectParticipantEndpoint];
      if (participant !== undefined && connect === undefined) {
        ctx.addIssue({ code: "custom", path: [ENV.connectEndpoint], message: "comes first" });
        return z.NEVER;
      }
      return connect === undefined ? undefined : { connect, participant: participant ?? connect };
    },
  ),
  line: group("line", {
    channelSecret: setting(ENV.lineChannelSecret, requiredText),
    channelAccessToken: setting(ENV.lineChannelAccessToken, requiredText),
    apiOrigin: setting(ENV.lineApiOrigin, z.url().optional()),
  }),
};

const load = (env: Record<string, string>) => loadSettings("test", SHAPE, env);
const failure = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.message;
  }
  return expect.fail("expected InvalidConfigError");
};

describe("settings declared once", () => {
  it("yields the config's type: defaults required, unset ones optional and never undefined", () => {
    expectTypeOf<ConfigOf<typeof SHAPE>>().toEqualTypeOf<{
      readonly tableName: string;
      readonly budgetMs: number;
      readonly brandName?: string;
      readonly endpoints?: { connect: string; participant: string };
      readonly line?: {
        readonly channelSecret: string;
        readonly channelAccessToken: string;
        readonly apiOrigin?: string;
      };
    }>();
  });

  it("maps each variable to its field, fills defaults and leaves unset fields out, frozen", () => {
    const config = load({ [ENV.tableName]: "t", [ENV.brandName]: "" });
    expect(config).toStrictEqual({ tableName: "t", budgetMs: 3000 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("names every variable at fault in one error, and no value", () => {
    const message = failure({ [ENV.deflectBudgetMs]: "99999", [ENV.brandName]: "" });
    expect(message).toMatch(/^invalid test configuration: /);
    expect(message).toContain(`${ENV.tableName}: is required`);
    expect(message).toContain(`${ENV.deflectBudgetMs}: Too big`);
    expect(message).not.toContain("99999");
  });

  it("reads a field from several variables, a problem naming the one at fault", () => {
    const both = { [ENV.tableName]: "t", [ENV.connectEndpoint]: "http://c" };
    expect(load(both).endpoints).toEqual({ connect: "http://c", participant: "http://c" });
    const message = failure({ [ENV.tableName]: "t", [ENV.connectParticipantEndpoint]: "http://p" });
    expect(message).toContain(`${ENV.connectEndpoint}: comes first`);
  });

  it("turns a group on when all its required variables are set, off when none is", () => {
    const base = { [ENV.tableName]: "t" };
    expect(load({ ...base, [ENV.lineApiOrigin]: "https://line.test" }).line).toBeUndefined();
    const line = load({
      ...base,
      [ENV.lineChannelSecret]: "s",
      [ENV.lineChannelAccessToken]: "a",
    }).line;
    expect(line).toStrictEqual({ channelSecret: "s", channelAccessToken: "a" });
    expect(Object.isFrozen(line)).toBe(true);
  });

  it("refuses a half-configured group naming what is missing, and a bad value of an off group", () => {
    const half = failure({ [ENV.tableName]: "t", [ENV.lineChannelSecret]: "s" });
    expect(half).toContain(`line is half configured: set ${ENV.lineChannelAccessToken}`);
    expect(half).not.toContain(`${ENV.lineChannelAccessToken}: is required`);
    const off = failure({ [ENV.tableName]: "t", [ENV.lineApiOrigin]: "not a url" });
    expect(off).toContain(`${ENV.lineApiOrigin}: `);
  });

  it("lists the variables a shape reads", () => {
    expect(namesOf(SHAPE)).toEqual([
      ENV.tableName,
      ENV.deflectBudgetMs,
      ENV.brandName,
      ENV.connectEndpoint,
      ENV.connectParticipantEndpoint,
      ENV.lineChannelSecret,
      ENV.lineChannelAccessToken,
      ENV.lineApiOrigin,
    ]);
  });
});
