// The chunk-signature chain of SigV4 streaming uploads: each chunk's signature signs the chunk's
// SHA-256 and the signature before it, starting from the request's own (the seed), so chunks can
// be neither altered nor reordered; a signed trailer closes the chain. The signing key and the
// HMAC are the signer's (@smithy/signature-v4); only the strings to sign are written here, as
// the S3 API Reference gives them ("sigv4-streaming", "sigv4-streaming-trailers").
import { createHash } from 'node:crypto';
import type { SignatureV4 } from '@smithy/signature-v4';

const EMPTY_SHA256 = createHash('sha256').digest('hex');
const sha256Hex = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

export interface ChainStart {
  signer: SignatureV4;
  region: string;
  /** The request's `x-amz-date`, e.g. 20130524T000000Z. */
  amzDate: string;
  /** The request's own signature, from its Authorization header. */
  seedSignature: string;
}

export class ChunkSignatureChain {
  private previous: string;
  private readonly start: ChainStart;
  private readonly scope: string;
  private readonly signingDate: Date;

  constructor(start: ChainStart) {
    this.start = start;
    this.previous = start.seedSignature;
    this.scope = `${start.amzDate.slice(0, 8)}/${start.region}/s3/aws4_request`;
    const [, y, mo, d, h, mi, s] = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(start.amzDate) ?? [];
    this.signingDate = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  }

  /** The signature of the next chunk (the empty final chunk included). */
  chunk(data: Uint8Array): Promise<string> {
    return this.sign(['AWS4-HMAC-SHA256-PAYLOAD', this.start.amzDate, this.scope, this.previous, EMPTY_SHA256, sha256Hex(data)]);
  }

  /** The signature of the trailer: its `name:value` lines, each ending in "\n". */
  trailer(trailerLines: string): Promise<string> {
    return this.sign(['AWS4-HMAC-SHA256-TRAILER', this.start.amzDate, this.scope, this.previous, sha256Hex(trailerLines)]);
  }

  private async sign(stringToSign: string[]): Promise<string> {
    this.previous = await this.start.signer.sign(stringToSign.join('\n'), {
      signingDate: this.signingDate,
      signingRegion: this.start.region,
    });
    return this.previous;
  }
}

/** The seed: the signature in a signed request's Authorization header. */
export function seedSignatureOf(authorization: string): string {
  const match = /Signature=([0-9a-f]{64})/.exec(authorization);
  if (!match) throw new Error('the signed request carries no signature to chain chunks from');
  return match[1]!;
}
