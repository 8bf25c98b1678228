// A second MinIO identity for cases that need two principals, created through MinIO's admin
// REST API (the same calls `mc admin user add` and `mc admin policy attach` make), so no `mc`
// binary is needed.
//
// MinIO has one namespace per deployment: the second user is another IAM user of the same
// deployment, not a separate account, and with the built-in `readwrite` policy it can reach
// every bucket, including the root user's.
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { send } from '../engine/http.ts';
import type { TransportOptions } from '../engine/http.ts';
import type { StartedServer } from './minio.ts';

export async function addSecondUser(server: StartedServer): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const accessKeyId = `second${randomBytes(6).toString('hex')}`;
  const secretAccessKey = randomBytes(20).toString('hex');
  const transport: TransportOptions = {
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    region: server.region,
    timeoutMs: 30_000,
    ca: server.ca,
  };

  // PUT /minio/admin/v3/add-user: the body is the user's JSON, encrypted with the root secret
  // key because it carries a secret.
  const user = JSON.stringify({ secretKey: secretAccessKey, status: 'enabled' });
  await adminCall(
    server,
    transport,
    'PUT',
    'add-user',
    { accessKey: accessKeyId },
    encryptAdminPayload(server.secretAccessKey, Buffer.from(user)),
  );

  // PUT /minio/admin/v3/set-user-or-group-policy: the older, unencrypted form of
  // `mc admin policy attach`, still served and enough for one built-in policy.
  await adminCall(
    server,
    transport,
    'PUT',
    'set-user-or-group-policy',
    { policyName: 'readwrite', userOrGroup: accessKeyId, isGroup: 'false' },
    Buffer.alloc(0),
  );

  return { accessKeyId, secretAccessKey };
}

async function adminCall(
  server: StartedServer,
  transport: TransportOptions,
  method: string,
  operation: string,
  query: Record<string, string>,
  body: Buffer,
): Promise<void> {
  const url = new URL(`/minio/admin/v3/${operation}`, server.endpoint);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const response = await send({ method, url, headers: [], body }, transport);
  if (response.status !== 200) {
    throw new Error(`MinIO admin ${operation} answered ${response.status}: ${response.body.toString('utf8').slice(0, 500)}`);
  }
}

// madmin's EncryptData format (github.com/minio/madmin-go encrypt.go), which the server
// undoes with madmin.DecryptData:
//   salt (32) | algorithm id (1) | nonce (8) | sio-go stream (github.com/secure-io/sio-go)
// madmin itself derives the key with Argon2id, but DecryptData also accepts id 0x02,
// PBKDF2-SHA256 (8192 rounds) with AES-256-GCM, its FIPS mode; we use that because every
// supported Node version has PBKDF2 (crypto.argon2 arrived only in Node 24.7).
const PBKDF2_AES_GCM = 0x02;
const PBKDF2_ROUNDS = 8192;
const SIO_BUFFER_SIZE = 16 * 1024;

export function encryptAdminPayload(password: string, plaintext: Buffer): Buffer {
  const salt = randomBytes(32);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, PBKDF2_ROUNDS, 32, 'sha256');
  const nonce = randomBytes(8);
  return Buffer.concat([salt, Buffer.from([PBKDF2_AES_GCM]), nonce, sioEncrypt(key, nonce, plaintext)]);
}

/**
 * sio-go's stream with AES-256-GCM and no associated data. The plaintext is cut into 16 KiB
 * fragments, each sealed on its own with nonce = 8-byte stream nonce | little-endian uint32
 * sequence number, starting at 1. Each fragment's associated data is a flag byte (0x80 on the
 * final fragment, 0x00 otherwise) followed by the tag of sealing nothing under sequence number
 * 0, which binds the fragments to the stream. The final fragment may be empty or full-size.
 */
function sioEncrypt(key: Buffer, streamNonce: Buffer, plaintext: Buffer): Buffer {
  const nonceFor = (sequence: number) => {
    const nonce = Buffer.alloc(12);
    streamNonce.copy(nonce, 0);
    nonce.writeUInt32LE(sequence, 8);
    return nonce;
  };
  const seal = (sequence: number, data: Buffer, associatedData: Buffer) => {
    const cipher = createCipheriv('aes-256-gcm', key, nonceFor(sequence));
    cipher.setAAD(associatedData);
    return Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);
  };

  const streamTag = seal(0, Buffer.alloc(0), Buffer.alloc(0));
  const fragments: Buffer[] = [];
  let sequence = 1;
  let offset = 0;
  // Every full fragment that still has data after it is a non-final fragment.
  while (plaintext.length - offset > SIO_BUFFER_SIZE) {
    fragments.push(seal(sequence++, plaintext.subarray(offset, offset + SIO_BUFFER_SIZE), Buffer.concat([Buffer.from([0x00]), streamTag])));
    offset += SIO_BUFFER_SIZE;
  }
  fragments.push(seal(sequence, plaintext.subarray(offset), Buffer.concat([Buffer.from([0x80]), streamTag])));
  return Buffer.concat(fragments);
}
