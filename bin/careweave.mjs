// The careweave command's entry point, in plain JavaScript so that it needs no compiling: it keeps compiled code
// between runs (in the system's temporary folder), then starts the command from its bundle (server-bundle.mjs). A
// restart then strips no TypeScript types, compiles no file again, and reads a few modules instead of a thousand.
import module from 'node:module';
import { entryPoint } from './server-bundle.mjs';

module.enableCompileCache?.();
await import(await entryPoint());
