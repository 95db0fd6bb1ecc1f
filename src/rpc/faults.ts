// supervisord's XML-RPC fault codes (supervisor/xmlrpc.py Faults) and the RpcFault error the API
// methods throw; the server turns one into a <fault> with the same code and string supervisord sends.
import { ModulusError } from '../errors/modulus-error.js';

export const FAULTS = {
  UNKNOWN_METHOD: 1,
  INCORRECT_PARAMETERS: 2,
  BAD_ARGUMENTS: 3,
  SIGNATURE_UNSUPPORTED: 4,
  SHUTDOWN_STATE: 6,
  BAD_NAME: 10,
  BAD_SIGNAL: 11,
  NO_FILE: 20,
  NOT_EXECUTABLE: 21,
  FAILED: 30,
  ABNORMAL_TERMINATION: 40,
  SPAWN_ERROR: 50,
  ALREADY_STARTED: 60,
  NOT_RUNNING: 70,
  SUCCESS: 80,
  ALREADY_ADDED: 90,
  STILL_RUNNING: 91,
  CANT_REREAD: 92,
} as const;

export type FaultName = keyof typeof FAULTS;

const NAMES_BY_CODE = new Map<number, FaultName>(
  Object.entries(FAULTS).map(([name, code]) => [code, name as FaultName]),
);

/** The name of a fault code, or 'UNKNOWN' as supervisord's getFaultDescription says for others. */
export function faultName(code: number): FaultName | 'UNKNOWN' {
  return NAMES_BY_CODE.get(code) ?? 'UNKNOWN';
}

/** `BAD_NAME: foo`, or just `BAD_NAME` without extra text (supervisord's RPCError.text). */
export function formatFaultString(code: number, extra?: string): string {
  const name = faultName(code);
  return extra === undefined ? name : `${name}: ${extra}`;
}

/**
 * A fault an XML-RPC method reports on purpose. Thrown by API methods and by the client when the
 * server answers with a fault; `faultString` is exactly what goes over the wire.
 */
export class RpcFault extends ModulusError {
  readonly faultCode: number;
  readonly faultString: string;

  constructor(code: number | FaultName, extra?: string, options: { faultString?: string } = {}) {
    const faultCode = typeof code === 'number' ? code : FAULTS[code];
    const faultString = options.faultString ?? formatFaultString(faultCode, extra);
    super('RPC_FAULT', faultString);
    this.name = 'RpcFault';
    this.faultCode = faultCode;
    this.faultString = faultString;
  }

  /** A fault received from a server: its string is kept exactly as sent. */
  static fromWire(faultCode: number, faultString: string): RpcFault {
    return new RpcFault(faultCode, undefined, { faultString });
  }
}

export function isRpcFault(err: unknown): err is RpcFault {
  return err instanceof RpcFault;
}
