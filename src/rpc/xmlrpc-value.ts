// The values XML-RPC carries, as TypeScript sees them, and the limits every decode runs under.

/**
 * int/i4 and double are `number`; boolean; string; dateTime.iso8601 is a `Date` (read and written as
 * UTC, since the wire format has no zone); base64 is a `Uint8Array`; `null` is `<nil/>` (Python's
 * allow_none); arrays and structs nest.
 */
export type XmlRpcValue = number | boolean | string | Date | Uint8Array | null | XmlRpcValue[] | XmlRpcStruct;

export interface XmlRpcStruct {
  [member: string]: XmlRpcValue;
}

export interface XmlRpcLimits {
  /** Largest body accepted, in bytes (UTF-16 code units for a string body). */
  readonly maxBytes: number;
  /** Deepest nesting of arrays and structs inside one value. */
  readonly maxValueDepth: number;
}

/** supervisord's API nests at most four levels; 64 leaves room for any honest client. */
export const DEFAULT_XMLRPC_LIMITS: XmlRpcLimits = { maxBytes: 1024 * 1024, maxValueDepth: 64 };

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

export function isXmlRpcStruct(value: XmlRpcValue | undefined): value is XmlRpcStruct {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}

/** Sets a struct member as an own property, so a member named `__proto__` is data, not a prototype. */
export function setMember(struct: XmlRpcStruct, name: string, value: XmlRpcValue): void {
  Object.defineProperty(struct, name, { value, enumerable: true, writable: true, configurable: true });
}
