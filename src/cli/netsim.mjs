#!/usr/bin/env node
// The `netsim` command (package.json "bin"). The sources are TypeScript: tsx's loader lets Node
// run them as they are, so there is no build step between editing and running.
import { register } from 'tsx/esm/api';

register();
// A dynamic import: a static one would be loaded before the loader is registered.
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
