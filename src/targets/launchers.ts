// The launcher registry: which target names the suite can start, each launcher module loaded only
// when its target is started. Apart from launcher.ts (the types every launcher imports), so that
// the registry and the launchers do not import each other.
import type { Launcher } from './launcher.ts';

const LAUNCHERS: Record<string, () => Promise<Launcher>> = {
  ceph: async () => (await import('./ceph.ts')).launchCeph,
  embedded: async () => (await import('./embedded.ts')).launchEmbedded,
  garage: async () => (await import('./garage.ts')).launchGarage,
  localstack: async () => (await import('./localstack.ts')).launchLocalstack,
  minio: async () => (await import('./minio-launcher.ts')).launchMinio,
  moto: async () => (await import('./moto.ts')).launchMoto,
  rustfs: async () => (await import('./rustfs.ts')).launchRustfs,
  s3proxy: async () => (await import('./s3proxy.ts')).launchS3proxy,
  seaweedfs: async () => (await import('./seaweedfs.ts')).launchSeaweedfs,
  versitygw: async () => (await import('./versitygw.ts')).launchVersitygw,
};

export const LAUNCHER_NAMES = Object.keys(LAUNCHERS);

export async function launcherFor(name: string): Promise<Launcher | undefined> {
  return LAUNCHERS[name]?.();
}
