import { z } from "zod";

// Shared schemas for environment values. infra/ may render an absent setting as "", so an
// empty variable counts as unset everywhere.
const blankIsUnset = (value: unknown) => (value === "" ? undefined : value);

export const optionalText = z.preprocess(blankIsUnset, z.string().min(1).optional());

export const optionalUrl = z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/ }).optional());
