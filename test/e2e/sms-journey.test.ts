import { describeJourney } from "./messaging-journey.ts";

describeJourney("sms", "+447911123457");
