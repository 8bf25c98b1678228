// Self-signed certificates for launched servers' TLS endpoints, made with openssl.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function makeSelfSignedCertificate(certificateFile: string, keyFile: string): Promise<void> {
  // IP:127.0.0.1 in subjectAltName is what TLS clients check for an IP endpoint; the CN is only
  // for people reading the certificate. Two days is plenty for a run. *.s3.localhost: the
  // virtual hosts of the virtual-hosted dialect (a wildcard needs two labels below it).
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:s3.localhost,DNS:*.s3.localhost',
    '-days',
    '2',
    '-keyout',
    keyFile,
    '-out',
    certificateFile,
  ]).catch((error: Error) => {
    throw new Error(`could not make a self-signed certificate with openssl: ${error.message}`);
  });
}
