import { FieldReader } from './field-reader.ts';

/** The protocol this library speaks. A breaking change gets a new name, served side by side. */
export const PROTOCOL_V1 = 'podvisor.launcher/v1';

/** Which component a peer is. */
export type PeerRole = 'handler' | 'launcher';

/** The first message on a connection, in both directions. Claims, not proof of identity. */
export interface Hello {
  protocol: typeof PROTOCOL_V1;
  role: PeerRole;
  /** The launcher's pod. */
  podUid?: string;
  /** The VMI the launcher runs. */
  vmiUid?: string;
}

/** Checks a v1 Hello (its `protocol` already compared); throws an `InvalidFieldError`. */
export function readHello(value: unknown, path: string): Hello {
  const hello = FieldReader.of(value, path);
  hello.oneOf('protocol', [PROTOCOL_V1]);
  hello.oneOf('role', ['handler', 'launcher']);
  hello.optionalString('podUid');
  hello.optionalString('vmiUid');
  return value as Hello;
}
