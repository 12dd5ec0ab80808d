export { main, virtctlCommands, type VirtctlIo } from './main.ts';
