// The floor of `tract log` offline for a Node.js program (bench/cli-log): only the work that cannot be left
// out — read the config, try the sync server (port 9 refuses), append the line, write a queue entry,
// `git add`, `git commit` — with no argument parsing, YAML, validation, duplicate check or reporting.
// Usage: node cli-log-floor.cjs <run number>
'use strict';
const { spawn } = require('node:child_process');
const { appendFileSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { connect } = require('node:net');

const run = Number(process.argv[2]);
readFileSync('.tract/config.yaml', 'utf8');
const git = (args) =>
  new Promise((resolve, reject) =>
    spawn('git', args, { stdio: ['ignore', 'pipe', 'pipe'] }).on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git ${args[0]}: ${code}`)))),
  );
const socket = connect({ host: '127.0.0.1', port: 9 });
socket.on('connect', () => socket.destroy());
socket.on('error', async () => {
  const month = 'worklogs/2026-02.jsonl';
  appendFileSync(month, `${JSON.stringify({ id: `floor-${run}`, issue: 'APP-1', author: 'bench', time: '30m', started: '2026-02-12T09:00:00.000+00:00' })}\n`);
  const queued = `.tract/queue/worklogs/2026-02-12-${String(run).padStart(3, '0')}.json`;
  mkdirSync('.tract/queue/worklogs', { recursive: true });
  writeFileSync(queued, `${JSON.stringify({ version: 1, worklogId: `floor-${run}`, file: month, queuedAt: new Date().toISOString(), reason: 'sync server unreachable' })}\n`);
  await git(['add', '--all', '--', month, queued]);
  await git(['commit', '--quiet', '-m', '[tract] Log 30m to APP-1', '--only', '--', month, queued]);
  process.stderr.write('⚠️ Sync server unreachable - worklog queued locally\n');
});
