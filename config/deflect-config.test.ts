import { describe, expect, it } from "vitest";
import { InvalidConfigError } from "../core/errors.ts";
import { DEFAULT_PACING } from "./connect-quotas.ts";
import { loadDeflectConfig } from "./deflect-config.ts";

describe("deflect configuration", () => {
  it("fills sensible defaults around the one required setting", () => {
    const config = loadDeflectConfig({ DEFLECT_TABLE_NAME: "t" });
    expect(config).toEqual({
      region: "us-east-1",
      tableName: "t",
      budgetMs: 3000,
      metricsRatePerSecond: 2,
      contactMetricsRatePerSecond: 1,
      metricsRefreshMs: 5000,
      averageHandleSeconds: 300,
      brandName: "Customer service",
      connectPacing: DEFAULT_PACING,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{}, "DEFLECT_TABLE_NAME"],
    [{ DEFLECT_TABLE_NAME: "t", DEFLECT_BUDGET_MS: "9000" }, "DEFLECT_BUDGET_MS"],
    [
      { DEFLECT_TABLE_NAME: "t", DEFLECT_METRICS_RATE_PER_SECOND: "6" },
      "DEFLECT_METRICS_RATE_PER_SECOND",
    ],
    [{ DEFLECT_TABLE_NAME: "t", DEFLECT_DEFAULT_COUNTRY: "XX" }, "DEFLECT_DEFAULT_COUNTRY"],
    [{ DEFLECT_TABLE_NAME: "t", DEFLECT_CONNECT_ENDPOINT: "ftp://x" }, "DEFLECT_CONNECT_ENDPOINT"],
  ])("rejects %j naming %s", (env, key) => {
    expect(() => loadDeflectConfig(env)).toThrow(InvalidConfigError);
    expect(() => loadDeflectConfig(env)).toThrow(key);
  });
});
