import { CONNECTION_HELP } from "./command-args.ts";

/** The `simulate --help` text: the flags, the CSV format and the JSON interface. */
export const SIMULATE_HELP = `Usage: npm run ops -- simulate (--arrivals-per-hour <n> | --csv <file>) --agents <n> [flags]

A seeded, reproducible simulation of one voice queue over a day, with the product's own
offer decision at each call, and the chat queue accepting callers reply into. Each figure
is a mean over the runs with its 95 % confidence interval. Reads no table and no network.

Arrivals and staffing:
  --arrivals-per-hour <n>     calls per hour, Poisson (from parameters)
  --handle-seconds <s>        average handle time, exponential (default 300; overrides the CSV)
  --agents <n>|<n,n,...>      voice agents: one count, or one per interval (the day is
                              split evenly by parameters, or matches the CSV rows)
  --hours <h>                 length of the day from parameters (default 8)
  --csv <file>                per-interval arrivals from a historical metrics export
  --interval-minutes <m>      the CSV's interval length (default 30)
  --patience <s>|none         mean caller patience, exponential; none: nobody hangs up
                              (default none)
  --start steady|empty        open the day in its steady state or empty (default: steady
                              from parameters when the load is below the agents, else empty)
  --warmup-minutes <m>        simulate but do not measure calls arriving this early (default 0)

Deflection:
  --threshold <t>             off, seconds of estimated wait (300), a list (off,120,300) or a
                              range <from>..<to>:<step> (120..600:60) (default off)
  --off-ratio <r>             the off threshold as a share of the on one (default 0.8)
  --accept <ch>=<share>,...   share of offered callers who accept, per channel; also the
                              channels offered, in order (default sms=0.3)
  --prefer <ch>=<share>,...   share of callers who prefer a channel (default none)
  --reply-share <r>           share of accepting callers who reply and start a chat (0.7)
  --reply-delay-seconds <s>   mean time until they reply, exponential (default 300)
  --metrics-age-seconds <s>   how long a wait estimate is reused (default 5, as the product)
  --max-share <r>             the policy's largest share of calls to offer (default 1)

Chat side:
  --chat-agents <n>           chat agents (default 10)
  --chat-concurrency <n>      chats per agent at once (default 2)
  --chat-handle-seconds <s>   mean chat handle time, exponential (default 600)

Recommend and report:
  --target asa<s>|sl<pct>@20  propose the threshold meeting the target (ASA under s seconds,
                              or pct % answered within 20 s) with its whole 95 % interval and
                              the fewest offers, then simulate it again on a new seed
  --report <dir>              write offers.svg, asa.svg, service-level.svg (95 % bands; a
                              PNG of each too where rsvg-convert is installed), results.json
                              and index.html into dir
  --window-hours <h>          with --target: also recommend a threshold for each window of h
                              hours of the day, each confirmed on new draws (a later window
                              opens after up to an hour of the day before it, unmeasured)
  --apply <queue>             write the recommendation into the queue's policy (by id or
                              name) in shadow mode, as \`thresholds set\` would; it then
                              records and offers nothing until \`thresholds shadow --off\`.
                              Takes the table flags below

Runs and output:
  --runs <n>                  independent days per threshold (default 20)
  --seed <n>                  the same seed and flags give the same output (default 1)
  --json                      one JSON object on stdout: with one threshold its figures at
                              the top level, with several a "results" array of them
  --quiet                     no progress on stderr

CSV: a header row, then one row per interval in time order. Columns (case and punctuation
ignored): contacts_offered (or "Contacts queued"), average_handle_time (seconds or
H:MM:SS), and optionally interval_start (a label), contacts_handled, contacts_abandoned,
agents. For example:
  interval_start,contacts_offered,contacts_handled,contacts_abandoned,average_handle_time,agents
  08:00,260,251,9,312,44

Figures: offers and acceptances per run; voice pWait (share of queued calls not answered at
once), asaSeconds (mean wait of answered calls), serviceLevel20s (answered within 20 s per
queued call), abandonRate; chat contacts, load in Erlangs and ASA; voiceWaitSavedHours, the
voice queue time saved against no deflection on the same random draws.

The table, for --apply only:
${CONNECTION_HELP}`;
