#!/usr/bin/env node
// The installed `quietude` command: runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/main.ts', import.meta.url).href);
