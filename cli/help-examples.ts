/** The "Examples" section of every command's `--help`. */
export const HELP_EXAMPLES: Readonly<Record<string, string>> = {
  tract: `
Examples:
  $ tract init --author john.mcmullan --sync-server http://tract-server:3100
  $ tract log APP-1234 2h "Fixed bug"
  $ tract start APP-1234 && tract stop
  $ tract suggest --date yesterday
  $ tract timesheet --week
  $ tract status

Environment:
  TRACT_SYNC_SERVER, TRACT_AUTHOR, TRACT_TIMEZONE, TRACT_HOURS_PER_DAY, TRACT_DAYS_PER_WEEK,
  TRACT_DAILY_TARGET, TRACT_WORKLOG_DIR, TRACT_SYNC_ENABLED, TRACT_SYNC_REPO, TRACT_SYNC_TOKEN,
  TRACT_TIMER_LIMIT, TRACT_NON_WORKING_DAYS, TRACT_SUGGEST_REPOS, NO_COLOR

Exit codes: 0 ok (also "queued"), 2 usage or validation, 3 auth, 4 conflict, 1 internal or network.
`,
  start: `
Examples:
  $ tract start APP-1234 "Fixed bug"
  ✓ Timer started on APP-1234 at 09:00
  $ tract start APP-1234 --at 08:30
`,
  stop: `
Examples:
  $ tract stop
  ✓ Logged 1.5h to APP-1234 (synced to Jira)
  $ tract stop --at 17:30                          # also for a timer over the limit (timerLimit, 10h)
`,
  cancel: `
Examples:
  $ tract cancel
  ✓ Timer on APP-1234 cancelled after 25m: nothing logged
`,
  suggest: `
Examples:
  $ tract suggest                                  # today, from the repositories in suggest.repos
  $ tract suggest --date yesterday --repo ~/src/app --repo ~/src/web
  $ tract suggest --apply                          # show, then log them
`,
  init: `
Examples:
  $ tract init
  $ tract init --author john.mcmullan --timezone Europe/Berlin
  $ tract init --sync-server http://tract-server:3100 --no-hooks
`,
  log: `
Examples:
  $ tract log APP-1234 2h "Fixed bug"             # started 2h ago: the work just ended
  ✓ Logged 2h to APP-1234 (synced to Jira)
    id 3f9a2c1b
  $ tract log APP-1234 90m Code review            # stored and shown as 1.5h
  $ tract log APP-1234 1h30m --started 09:00
  $ tract log APP-1234 1d --started "yesterday 08:30"
  $ tract log APP-1234 30m --started 2026-02-13 --no-push
`,
  worklogs: `
Examples:
  $ tract worklogs APP-1234
  $ tract worklogs APP-1234 --json | jq '.worklogs[].author'
`,
  timesheet: `
Examples:
  $ tract timesheet                         # you, today
  $ tract timesheet --date yesterday
  $ tract timesheet sarah.chen --week 2026-W07
  $ tract timesheet --month 2026-02 --format csv > february.csv
  $ tract timesheet --format json
`,
  status: `
Examples:
  $ tract status
  $ tract status --json
`,
  push: `
Examples:
  $ tract push
  ✓ Synced 2 queued worklogs to Jira
  $ tract push --sync-timeout 120
`,
  edit: `
Examples:
  $ tract edit 0199a1b2 --time 3h
  $ tract edit 0199a1b2 --comment "Fixed login bug" --started "yesterday 14:00"
  $ tract edit h-3f2a9c01 --issue APP-1235
`,
  delete: `
Examples:
  $ tract delete 0199a1b2
`,
  doctor: `
Examples:
  $ tract doctor
`,
};
