// Starting a target from its profile: the launcher brings the server up, the profile says what
// it supports, and the caller gets one handle to stop it.
import { targetOf } from './launcher.ts';
import { launcherFor, LAUNCHER_NAMES } from './launchers.ts';
import { staticFieldsOf, UsageError, withCapabilities, type EndpointFlags, type TargetProfile } from './resolve.ts';
import type { Target } from '../engine/target.ts';

export interface RunningTarget {
  target: Target;
  stop(): Promise<void>;
}

/** How a launched server runs: a child process, or a container from a locally built image (src/targets/containers.ts). */
export type Via = 'process' | 'testcontainers';

export async function startTarget(
  profile: TargetProfile,
  flags: EndpointFlags & { via?: Via; image?: string } = {},
): Promise<RunningTarget> {
  const name = profile.launcher;
  const launcher = !name
    ? undefined
    : flags.via === 'testcontainers'
      ? async () => (await import('./containers.ts')).launchInContainer(name, { image: flags.image })
      : await launcherFor(name);
  if (!launcher) {
    throw new UsageError(
      `target "${profile.name}" has no launcher the suite knows${profile.launcher ? ` ("${profile.launcher}")` : ''}; known: ${LAUNCHER_NAMES.join(', ')}`,
    );
  }
  const started = Date.now();
  const server = await launcher();
  const target = withCapabilities(targetOf(server, staticFieldsOf(profile, flags)), flags.capability ?? profile.capabilities);
  return { target: { ...target, startMs: Date.now() - started }, stop: server.stop };
}
