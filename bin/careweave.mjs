// The careweave command's entry point, in plain JavaScript so that it needs no compiling: it keeps compiled code
// between runs (in the system's temporary folder), then starts the command. A restart then strips no TypeScript
// types and compiles no file again, and the type stripper is never loaded.
import module from 'node:module';

module.enableCompileCache?.();
await import('../src/cli.ts');
