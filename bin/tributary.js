#!/usr/bin/env node
// The `tributary` command. Runs the TypeScript sources through tsx's loader, so `npm ci` is the only install step.
import { register } from 'tsx/esm/api';

register();
await import('../src/hosts/cli/main.ts');
