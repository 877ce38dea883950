#!/usr/bin/env node
// The zoneledger command (package.json "bin", `npm run demo`, infra/up.sh): runs the story's
// command line from its TypeScript sources (ts-node, transpile only), no build needed.
const { join } = require('node:path');

const root = join(__dirname, '..', '..', '..');
process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || join(root, 'tsconfig.json');
require('ts-node').register({ transpileOnly: true, project: process.env.TS_NODE_PROJECT });
require('tsconfig-paths/register');
require(join(root, 'libs', 'story', 'src', 'main.ts'));
