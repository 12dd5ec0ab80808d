export { serveTestBff, signInWithToken, type SignedIn, type TestBff } from './serve-test-bff.ts';
