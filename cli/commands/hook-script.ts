import { shellQuote } from '../../shared/git/shell-quote.ts';

export const HOOK_NAME = 'reference-transaction';

/**
 * The `reference-transaction` hook `tract init` installs (unless `--no-hooks`). Git runs it for every ref
 * transaction, so it filters in the shell first (cheap): only updates of `refs/remotes/origin/*` (a push or
 * fetch updating the remote-tracking branch), never while tract itself runs git (`TRACT_HOOK_SKIP`).
 * A push updates the remote-tracking ref without naming its old value (git passes all zeros), so the
 * `prepared` phase saves the ref's current value and the `committed` phase uses it: the report covers
 * exactly the commits this push carried. `tract hook-report` then keeps only pushes (the new remote tip is
 * the local HEAD) and waits, bounded, for the queued worklogs those commits carried. It always exits 0: in
 * the `committed` phase git ignores the status anyway, and a report must never fail a push.
 */
export function hookScript(nodeBin: string, tractBin: string): string {
  return `#!/bin/sh
# Installed by \`tract init\`: after \`git push\`, report the sync of the queued worklogs it carried.
[ -z "$TRACT_HOOK_SKIP" ] || exit 0
case "$1" in prepared|committed) ;; *) exit 0 ;; esac
saved="$(git rev-parse --git-dir)/tract-push-before"
updates=""
while read -r old new ref; do
  case "$ref" in refs/remotes/origin/*) ;; *) continue ;; esac
  if [ "$1" = prepared ]; then
    echo "$ref $(git rev-parse -q --verify "$ref^{commit}" || echo 0)" >>"$saved"
    continue
  fi
  case "$old" in *[!0]*) ;; *) before=$(grep "^$ref " "$saved" 2>/dev/null | tail -n 1 | cut -d' ' -f2); [ -z "$before" ] || old=$before ;; esac
  updates="$updates $old:$new:$ref"
done
[ "$1" = committed ] || exit 0
rm -f "$saved"
[ -n "$updates" ] || exit 0
TRACT_HOOK_SKIP=1 ${shellQuote(nodeBin)} ${shellQuote(tractBin)} hook-report $updates </dev/null >&2 || true
exit 0
`;
}
