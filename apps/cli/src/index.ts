export { main, commands } from './main.ts';
export type { Command, CommandIo } from './command.ts';
