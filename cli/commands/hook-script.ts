import { shellQuote } from '../../shared/git/shell-quote.ts';

export const HOOK_NAME = 'reference-transaction';

/**
 * The `reference-transaction` hook of `tract init --hooks`. Git runs it for every ref transaction, so
 * it filters in the shell first (cheap): only the `committed` phase, only updates of
 * `refs/remotes/origin/*` (a push or fetch updating the remote-tracking branch), never while tract
 * itself runs git (`TRACT_HOOK_SKIP`). `tract hook-report` then keeps only pushes (the new remote
 * tip is the local HEAD) and waits, bounded, for the queued worklogs those commits carried. It always
 * exits 0: in the `committed` phase git ignores the status anyway, and a report must never fail a push.
 */
export function hookScript(nodeBin: string, tractBin: string): string {
  return `#!/bin/sh
# Installed by \`tract init --hooks\`: after \`git push\`, report the sync of the queued worklogs it carried.
[ "$1" = committed ] || exit 0
[ -z "$TRACT_HOOK_SKIP" ] || exit 0
updates=""
while read -r old new ref; do
  case "$ref" in refs/remotes/origin/*) updates="$updates $old:$new:$ref" ;; esac
done
[ -n "$updates" ] || exit 0
TRACT_HOOK_SKIP=1 ${shellQuote(nodeBin)} ${shellQuote(tractBin)} hook-report $updates </dev/null >&2 || true
exit 0
`;
}
