// The supervisor.* namespace as a method table (signature, help, handler), with supervisord's
// deprecated aliases that clients still call, and the dispatcher /RPC2 serves it through.
import { createDispatcher, withSystemMethods, type MethodTable, type RpcMethod } from '../system-methods.js';
import type { RpcDispatcher } from '../http-server.js';
import type { XmlRpcValue } from '../xmlrpc-value.js';
import { getAllConfigInfo, reloadConfig, addProcessGroup, removeProcessGroup } from './config-api.js';
import {
  assertRunning,
  boolParam,
  current,
  intParam,
  lookupProcess,
  stringParam,
  wallNow,
  type ApiContext,
} from './context.js';
import * as logs from './logs-api.js';
import * as control from './process-control.js';
import { processInfo } from './process-info.js';
import * as sup from './supervisor-api.js';

type Handler = (params: XmlRpcValue[]) => Promise<XmlRpcValue> | XmlRpcValue;

interface Spec {
  readonly signature: readonly string[];
  readonly minParams?: number;
  readonly help: string;
  readonly handler: Handler;
  /** sendRemoteCommEvent works even while the supervisor stops, as in supervisord. */
  readonly always?: boolean;
}

const NAME = '@param string name  Process name, or group:name (group:* for a whole group)';
const WAIT = '@param boolean wait  Wait until every process is fully started or stopped (default true)';
const RESULTS = '@return array result  One struct per process: name, group, status, description';
const SIGNAL = "@param string signal  Signal name ('HUP', 'SIGHUP') or number ('1')";
const LOGREAD =
  '@param int offset  Where to start; negative reads that many bytes from the end\n@param int length  How many bytes; 0 reads to the end';
const TAIL =
  '@param int offset  Offset of the previous tail\n@param int length  Most bytes wanted\n@return array result  [string bytes, int offset, bool overflow]';

function specs(ctx: ApiContext): Record<string, Spec> {
  const s = (p: XmlRpcValue[], i: number): string => stringParam(p[i]);
  const n = (p: XmlRpcValue[], i: number): number => intParam(p[i]);
  const wait = (p: XmlRpcValue[], i: number): boolean => boolParam(p[i], true);
  const info = (name: string): XmlRpcValue => {
    const { supervisor, logs: childLogs } = current(ctx);
    return processInfo(lookupProcess(supervisor, name), childLogs, wallNow(ctx));
  };
  return {
    getAPIVersion: {
      signature: ['string'],
      help: 'The version of the XML-RPC API (3.0)\n\n@return string version',
      handler: sup.getAPIVersion,
    },
    getSupervisorVersion: {
      signature: ['string'],
      help: 'The supervisord version this server behaves as\n\n@return string version',
      handler: sup.getSupervisorVersion,
    },
    getIdentification: {
      signature: ['string'],
      help: "The supervisor's identifier option\n\n@return string identifier",
      handler: () => sup.getIdentification(ctx),
    },
    getState: {
      signature: ['struct'],
      help: "The supervisor's state\n\n@return struct state  int statecode, string statename",
      handler: () => sup.getState(ctx),
    },
    getPID: {
      signature: ['int'],
      help: "The supervisor's process id\n\n@return int pid",
      handler: sup.getPID,
    },
    readLog: {
      signature: ['string', 'int', 'int'],
      help: `Read bytes of the supervisor's own log\n\n${LOGREAD}\n@return string bytes`,
      handler: (p) => logs.readMainLog(ctx, n(p, 0), n(p, 1)),
    },
    clearLog: {
      signature: ['boolean'],
      help: "Empty the supervisor's own log\n\n@return boolean result",
      handler: () => logs.clearMainLog(ctx),
    },
    shutdown: {
      signature: ['boolean'],
      help: 'Stop every process, then the supervisor\n\n@return boolean result',
      handler: () => sup.shutdown(ctx),
    },
    restart: {
      signature: ['boolean'],
      help: 'Stop every process, read the config again and start over\n\n@return boolean result',
      handler: () => sup.restart(ctx),
    },
    reloadConfig: {
      signature: ['array'],
      help: 'Read the config file again and compare its groups with the running ones; nothing starts or stops\n\n@return array result  [[added, changed, removed]] group names',
      handler: () => reloadConfig(ctx),
    },
    addProcessGroup: {
      signature: ['boolean', 'string'],
      help: 'Add a group from the config last read and start its autostart programs\n\n@param string name  Group name\n@return boolean result',
      handler: (p) => addProcessGroup(ctx, s(p, 0)),
    },
    removeProcessGroup: {
      signature: ['boolean', 'string'],
      help: 'Remove a group whose processes are all stopped\n\n@param string name  Group name\n@return boolean result',
      handler: (p) => removeProcessGroup(ctx, s(p, 0)),
    },
    startProcess: {
      signature: ['boolean', 'string', 'boolean'],
      minParams: 1,
      help: `Start a process\n\n${NAME}\n@param boolean wait  Wait until it is RUNNING (default true)\n@return boolean result`,
      handler: (p) => control.startProcess(ctx, s(p, 0), wait(p, 1)),
    },
    startProcessGroup: {
      signature: ['array', 'string', 'boolean'],
      minParams: 1,
      help: `Start the processes of a group that are not running\n\n@param string name  Group name\n${WAIT}\n${RESULTS}`,
      handler: (p) => control.startProcessGroup(ctx, s(p, 0), wait(p, 1)),
    },
    startAllProcesses: {
      signature: ['array', 'boolean'],
      minParams: 0,
      help: `Start every process that is not running\n\n${WAIT}\n${RESULTS}`,
      handler: (p) => control.startAllProcesses(ctx, wait(p, 0)),
    },
    stopProcess: {
      signature: ['boolean', 'string', 'boolean'],
      minParams: 1,
      help: `Stop a process\n\n${NAME}\n@param boolean wait  Wait until it is stopped (default true)\n@return boolean result`,
      handler: (p) => control.stopProcess(ctx, s(p, 0), wait(p, 1)),
    },
    stopProcessGroup: {
      signature: ['array', 'string', 'boolean'],
      minParams: 1,
      help: `Stop the running processes of a group\n\n@param string name  Group name\n${WAIT}\n${RESULTS}`,
      handler: (p) => control.stopProcessGroup(ctx, s(p, 0), wait(p, 1)),
    },
    stopAllProcesses: {
      signature: ['array', 'boolean'],
      minParams: 0,
      help: `Stop every running process\n\n${WAIT}\n${RESULTS}`,
      handler: (p) => control.stopAllProcesses(ctx, wait(p, 0)),
    },
    signalProcess: {
      signature: ['boolean', 'string', 'string'],
      help: `Send a signal to a process\n\n${NAME}\n${SIGNAL}\n@return boolean result`,
      handler: (p) => control.signalProcess(ctx, s(p, 0), p[1]!),
    },
    signalProcessGroup: {
      signature: ['array', 'string', 'string'],
      help: `Send a signal to every process of a group\n\n@param string name  Group name\n${SIGNAL}\n${RESULTS}`,
      handler: (p) => control.signalProcessGroup(ctx, s(p, 0), p[1]!),
    },
    signalAllProcesses: {
      signature: ['array', 'string'],
      help: `Send a signal to every process\n\n${SIGNAL}\n${RESULTS}`,
      handler: (p) => control.signalAllProcesses(ctx, p[0]!),
    },
    getAllConfigInfo: {
      signature: ['array'],
      help: 'Every configured process (groups flattened) with its settings\n\n@return array result  One struct per process',
      handler: () => getAllConfigInfo(ctx),
    },
    getProcessInfo: {
      signature: ['struct', 'string'],
      help: `State and times of a process\n\n${NAME}\n@return struct result`,
      handler: (p) => info(s(p, 0)),
    },
    getAllProcessInfo: {
      signature: ['array'],
      help: 'State and times of every process, by group name then process name\n\n@return array result',
      handler: () => {
        const { supervisor, logs: childLogs } = current(ctx);
        return supervisor.processesByName().map((proc) => processInfo(proc, childLogs, wallNow(ctx)));
      },
    },
    readProcessStdoutLog: {
      signature: ['string', 'string', 'int', 'int'],
      help: `Read bytes of a process's stdout log\n\n${NAME}\n${LOGREAD}\n@return string bytes`,
      handler: (p) => logs.readProcessLog(ctx, s(p, 0), 'stdout', n(p, 1), n(p, 2)),
    },
    readProcessStderrLog: {
      signature: ['string', 'string', 'int', 'int'],
      help: `Read bytes of a process's stderr log\n\n${NAME}\n${LOGREAD}\n@return string bytes`,
      handler: (p) => logs.readProcessLog(ctx, s(p, 0), 'stderr', n(p, 1), n(p, 2)),
    },
    tailProcessStdoutLog: {
      signature: ['array', 'string', 'int', 'int'],
      help: `The end of a process's stdout log, from offset when nothing newer was skipped\n\n${NAME}\n${TAIL}`,
      handler: (p) => logs.tailProcessLog(ctx, s(p, 0), 'stdout', n(p, 1), n(p, 2)),
    },
    tailProcessStderrLog: {
      signature: ['array', 'string', 'int', 'int'],
      help: `The end of a process's stderr log, from offset when nothing newer was skipped\n\n${NAME}\n${TAIL}`,
      handler: (p) => logs.tailProcessLog(ctx, s(p, 0), 'stderr', n(p, 1), n(p, 2)),
    },
    clearProcessLogs: {
      signature: ['boolean', 'string'],
      help: `Empty both logs of a process\n\n${NAME}\n@return boolean result`,
      handler: (p) => logs.clearProcessLogs(ctx, s(p, 0)),
    },
    clearAllProcessLogs: {
      signature: ['array'],
      help: `Empty the logs of every process\n\n${RESULTS}`,
      handler: () => logs.clearAllProcessLogs(ctx),
    },
    sendProcessStdin: {
      signature: ['boolean', 'string', 'string'],
      help: `Write text to a process's stdin (as UTF-8)\n\n${NAME}\n@param string chars  The text\n@return boolean result`,
      handler: (p) => sup.sendProcessStdin(ctx, s(p, 0), p[1]),
    },
    sendRemoteCommEvent: {
      signature: ['boolean', 'string', 'string'],
      help: 'Publish a REMOTE_COMMUNICATION event to event listeners\n\n@param string type  The type: header\n@param string data  The body\n@return boolean result',
      handler: (p) => sup.sendRemoteCommEvent(ctx, s(p, 0), s(p, 1)),
      always: true,
    },
  };
}

/** Names supervisord keeps for older clients; supervisorctl still calls getVersion and readProcessLog. */
const ALIASES: Readonly<Record<string, string>> = {
  getVersion: 'getAPIVersion',
  readMainLog: 'readLog',
  readProcessLog: 'readProcessStdoutLog',
  tailProcessLog: 'tailProcessStdoutLog',
  clearProcessLog: 'clearProcessLogs',
};

/** The supervisor.* methods bound to a context (without system.*). */
export function supervisorMethods(ctx: ApiContext): MethodTable {
  const table: Record<string, RpcMethod> = {};
  const all = specs(ctx);
  for (const [name, spec] of Object.entries(all)) table[`supervisor.${name}`] = bind(ctx, spec);
  for (const [alias, target] of Object.entries(ALIASES))
    table[`supervisor.${alias}`] = bind(ctx, all[target]!);
  return table;
}

function bind(ctx: ApiContext, spec: Spec): RpcMethod {
  return {
    signature: spec.signature,
    minParams: spec.minParams,
    help: spec.help,
    handler: (params) => {
      if (!spec.always) assertRunning(ctx);
      return spec.handler(params);
    },
  };
}

/** What /RPC2 serves: supervisor.* and system.* over it. */
export function createApiDispatcher(ctx: ApiContext): RpcDispatcher {
  return createDispatcher(withSystemMethods(supervisorMethods(ctx)));
}
