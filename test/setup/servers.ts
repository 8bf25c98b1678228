// Starts the real servers the engine's tests run against and provides their targets: the
// embedded server and MinIO (plain HTTP here; the `minio` profile's launcher adds TLS and a
// second user). Under CI a server that cannot start is an error, never a silent skip.
import type { TestProject } from 'vitest/node';
import { readProfile } from '../../src/targets/resolve.ts';
import { startTarget } from '../../src/targets/start.ts';
import type { Target } from '../../src/engine/target.ts';
import { startMinio } from '../../src/targets/minio.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedTarget: Target;
    minioTarget: Target | null;
    minioUnavailable: string | null;
  }
}

export default async function setup(project: TestProject) {
  const embedded = await startTarget(readProfile(`${import.meta.dirname}/../../fixtures/targets/embedded.yaml`));
  project.provide('embeddedTarget', embedded.target);
  let stopMinio: (() => Promise<void>) | undefined;
  try {
    const minio = await startMinio();
    stopMinio = minio.stop;
    project.provide('minioTarget', {
      name: 'minio',
      endpoint: minio.endpoint,
      region: minio.region,
      pathStyle: true,
      credentials: { accessKeyId: minio.accessKeyId, secretAccessKey: minio.secretAccessKey },
      capabilities: ['plain-http', 'versioning', 'multipart', 'large-objects'],
      version: minio.version,
    });
    project.provide('minioUnavailable', null);
  } catch (error) {
    if (process.env.CI) throw error;
    project.provide('minioTarget', null);
    project.provide('minioUnavailable', (error as Error).message);
  }
  return async () => {
    await stopMinio?.();
    await embedded.stop();
  };
}
