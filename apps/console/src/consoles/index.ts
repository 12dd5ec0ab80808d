export { SerialConsole, type SerialConsoleProps } from './SerialConsole.tsx';
