export { ConsolePopoutPage } from './ConsolePopoutPage.tsx';
export { ConsoleViewer, type ConsoleViewerProps } from './ConsoleViewer.tsx';
