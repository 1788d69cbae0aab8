import { describeJourney } from "./messaging-journey.ts";

// The caller's X user id, which the customer directory holds for X direct messages.
describeJourney("x", { number: "+447911123459", handle: "1460000000000000002" });
