// Secrets never leave the engine: every request or response shown in a verdict passes through
// here first. Header values that carry keys or signatures are replaced whole, and every known
// secret (access keys, secret keys, session tokens, SSE-C keys and their MD5s) is replaced by its
// label wherever it appears.

const SECRET_HEADERS = new Set([
  'authorization',
  'x-amz-security-token',
  'x-amz-server-side-encryption-customer-key',
  'x-amz-copy-source-server-side-encryption-customer-key',
]);

export interface NamedSecret {
  value: string | undefined;
  /** What the reader sees instead: `[redacted secret key]`. */
  label: string;
}

export class Redactor {
  private readonly secrets: { value: string; label: string }[];

  constructor(secrets: NamedSecret[]) {
    // Each secret also as it appears in a URL (SSE-C keys hold "/", "+" and "=").
    const known = secrets
      .filter((s): s is { value: string; label: string } => typeof s.value === 'string' && s.value.length >= 4)
      .flatMap((s) => [s, { value: encodeURIComponent(s.value), label: s.label }]);
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = known.sort((a, b) => b.value.length - a.value.length);
  }

  text(value: string): string {
    let result = value
      .replace(/(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\s"]+/gi, '$1[redacted]')
      // S3's SignatureDoesNotMatch body quotes the request's signature.
      .replace(/(<SignatureProvided>)[^<]*/g, '$1[redacted]');
    for (const { value: secret, label } of this.secrets) result = result.split(secret).join(`[redacted ${label}]`);
    return result;
  }

  /** The start of a body, redacted before it is cut: a secret across the cut is still found whole. */
  preview(body: Buffer, maxChars: number): string {
    const longest = this.secrets[0]?.value.length ?? 0;
    return this.text(body.subarray(0, maxChars + longest).toString('utf8')).slice(0, maxChars);
  }

  header(name: string, value: string): string {
    return SECRET_HEADERS.has(name.toLowerCase()) ? '[redacted]' : this.text(value);
  }
}
