#!/usr/bin/env node
// From a checkout, Node (>= 22.18) runs the TypeScript sources directly. Installed as a package,
// the sources sit under node_modules, where Node strips no types: the built dist/ runs instead.
const installed = import.meta.url.includes('/node_modules/');
const { main } = await import(installed ? '../dist/src/cli/main.js' : '../src/cli/main.ts');

process.exitCode = await main(process.argv.slice(2));
