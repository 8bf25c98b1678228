// What a run with no endpoint tells a newcomer: up front, that the embedded stand-in runs and is
// judged against its bundled baseline (so its known gaps do not fail the run); at the end, how to
// point the suite at a real server.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Target } from '../engine/target.ts';
import { packageRoot } from '../package-root.ts';

/** The known deviations of the embedded server, which judge a run that names no endpoint. */
export const embeddedBaselinePath = join(packageRoot, 'fixtures', 'baselines', 'embedded.yaml');

/** A path as short as it can be said from here: relative below the working directory, else absolute. */
export function shownPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere && !fromHere.startsWith('..') ? fromHere : path;
}

export function embeddedNotice(target: Target, baselinePath: string | undefined): string[] {
  return [
    `No endpoint given: running the embedded stand-in, ${target.version ?? 's3rver'}, in this process. It is a test double with known gaps,`,
    baselinePath === embeddedBaselinePath
      ? `so it is judged against its bundled baseline (${shownPath(baselinePath)}): its known deviations are expected, only a regression fails the run.`
      : `judged ${baselinePath ? `against ${shownPath(baselinePath)}` : 'without a baseline'} as the flags ask.`,
    '',
  ];
}

export function realServerHint(): string[] {
  // From a checkout the documented command is ./s3c; installed, the package's bin.
  const checkoutScript = join(packageRoot, 's3c');
  const command = existsSync(checkoutScript) ? (packageRoot === process.cwd() ? './s3c' : checkoutScript) : 'npx s3-conformance';
  return [
    '',
    'To test a real server:',
    `  ${command} run --endpoint https://s3.example.net --access-key KEY_ID --secret-key SECRET   (or AWS_ENDPOINT_URL and AWS_PROFILE)`,
    `  ${command} run --target minio --start   (a server the suite installs and starts itself; the others: README.md, Targets)`,
  ];
}
