// One case in one wire dialect: which of its requests the dialect changes (the others go out
// signed, as a client sends them), whether the case is worth running in it at all, and, after a
// write whose body the dialect re-encoded, the object read back: its bytes must be the logical
// body, not the framing it travelled in.
import { createHash } from 'node:crypto';
import { operationShape } from '../case/operations.ts';
import type { CaseDefinition, RequestSpec } from '../case/schema.ts';
import { DIALECTS, dialectNamed, type Dialect, type DialectSettings, type RequestShape } from './wire/dialects.ts';
import type { ObservedResponse, PlannedRequest, WireEncoder } from './http.ts';
import type { Mismatch } from './verdict.ts';

export function requestShape(spec: RequestSpec): RequestShape {
  const shape = operationShape(spec.op);
  return {
    op: spec.op,
    method: shape.method,
    hasBucket: shape.target !== 'service',
    caseHeaders: Object.keys(spec.headers ?? {}).map((name) => name.toLowerCase()),
    ...(spec.tamper ? { tamper: spec.tamper } : {}),
  };
}

/** A write re-encoded by a dialect left an object whose bytes are not the body. */
export class StoredBodyMismatch extends Error {
  readonly mismatch: Mismatch;
  constructor(mismatch: Mismatch) {
    super(`${mismatch.what}: expected ${mismatch.expected}, observed ${mismatch.observed}`);
    this.mismatch = mismatch;
  }
}

interface StreamedPart {
  body: Buffer;
  /** What a GET of the completed object needs: the SSE-C key the part was written with. */
  readBack: [string, string][];
}

/** Headers a GET needs to read back what a PUT wrote: the SSE-C key it was written with. */
const READ_BACK_HEADERS = /^x-amz-server-side-encryption-customer-/i;

export class CaseDialect {
  readonly dialect: Dialect;
  private readonly settings: DialectSettings;
  /** The logical bodies of the parts the dialect streamed, by upload id and part number. */
  private readonly streamedParts = new Map<string, StreamedPart>();
  private readonly encoding: WireEncoder | undefined;

  constructor(name: string, settings: DialectSettings) {
    this.dialect = dialectNamed(name);
    this.settings = settings;
    this.encoding = this.dialect.encoding(settings);
  }

  /**
   * Why the case is not run in this dialect: it tampers with a request in a way the dialect
   * cannot (sent intact, it would ask another question), or the dialect changes none of its requests.
   */
  skipReason(testCase: Pick<CaseDefinition, 'given' | 'when'>): string | undefined {
    const steps = [...testCase.given, testCase.when];
    const tamper = steps.find(
      (step) => step.tamper && (!this.dialect.tamperings.includes(step.tamper) || this.dialect.leaves(requestShape(step))),
    )?.tamper;
    if (tamper) {
      const able = DIALECTS.filter((d) => d.tamperings.includes(tamper)).map((d) => d.name);
      return `the case tampers (${tamper}), which dialect ${this.dialect.name} cannot do; it runs in ${able.join(', ')}`;
    }
    const { variantOf } = this.dialect;
    const tampers = steps.some((step) => step.tamper);
    if (variantOf && !tampers && this.dialect.leaves(requestShape(testCase.when)) !== undefined) {
      return `dialect ${this.dialect.name} varies ${variantOf}: it runs only where the judged request itself changes`;
    }
    const reasons = steps.map((step) => this.dialect.leaves(requestShape(step)));
    if (reasons.some((reason) => reason === undefined)) return undefined;
    return `dialect ${this.dialect.name} changes none of this case's requests (${[...new Set(reasons)].join('; ')})`;
  }

  /** The encoding of this request, or undefined: sent signed. */
  encodingFor(spec: RequestSpec): WireEncoder | undefined {
    if (this.dialect.leaves(requestShape(spec)) !== undefined) return undefined;
    return spec.tamper ? this.dialect.encoding({ ...this.settings, tamper: spec.tamper }) : this.encoding;
  }

  /**
   * After a write whose body the dialect re-encoded and the server accepted: read back what it
   * stored (signed, as plain as a request goes) and compare its bytes with the logical body. A
   * PutObject is read at once; an UploadPart's body is kept until its upload completes, and the
   * completed object must then be its parts, when the dialect streamed every one of them.
   */
  async checkStoredBody(
    spec: RequestSpec,
    request: PlannedRequest,
    observed: ObservedResponse,
    read: (request: PlannedRequest) => Promise<ObservedResponse>,
  ): Promise<void> {
    const accepted = observed.status >= 200 && observed.status < 300 && !observed.body.includes('<Error>');
    if (!this.dialect.encodesBody || !accepted) return;
    const readBack = request.headers.filter(([name]) => READ_BACK_HEADERS.test(name));
    const uploadId = request.url.searchParams.get('uploadId');
    if (spec.op === 'PutObject' && this.encodingFor(spec)) {
      await this.compareStored(request.url, observed, readBack, request.body, 'PutObject', read);
    } else if (spec.op === 'UploadPart' && this.encodingFor(spec)) {
      this.streamedParts.set(`${uploadId}|${request.url.searchParams.get('partNumber')}`, { body: request.body, readBack });
    } else if (spec.op === 'CompleteMultipartUpload') {
      const parts = [...request.body.toString('utf8').matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map(([, number]) =>
        this.streamedParts.get(`${uploadId}|${number}`),
      );
      if (parts.length === 0 || parts.some((part) => part === undefined)) return;
      const streamed = parts as StreamedPart[];
      await this.compareStored(
        request.url,
        observed,
        streamed[0]!.readBack,
        Buffer.concat(streamed.map((part) => part.body)),
        'UploadParts, completed',
        read,
      );
    }
  }

  private async compareStored(
    written: URL,
    observed: ObservedResponse,
    readBack: [string, string][],
    body: Buffer,
    write: string,
    read: (request: PlannedRequest) => Promise<ObservedResponse>,
  ): Promise<void> {
    const url = new URL(written);
    const versionId = observed.headers['x-amz-version-id'];
    url.search = versionId && versionId !== 'null' ? `versionId=${encodeURIComponent(versionId)}` : '';
    const stored = await read({ method: 'GET', url, headers: readBack, body: Buffer.alloc(0) });
    const what = `stored object (GET after the ${this.dialect.name} ${write})`;
    if (stored.status !== 200) throw new StoredBodyMismatch({ what, expected: 'status 200', observed: `status ${stored.status}` });
    if (!stored.body.equals(body))
      throw new StoredBodyMismatch({ what, expected: describeBytes(body), observed: describeBytes(stored.body) });
  }
}

function describeBytes(body: Buffer): string {
  const framed = body.includes('chunk-signature=') || body.includes('x-amz-checksum-') ? ', aws-chunked framing inside' : '';
  return `${body.length} bytes (sha256 ${createHash('sha256').update(body).digest('hex').slice(0, 16)}${framed})`;
}
