#!/usr/bin/env node
// A client.authentication.k8s.io exec credential plugin for tests, used by the BFF and by kubectl alike.
// Usage: exec-plugin.mjs STATE_DIR. It reads STATE_DIR/token (the token to hand out) and
// STATE_DIR/ttl-seconds, appends one line per call to STATE_DIR/calls (with the KUBERNETES_EXEC_INFO
// and GATEHOUSE_PLUGIN_ENV it was given), and prints an ExecCredential that expires after ttl-seconds.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: exec-plugin.mjs STATE_DIR\n');
  process.exit(1);
}
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO ?? '{}');
appendFileSync(
  join(dir, 'calls'),
  JSON.stringify({
    info,
    env: process.env.GATEHOUSE_PLUGIN_ENV ?? null,
    inherited: Object.keys(process.env).filter((k) => k.startsWith('GATEHOUSE_')),
  }) + '\n',
);
const token = readFileSync(join(dir, 'token'), 'utf8').trim();
if (token === 'fail') {
  process.stderr.write('plugin: the identity provider refused the request\n');
  process.exit(3);
}
const ttl = Number(readFileSync(join(dir, 'ttl-seconds'), 'utf8').trim());
process.stdout.write(
  JSON.stringify({
    apiVersion: info.apiVersion ?? 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token, expirationTimestamp: new Date(Date.now() + ttl * 1000).toISOString() },
  }),
);
