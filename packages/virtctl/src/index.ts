export { main, programNameFor, virtctlCommands } from './main.ts';
export type { InputStream, OutputStream, VirtctlIo } from './virtctl-io.ts';
