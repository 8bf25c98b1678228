// `init`: a commented target profile and an empty baseline for a new endpoint, the first step
// from the embedded server to one's own.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { parseEndpoint, UsageError } from '../../targets/resolve.ts';

function init(flags: { endpoint: string; name: string; dir: string }): number {
  // A profile with an endpoint that can never work would fail only later, at its first run.
  parseEndpoint(flags.endpoint, '--endpoint');
  const profilePath = join(flags.dir, `${flags.name}.target.yaml`);
  const baselinePath = join(flags.dir, `${flags.name}.baseline.yaml`);
  for (const path of [profilePath, baselinePath]) if (existsSync(path)) throw new UsageError(`${path} exists already; nothing was written`);
  writeFileSync(
    profilePath,
    `# A target profile for s3-conformance: run --config ${profilePath}
name: ${flags.name}
endpoint: ${flags.endpoint}
# The region requests are signed for.
region: us-east-1
# Path-style (https://host/bucket/key) or, with false, virtual-hosted (https://bucket.host/key).
pathStyle: true
# Credentials come from the environment, never from this file.
credentials:
  accessKeyIdEnv: AWS_ACCESS_KEY_ID
  secretAccessKeyEnv: AWS_SECRET_ACCESS_KEY
# For https with a private CA:
# caFile: ca.pem
# The account that owns the suite's buckets, for the expected-owner cases:
# accountId: "123456789012"
# A second account, for the cross-account cases:
# secondAccountId: "210987654321"
# secondCredentials:
#   accessKeyIdEnv: SECOND_AWS_ACCESS_KEY_ID
#   secretAccessKeyEnv: SECOND_AWS_SECRET_ACCESS_KEY
# What the server supports; cases needing anything else are skipped with the reason. tls,
# plain-http, account-id and second-account follow from the settings above. \`s3-conformance
# probe --config ${profilePath}\` checks the claims.
capabilities: [versioning, multipart, large-objects]
`,
  );
  writeFileSync(
    baselinePath,
    `# Known deviations of ${flags.name} from Amazon S3: case id and a one-line reason.
# Fill it from a first run: s3-conformance run --config ${profilePath} --update-baseline ${baselinePath}
${stringify({ target: flags.name, deviations: [] })}`,
  );
  process.stdout.write(`wrote ${profilePath} and ${baselinePath}\n`);
  return 0;
}

export function registerInit(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('init')
    .description('write a commented target profile and an empty baseline for a new endpoint')
    .requiredOption('--endpoint <url>', 'the endpoint')
    .option('--name <name>', 'the target name', 'my-target')
    .option('--dir <dir>', 'where to write', '.')
    .action((flags) => setExitCode(init(flags)));
}
