// The built-in values every case may use (see BUILTIN_NAMES in case/template.ts).
import { createHash } from 'node:crypto';
import { formatHttpDate } from '../case/template.ts';
import type { Target } from './target.ts';
import type { NamedSecret } from './redact.ts';

/** Throwaway SSE-C keys: fixed, so runs are reproducible; known to the redactor, so never shown. */
function customerKey(label: string, bytes: number): { key: string; md5: string } {
  const raw = createHash('sha256').update(`s3-conformance SSE-C key ${label}`).digest().subarray(0, bytes);
  return { key: raw.toString('base64'), md5: createHash('md5').update(raw).digest('base64') };
}

export const CUSTOMER_KEYS = { A: customerKey('A', 32), B: customerKey('B', 32), short: customerKey('short', 16) };

export function builtinValues(target: Target, buckets: Map<string, string>): Map<string, string> {
  const values = new Map<string, string>([
    ['bucket', buckets.values().next().value ?? ''],
    ['now', formatHttpDate(new Date(), 'imf')],
    ['ssecKeyA', CUSTOMER_KEYS.A.key],
    ['ssecKeyMd5A', CUSTOMER_KEYS.A.md5],
    ['ssecKeyB', CUSTOMER_KEYS.B.key],
    ['ssecKeyMd5B', CUSTOMER_KEYS.B.md5],
    ['ssecShortKey', CUSTOMER_KEYS.short.key],
    ['ssecShortKeyMd5', CUSTOMER_KEYS.short.md5],
  ]);
  if (target.accountId) values.set('accountId', target.accountId);
  if (target.secondAccountId) values.set('secondAccountId', target.secondAccountId);
  for (const [alias, name] of buckets) values.set(`bucket.${alias}`, name);
  return values;
}

/** Everything the redactor must hide for this target. */
export function targetSecrets(target: Target): NamedSecret[] {
  const accounts = [
    ['', target.credentials],
    ['second account ', target.secondCredentials],
  ] as const;
  return [
    ...accounts.flatMap(([who, c]) =>
      c
        ? [
            { value: c.accessKeyId, label: `${who}access key id` },
            { value: c.secretAccessKey, label: `${who}secret key` },
            { value: c.sessionToken, label: `${who}session token` },
          ]
        : [],
    ),
    ...Object.entries(CUSTOMER_KEYS).flatMap(([name, k]) => [
      { value: k.key, label: `SSE-C key ${name}` },
      { value: k.md5, label: `SSE-C key ${name} MD5` },
    ]),
  ];
}
