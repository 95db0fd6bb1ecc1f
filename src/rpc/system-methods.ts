// The method table behind /RPC2 and the system.* namespace over it (listMethods, methodHelp,
// methodSignature, multicall), with supervisord's lookup rules and multicall semantics.
import { FAULTS, RpcFault, isRpcFault } from './faults.js';
import type { RpcDispatcher, RpcRequestContext } from './http-server.js';
import { isXmlRpcStruct, type XmlRpcValue } from './xmlrpc-value.js';

export interface RpcMethod {
  readonly handler: (params: XmlRpcValue[], ctx: RpcRequestContext) => Promise<XmlRpcValue> | XmlRpcValue;
  /** [return type, ...parameter types], e.g. ['boolean', 'string', 'boolean']. */
  readonly signature: readonly string[];
  /** Fewest parameters accepted, when trailing ones are optional; defaults to all of them. */
  readonly minParams?: number;
  readonly help: string;
}

/** Method name (`namespace.method`) → method. */
export type MethodTable = Readonly<Record<string, RpcMethod>>;

/** The table plus system.*; the system methods see the whole combined table. */
export function withSystemMethods(methods: MethodTable): MethodTable {
  const table: Record<string, RpcMethod> = { ...methods };
  const dispatch = createDispatcher(table);
  const lookup = (name: XmlRpcValue | undefined): RpcMethod => {
    const method = typeof name === 'string' && Object.hasOwn(table, name) ? table[name] : undefined;
    if (method === undefined) throw new RpcFault(FAULTS.SIGNATURE_UNSUPPORTED);
    return method;
  };
  table['system.listMethods'] = {
    signature: ['array'],
    help: 'Return an array listing the available method names\n\n@return array result  An array of method names available (strings).',
    handler: () => Object.keys(table).sort(),
  };
  table['system.methodHelp'] = {
    signature: ['string', 'string'],
    help: "Return a string showing the method's documentation\n\n@param string name   The name of the method.\n@return string result The documentation for the method name.",
    handler: ([name]) => lookup(name).help,
  };
  table['system.methodSignature'] = {
    signature: ['array', 'string'],
    help: 'Return an array describing the method signature in the form [rtype, ptype, ptype...]\n\n@param string name  The name of the method.\n@return array result  The result.',
    handler: ([name]) => {
      const { signature } = lookup(name);
      if (signature.length === 0) throw new RpcFault(FAULTS.SIGNATURE_UNSUPPORTED);
      return [...signature];
    },
  };
  table['system.multicall'] = {
    signature: ['array', 'array'],
    help: "Process an array of calls, and return an array of results. Calls should be structs of the form\n{'methodName': string, 'params': array}. Each result will either be the result value, or a struct\nof the form {'faultCode': int, 'faultString': string}.\n\n@param array calls  An array of call requests\n@return array result  An array of results",
    handler: ([calls], ctx) => multicall(calls, ctx, dispatch),
  };
  return table;
}

/**
 * A dispatcher over a table, with supervisord's traverse() rules: exactly `namespace.method`, no
 * leading underscore (CVE-2017-11610), UNKNOWN_METHOD otherwise, INCORRECT_PARAMETERS on a wrong count.
 */
export function createDispatcher(table: MethodTable): RpcDispatcher {
  return async (methodName, params, ctx) => {
    const parts = methodName.split('.');
    const method = Object.hasOwn(table, methodName) ? table[methodName] : undefined;
    if (parts.length !== 2 || parts[1]?.startsWith('_') || method === undefined)
      throw new RpcFault(FAULTS.UNKNOWN_METHOD);
    const max = Math.max(0, method.signature.length - 1);
    if (params.length > max || params.length < (method.minParams ?? max))
      throw new RpcFault(FAULTS.INCORRECT_PARAMETERS);
    return method.handler(params, ctx);
  };
}

/**
 * Runs the calls one after another (a call that waits, like startProcess with wait, holds up the ones
 * after it, as supervisord's deferred callbacks do). Results are not wrapped in one-element arrays:
 * supervisord's implementation appends the bare value, whatever its docstring says.
 */
async function multicall(
  calls: XmlRpcValue | undefined,
  ctx: RpcRequestContext,
  dispatch: RpcDispatcher,
): Promise<XmlRpcValue[]> {
  if (!Array.isArray(calls)) throw new RpcFault(FAULTS.INCORRECT_PARAMETERS);
  const results: XmlRpcValue[] = [];
  for (const call of calls) {
    try {
      if (!isXmlRpcStruct(call)) throw new RpcFault(FAULTS.INCORRECT_PARAMETERS, 'call is not a struct');
      const { methodName } = call;
      const params = call.params ?? [];
      if (typeof methodName !== 'string') throw new RpcFault(FAULTS.INCORRECT_PARAMETERS, 'No methodName');
      if (methodName === 'system.multicall') {
        throw new RpcFault(FAULTS.INCORRECT_PARAMETERS, 'Recursive system.multicall forbidden');
      }
      if (!Array.isArray(params)) throw new RpcFault(FAULTS.INCORRECT_PARAMETERS);
      results.push(await dispatch(methodName, params, ctx));
    } catch (err) {
      results.push(faultStruct(err));
    }
  }
  return results;
}

function faultStruct(err: unknown): XmlRpcValue {
  if (isRpcFault(err)) return { faultCode: err.faultCode, faultString: err.faultString };
  const what = err instanceof Error ? `${err.name}:${err.message}` : String(err);
  return { faultCode: FAULTS.FAILED, faultString: `FAILED: ${what}` };
}
