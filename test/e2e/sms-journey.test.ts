import { describeJourney } from "./messaging-journey.ts";

describeJourney("sms", { number: "+447911123457" });
