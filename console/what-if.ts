import * as z from "zod";
import { thresholdFlag } from "../cli/ops/simulate-flags.ts";
import { simulationPlots } from "../cli/ops/simulate-report.ts";
import { scenarioFromFlags } from "../cli/ops/simulate-scenario.ts";
import { UsageError } from "../cli/ops/usage-error.ts";
import { simulateThresholds } from "../core/simulation/simulate-thresholds.ts";
import { type ApiRoute, apiRoute } from "./api-route.ts";
import { RequestError } from "./request-error.ts";

/** A sweep a page can wait for: four hours, thresholds up to 10 minutes, 8 runs each. */
const SWEEP = { hours: "4", threshold: "off,60..600:60", runs: 8, seed: 1 };
/** The server simulates on its own thread: a bigger queue is the command line's. */
const MAX_ARRIVALS_PER_HOUR = 3_000;

const whatIfSchema = z.strictObject({
  arrivalsPerHour: z.string().trim().min(1, "how many calls an hour?"),
  agents: z.string().trim().min(1, "how many agents?"),
  handleSeconds: z.string().trim().min(1, "how long is a call, in seconds?"),
  patienceSeconds: z.string().trim().default("600"),
});

/**
 * The simulator's plots for the Operations panel: a queue with these arrivals, agents and
 * handle time, swept over thresholds with the product's own offer decision, each figure with
 * its 95 % band (as `npm run ops -- simulate --report` draws them). It writes nothing, so it
 * answers in a read-only console too. The flags' own checks name a bad value.
 */
export function whatIfRoute(): ApiRoute {
  return apiRoute("POST", /^\/api\/what-if$/, (body) => {
    const input = whatIfSchema.parse(body);
    if (Number(input.arrivalsPerHour) > MAX_ARRIVALS_PER_HOUR) {
      throw new RequestError(
        400,
        `the console simulates up to ${MAX_ARRIVALS_PER_HOUR} calls an hour; for more, npm run ops -- simulate`,
      );
    }
    try {
      const scenario = scenarioFromFlags(
        {
          "arrivals-per-hour": input.arrivalsPerHour,
          agents: input.agents,
          "handle-seconds": input.handleSeconds,
          patience: input.patienceSeconds,
          hours: SWEEP.hours,
          accept: "whatsapp=0.4,sms=0.25",
        },
        undefined,
      );
      const thresholds = thresholdFlag(SWEEP.threshold);
      const results = simulateThresholds({
        scenario,
        thresholds,
        runs: SWEEP.runs,
        seed: SWEEP.seed,
      });
      return {
        plots: simulationPlots(results).map((plot) => ({
          title: plot.title,
          // An image, so the page never takes the server's markup as its own.
          src: `data:image/svg+xml;base64,${Buffer.from(plot.svg).toString("base64")}`,
        })),
      };
    } catch (error) {
      if (error instanceof UsageError) throw new RequestError(400, error.message, { cause: error });
      throw error;
    }
  });
}
