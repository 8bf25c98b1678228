// The checksum algorithms S3 accepts in `x-amz-checksum-<algorithm>` headers and trailers, each
// as S3 wants its value: the big-endian digest, base64. The CRCs come from AWS's own libraries,
// the SHAs from node:crypto; nothing here computes a checksum itself.
import { createHash } from 'node:crypto';
import { crc32 } from '@aws-crypto/crc32';
import { crc32c } from '@aws-crypto/crc32c';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';

export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

function bigEndian32(value: number): Buffer {
  const digest = Buffer.alloc(4);
  digest.writeUInt32BE(value >>> 0);
  return digest;
}

async function digest(algorithm: ChecksumAlgorithm, data: Uint8Array): Promise<Buffer> {
  switch (algorithm) {
    case 'crc32':
      return bigEndian32(crc32(data));
    case 'crc32c':
      return bigEndian32(crc32c(data));
    case 'crc64nvme': {
      const checksum = new Crc64Nvme();
      checksum.update(data);
      return Buffer.from(await checksum.digest());
    }
    case 'sha1':
    case 'sha256':
      return createHash(algorithm).update(data).digest();
  }
}

/** The value of `x-amz-checksum-<algorithm>` for `data`. */
export async function checksumValue(algorithm: ChecksumAlgorithm, data: Uint8Array): Promise<string> {
  return (await digest(algorithm, data)).toString('base64');
}

export const checksumHeader = (algorithm: ChecksumAlgorithm) => `x-amz-checksum-${algorithm}`;
