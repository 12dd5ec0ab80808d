export {
  type Accelerator,
  type DomainState,
  type DomainStatus,
  domainStates,
  type GuestOsInfo,
  readDomainStatus,
} from './domain-status.ts';
export {
  type DomainEvent,
  type DomainEventType,
  domainEventTypes,
  type EventData,
  type EventMap,
  type EventName,
  events,
  isEventName,
  type LauncherExiting,
  type MigrationPhase,
  migrationPhases,
  type MigrationStatus,
} from './events.ts';
export { DEFAULT_MAX_FRAME_BYTES, encodeFrame, FrameDecoder } from './frame-decoder.ts';
export { type Hello, type PeerRole, PROTOCOL_V1 } from './hello.ts';
export { InvalidFieldError } from './invalid-field-error.ts';
export {
  type EmptyParams,
  type EmptyResult,
  type GuestInfo,
  isMethodName,
  type MethodCodec,
  type MethodMap,
  type MethodName,
  type MethodParams,
  type MethodResult,
  methods,
  type CancelMigrationParams,
  type MigrateParams,
  type PrepareMigrationTargetParams,
  type PrepareMigrationTargetResult,
  type ScreenshotResult,
  type ShutdownParams,
  type SyncOptions,
  type SyncParams,
} from './methods.ts';
export {
  type ConnectionOptions,
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type EventHandlers,
  type PeerExpectation,
  ProtocolConnection,
  type RequestHandler,
  type RequestHandlers,
  type RequestOptions,
} from './protocol-connection.ts';
export { ProtocolError, type ProtocolErrorCode } from './protocol-error.ts';
export { RemoteError } from './remote-error.ts';
export {
  connectNoFollow,
  type ConnectNoFollowOptions,
  listenPrivate,
  type PrivateSocketServer,
  SafeSocketError,
} from './safe-socket.ts';
