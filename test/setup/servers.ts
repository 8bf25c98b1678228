// Starts the real servers the engine's tests run against and provides their targets. The
// embedded server always starts; MinIO starts from the binary scripts/install-minio.sh builds.
// Under CI a server that cannot start is an error, never a silent skip.
import type { TestProject } from 'vitest/node';
import { startEmbedded } from '../../src/targets/embedded.ts';
import type { Target } from '../../src/targets/target.ts';
import { startMinio } from '../../src/targets/minio.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedTarget: Target;
    minioTarget: Target | null;
    minioUnavailable: string | null;
  }
}

export default async function setup(project: TestProject) {
  const embedded = await startEmbedded();
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
