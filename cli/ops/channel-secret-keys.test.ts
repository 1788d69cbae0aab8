import { describe, expect, it } from "vitest";
import { SECRET_ENV_NAMES } from "../../infra/deploy-settings.ts";
import { ALWAYS_NEEDED, PLATFORM_SECRET_KEYS } from "./channel-secret-keys.ts";

describe("the doctor's list of secret keys", () => {
  it("covers exactly the credentials the stack keeps in the channel secret", () => {
    const listed = [...ALWAYS_NEEDED, ...Object.values(PLATFORM_SECRET_KEYS).flat()];
    expect(new Set(listed)).toEqual(SECRET_ENV_NAMES);
    expect(listed).toHaveLength(SECRET_ENV_NAMES.size);
  });
});
