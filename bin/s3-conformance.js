#!/usr/bin/env node
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
