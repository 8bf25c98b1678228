// The CLI loads only the module of the command a command line names (src/cli/main.ts): every
// command must then still be there, with fewer modules loaded than for help.
import { expect, test } from 'vitest';
import { buildProgram } from '../src/cli/main.ts';

test('every command is registered when the command line names it, by its module alone', async () => {
  const ignoreExitCode = () => undefined;
  const everyCommand = (await buildProgram(ignoreExitCode)).commands.map((command) => command.name());
  expect(everyCommand).toEqual(expect.arrayContaining(['run', 'list', 'fuzz', 'matrix', 'probe', 'serve', 'init', 'explain']));
  for (const name of everyCommand) {
    const registered = (await buildProgram(ignoreExitCode, [name, '--help'])).commands.map((command) => command.name());
    expect(registered, name).toContain(name);
    expect(registered.length, name).toBeLessThan(everyCommand.length);
  }
});
