// MinIO as a launched target: over TLS (MinIO refuses SSE-C on plain HTTP, as S3 does), with a
// second user for the cross-account cases.
import type { Launcher } from './launcher.ts';
import { addSecondUser } from './minio-second-account.ts';
import { defaultMinioBinary, startMinio } from './minio.ts';
import { requireInstalled } from './process-utils.ts';

export const launchMinio: Launcher = async () => {
  await requireInstalled(defaultMinioBinary(), 'install-minio.sh');
  const server = await startMinio({ tls: true });
  try {
    const secondCredentials = await addSecondUser(server);
    return {
      endpoint: server.endpoint,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      secondCredentials,
      ca: server.ca,
      version: server.version,
      stop: server.stop,
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
};
