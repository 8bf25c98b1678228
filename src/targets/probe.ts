// Capability probing: what the target really does, checked with a few requests in a bucket of
// the probe's own. A profile that claims what the probe disproves is refused before any case
// runs, so a target is never failed (or skipped) on a false claim; one that leaves out what the
// probe shows to work is reported, since its cases would skip for nothing.
import type { Capability } from '../case/schema.ts';
import { createBucket, destroyBucket, type BucketClient } from '../engine/buckets.ts';
import { send, TransportError } from '../engine/http.ts';
import { readResponse, resolveXmlPath, xmlText } from '../engine/observe.ts';
import { planRequest } from '../engine/plan.ts';
import { builtinValues } from '../engine/values.ts';
import type { RequestSpec } from '../case/schema.ts';
import type { Target } from '../engine/target.ts';

export interface ProbeFinding {
  capability: Capability;
  claimed: boolean;
  /** true: shown to work; false: shown not to; undefined: not probed (nothing cheap shows it). */
  works: boolean | undefined;
  detail: string;
}

type Check = (
  request: (spec: RequestSpec) => Promise<ReturnType<typeof readResponse>>,
  target: Target,
) => Promise<{ works: boolean | undefined; detail: string }>;

const ok = (status: number) => status >= 200 && status < 300;

const CHECKS: Partial<Record<Capability, Check>> = {
  versioning: async (request) => {
    const put = await request({ op: 'PutBucketVersioning', versioning: 'Enabled' });
    const object = await request({ op: 'PutObject', key: 'probe', body: 'x' });
    const versionId = object.headers['x-amz-version-id'];
    return {
      works: ok(put.status) && versionId !== undefined && versionId !== 'null',
      detail: `PutBucketVersioning ${put.status}, version id ${versionId ?? 'absent'}`,
    };
  },
  multipart: async (request) => {
    const created = await request({ op: 'CreateMultipartUpload', key: 'probe-mpu' });
    const uploadId = created.xml
      ? String((created.xml.InitiateMultipartUploadResult as Record<string, unknown> | undefined)?.UploadId ?? '')
      : '';
    if (uploadId) await request({ op: 'AbortMultipartUpload', key: 'probe-mpu', uploadId });
    return { works: ok(created.status) && uploadId !== '', detail: `CreateMultipartUpload ${created.status}` };
  },
  'sse-c': async (request) => {
    const headers = {
      'x-amz-server-side-encryption-customer-algorithm': 'AES256',
      'x-amz-server-side-encryption-customer-key': '${ssecKeyA}',
      'x-amz-server-side-encryption-customer-key-MD5': '${ssecKeyMd5A}',
    };
    const put = await request({ op: 'PutObject', key: 'probe-ssec', body: 'x', headers, scheme: 'https' });
    const head = await request({ op: 'HeadObject', key: 'probe-ssec', headers, scheme: 'https' });
    const echoed = head.headers['x-amz-server-side-encryption-customer-algorithm'] === 'AES256';
    const accepted = ok(put.status) && ok(head.status) && echoed;
    // Echoing the headers is not encrypting: S3 refuses to read an SSE-C object without its key.
    // Only a server that does so shows SSE-C; one that serves it anyway disproves nothing it claims.
    const keyless = accepted ? await request({ op: 'GetObject', key: 'probe-ssec', scheme: 'https' }) : undefined;
    const works = !accepted ? false : keyless!.status === 400 ? true : undefined;
    return {
      works,
      detail: `PutObject ${put.status}, HeadObject ${head.status}, algorithm ${echoed ? 'echoed' : 'not echoed'}${keyless ? `, GetObject without the key ${keyless.status}` : ''}`,
    };
  },
  // What the expected-owner cases need is the id of the account that owns the suite's buckets. A
  // server whose ListBuckets names the owner by a 12-digit account id (rather than S3's 64-hex
  // canonical id) shows it; whether it checks x-amz-expected-bucket-owner is what the cases test.
  'account-id': async (request, target) => {
    const listed = await request({ op: 'ListBuckets' });
    const ownerId = xmlText(resolveXmlPath(listed.xml, 'ListAllMyBucketsResult.Owner.ID')[0]);
    const isAccountId = ok(listed.status) && /^\d{12}$/.test(ownerId);
    const seen = `ListBuckets ${listed.status}, owner id ${ownerId || '(none)'}`;
    if (!isAccountId) return { works: undefined, detail: `${seen}: not an account id, so nothing shows which id the server would check` };
    if (target.accountId === undefined) return { works: true, detail: `${seen}: give accountId: "${ownerId}" in the profile` };
    return {
      works: target.accountId === ownerId ? true : undefined,
      detail: target.accountId === ownerId ? seen : `${seen}, not the profile's ${target.accountId}`,
    };
  },
  'second-account': async (request) => {
    const listed = await request({ op: 'ListObjectsV2', credentials: 'second' });
    // Any answer but an authentication failure (AccessDenied is fine: it is not its bucket)
    // shows the second credentials are accepted.
    const refused = ['InvalidAccessKeyId', 'SignatureDoesNotMatch'].includes(listed.errorCode ?? '');
    return { works: !refused, detail: `ListObjectsV2 as the second account: ${listed.status} ${listed.errorCode ?? ''}`.trim() };
  },
};

export async function probeTarget(target: Target, client: BucketClient, runPrefix: string, timeoutMs = 10_000): Promise<ProbeFinding[]> {
  const bucket = `${runPrefix}-probe`;
  const buckets = new Map([['main', bucket]]);
  const values = builtinValues(target, buckets);
  await createBucket(client, bucket, runPrefix);
  try {
    const request = async (spec: RequestSpec) => {
      const credentials = spec.credentials === 'second' ? target.secondCredentials : target.credentials;
      if (!credentials) throw new Error('no such credentials');
      const planned = planRequest(spec, { target, buckets, values, checksums: 'when-required' });
      return readResponse(await send(planned, { credentials, region: target.region, timeoutMs, ca: target.ca, insecure: target.insecure }));
    };
    const findings: ProbeFinding[] = [];
    for (const [capability, check] of Object.entries(CHECKS) as [Capability, Check][]) {
      const claimed = target.capabilities.includes(capability);
      const prerequisite =
        capability === 'sse-c'
          ? target.capabilities.includes('tls')
          : capability === 'second-account'
            ? target.secondCredentials !== undefined
            : true;
      if (!prerequisite) {
        findings.push({
          capability,
          claimed,
          works: undefined,
          detail: capability === 'sse-c' ? 'needs an https endpoint' : 'no second credentials',
        });
        continue;
      }
      try {
        findings.push({ capability, claimed, ...(await check(request, target)) });
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        findings.push({ capability, claimed, works: false, detail: error.message });
      }
    }
    return findings;
  } finally {
    await destroyBucket(client, bucket);
  }
}

/** Claimed capabilities the probe showed not to work. */
export function disproved(findings: ProbeFinding[]): ProbeFinding[] {
  return findings.filter((f) => f.claimed && f.works === false);
}

/** Capabilities the profile leaves out that the probe showed to work: whole areas skip for nothing. */
export function unclaimedButWorking(findings: ProbeFinding[]): ProbeFinding[] {
  return findings.filter((f) => !f.claimed && f.works === true);
}
