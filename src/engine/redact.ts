// Secrets never leave the engine: every request or response shown in a verdict passes through
// here first. Header values that carry keys or signatures are replaced whole, and any known
// secret (access key, secret key, session token, SSE-C key) is replaced wherever it appears.

const REDACTED = '[redacted]';

const SECRET_HEADERS = new Set([
  'authorization',
  'x-amz-security-token',
  'x-amz-server-side-encryption-customer-key',
  'x-amz-copy-source-server-side-encryption-customer-key',
]);

export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: (string | undefined)[]) {
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4))].sort((a, b) => b.length - a.length);
  }

  text(value: string): string {
    let result = value.replace(/(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\s"]+/gi, `$1${REDACTED}`);
    for (const secret of this.secrets) result = result.split(secret).join(REDACTED);
    return result;
  }

  header(name: string, value: string): string {
    return SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : this.text(value);
  }
}
