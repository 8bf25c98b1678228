// The real-clients lane: a fixed set of scenarios, each what users do every day, driven through
// a real client with its default configuration. A scenario passes when the client gets the
// object back as it wrote it; any error the client raises is the server's answer to that
// client's wire form, a failure ("does it work with the SDK's defaults" is the question).
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Capability } from '../../case/schema.ts';
import { patternBytes } from '../bodies.ts';
import type { Mismatch } from '../verdict.ts';
import type { LaneClient } from './lane-client.ts';

export interface ScenarioContext {
  /** An SSE-C key made for this run. */
  sseCKey: Buffer;
}

export interface Scenario {
  id: string;
  title: string;
  refs: string[];
  requires: Capability[];
  /** Why a client cannot take part, or undefined. */
  unsupported?(client: LaneClient): string | undefined;
  run(client: LaneClient, context: ScenarioContext): Promise<void>;
}

/** A scenario's observation that differs from what S3 does. */
export class ScenarioMismatch extends Error {
  readonly mismatch: Mismatch;
  constructor(mismatch: Mismatch) {
    super(`${mismatch.what}: expected ${mismatch.expected}, observed ${mismatch.observed}`);
    this.mismatch = mismatch;
  }
}

const describeBytes = (body: Buffer) => `${body.length} bytes (sha256 ${createHash('sha256').update(body).digest('hex').slice(0, 16)})`;

function expectBytes(what: string, expected: Buffer, observed: Buffer): void {
  if (!expected.equals(observed))
    throw new ScenarioMismatch({ what, expected: describeBytes(expected), observed: describeBytes(observed) });
}

function expectEqual(what: string, expected: string | number | boolean, observed: string | number | boolean | undefined): void {
  if (expected !== observed) throw new ScenarioMismatch({ what, expected: String(expected), observed: String(observed) });
}

const unquoted = (etag: string) => etag.replace(/^"|"$/g, '');
const MIB = 1024 * 1024;

export const SCENARIOS: Scenario[] = [
  {
    id: 'clients.put-get',
    title: 'An object of 1 MiB written with PutObject reads back whole with GetObject',
    refs: [
      'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html',
    ],
    requires: [],
    async run(client) {
      const body = patternBytes(0, MIB);
      await client.put('doc', body);
      expectBytes('GetObject body', body, await client.get('doc'));
    },
  },
  {
    id: 'clients.put-stream-get',
    title: 'An object of 1 MiB written from a stream reads back whole',
    refs: [
      'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html (what the SDKs send for a stream over https: aws-chunked with a trailing checksum)',
    ],
    requires: [],
    async run(client) {
      const body = patternBytes(5, MIB);
      await client.putStream('doc', Readable.from([body.subarray(0, MIB / 2), body.subarray(MIB / 2)]), MIB);
      expectBytes('GetObject body', body, await client.get('doc'));
    },
  },
  {
    id: 'clients.range-get',
    title: 'A range GetObject returns the bytes of the range',
    refs: ['https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (Range)'],
    requires: [],
    async run(client) {
      const body = patternBytes(3, 100_000);
      await client.put('doc', body);
      expectBytes('GetObject bytes=1000-1999', body.subarray(1000, 2000), await client.get('doc', { range: { start: 1000, end: 1999 } }));
    },
  },
  {
    id: 'clients.head',
    title: 'HeadObject reports the size and the ETag PutObject returned',
    refs: ['https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html'],
    requires: [],
    async run(client) {
      const { etag } = await client.put('doc', Buffer.from('hello world'));
      const head = await client.head('doc');
      expectEqual('HeadObject size', 11, head.size);
      expectEqual('HeadObject ETag', unquoted(etag), unquoted(head.etag));
    },
  },
  {
    id: 'clients.multipart-copy',
    title: 'A multipart upload of an uploaded part and an UploadPartCopy part reads back as both',
    refs: [
      'https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html',
    ],
    requires: ['multipart', 'large-objects'],
    async run(client) {
      const source = patternBytes(7, 5 * MIB);
      const uploaded = patternBytes(0, 5 * MIB);
      await client.put('source', source);
      await client.multipartWithCopy('doc', uploaded, 'source');
      expectBytes('GetObject of the completed upload', Buffer.concat([uploaded, source]), await client.get('doc'));
    },
  },
  {
    id: 'clients.conditional-write',
    title: 'PutObject with If-None-Match "*" on an existing key is refused with 412',
    refs: ['https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (If-None-Match)'],
    requires: [],
    unsupported: (client) => (client.putIfAbsent ? undefined : `${client.name} has no conditional PutObject`),
    async run(client) {
      await client.put('doc', Buffer.from('first'));
      expectEqual('status of the second write', 412, await client.putIfAbsent!('doc', Buffer.from('second')));
      expectBytes('GetObject body', Buffer.from('first'), await client.get('doc'));
    },
  },
  {
    id: 'clients.sse-c',
    title: 'An object written with an SSE-C key reads back with that key',
    refs: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html'],
    requires: ['sse-c', 'tls'],
    async run(client, { sseCKey }) {
      const body = patternBytes(11, 70_000);
      await client.put('doc', body, { sseCKey });
      expectBytes('GetObject body with the key', body, await client.get('doc', { sseCKey }));
    },
  },
  {
    id: 'clients.delete-marker',
    title: 'DeleteObject in a versioned bucket leaves a delete marker as the latest version',
    refs: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeleteMarker.html'],
    requires: ['versioning'],
    async run(client) {
      await client.enableVersioning();
      await client.put('doc', Buffer.from('hello'));
      await client.delete('doc');
      const versions = await client.versions('doc');
      expectEqual('versions of the key', 2, versions.length);
      expectEqual('the latest version is a delete marker', true, versions[0]?.deleteMarker);
    },
  },
];

export const newScenarioContext = (): ScenarioContext => ({ sseCKey: randomBytes(32) });
