#!/usr/bin/env node
// The young generation's semi-spaces: V8 lets each grow to 32 MB, which a run fills with
// short-lived request and response objects and never gives back (about 50 MB of its peak, in this
// thread and in the vitest worker alike). 4 MB costs no measurable time. The heap is sized when
// the process starts, so the flag goes on the command line: the process replaces itself with one
// that has it, before anything is loaded (process.execve: Node 22.15 and later, not on Windows;
// elsewhere the run goes on with V8's default, and the worker still gets the flag, see run-suite.ts).
import module from 'node:module';

const SEMI_SPACE_FLAG = '--max-semi-space-size=4';
const flagGiven = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) =>
  arg.startsWith('--max-semi-space-size'),
);
if (!flagGiven && typeof process.execve === 'function') {
  process.execve(process.execPath, [process.execPath, SEMI_SPACE_FLAG, ...process.execArgv, ...process.argv.slice(1)], process.env);
}

// Node's on-disk cache of compiled modules (in the system's temporary directory, kept per Node
// version and file content): the TypeScript sources are stripped of their types and compiled once,
// not on every run, which halves the CPU a run spends before its first request.
module.enableCompileCache?.();

// From a checkout, Node (>= 22.18) runs the TypeScript sources directly. Installed as a package,
// the sources sit under node_modules, where Node strips no types: the built dist/ runs instead.
const installed = import.meta.url.includes('/node_modules/');
const { main } = await import(installed ? '../dist/src/cli/main.js' : '../src/cli/main.ts');

// Output piped into a reader that stops early (`| head`): stop printing, but let the run finish
// and clean up after itself.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    stream.write = () => true;
  });
}

process.exitCode = await main(process.argv.slice(2));
