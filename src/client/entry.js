// The `tributary/client` entry for plain Node: the client is TypeScript, run (like the `tributary` command) through
// tsx — here with tsImport, which compiles only this module tree and leaves the host application's loader alone.
import { tsImport } from 'tsx/esm/api';

const client = await tsImport('./index.ts', import.meta.url);
export const createClient = client.createClient;
