// The supervisorctl controller: holds the connection options and the exit status, parses a
// command line as Python's cmd module does, runs the command, and turns what goes wrong
// (authentication, unreachable server, unexpected faults) into supervisorctl's output.
import { STATUS_CODES } from 'node:http';
import { ModulusError, errnoCode } from '../errors/modulus-error.js';
import { createRpcClient, displayUrl, RpcHttpError, type RpcClient } from '../rpc/client.js';
import { FAULTS, RpcFault } from '../rpc/faults.js';
import type { XmlRpcValue } from '../rpc/xmlrpc-value.js';
import { EXIT } from './exit-codes.js';

export interface CtlOptions {
  serverurl: string;
  username: string | null;
  password: string | null;
  prompt: string;
  historyFile: string | null;
  /** Asks before shutdown and reload, and for credentials on a 401, as the shell does. */
  interactive: boolean;
}

/** The terminal the controller talks to; tests and the shell provide their own. */
export interface CtlIo {
  /** Writes to stdout as is. */
  write(text: string | Uint8Array): void;
  /** Writes to stderr as is. */
  writeError(text: string): void;
  /** One line of input without its newline, or null at end of input or on Ctrl-C. */
  readLine(prompt: string, options?: { secret?: boolean }): Promise<string | null>;
  /** Runs `handler` on Ctrl-C until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
}

export type CommandResult = void | 'exit';

export interface CommandSpec {
  run(ctl: Controller, arg: string): Promise<CommandResult>;
  /** `help <command>` lines; commands without help are left out of the topic list. */
  readonly help?: readonly string[];
}

/** supervisord's API version this client speaks (rpcinterface.API_VERSION). */
export const API_VERSION = '3.0';

const IDENT_CHARS = /^[A-Za-z0-9_]*/;

/** Python cmd's parseline: `?x` is `help x`, the command is the leading identifier characters. */
export function parseLine(line: string): { command: string | null; arg: string; line: string } {
  let text = line.trim();
  if (text === '') return { command: null, arg: '', line: '' };
  if (text.startsWith('?')) text = `help ${text.slice(1)}`;
  else if (text.startsWith('!')) return { command: null, arg: text.slice(1), line: text };
  const command = IDENT_CHARS.exec(text)![0];
  return { command, arg: text.slice(command.length).trim(), line: text };
}

/** The errno behind a failed connection (ENOENT, ECONNREFUSED, …), or undefined. */
export function connectionErrno(err: unknown): string | undefined {
  if (err instanceof ModulusError && err.code === 'RPC_UNREACHABLE') return errnoCode(err.cause);
  return undefined;
}

export class Controller {
  exitStatus: number = EXIT.SUCCESS;
  private rpc: RpcClient | undefined;

  constructor(
    readonly options: CtlOptions,
    readonly io: CtlIo,
    private readonly commands: Readonly<Record<string, CommandSpec>>,
  ) {}

  /** The server URL as messages show it: without any user:password@. */
  get serverUrl(): string {
    return displayUrl(this.options.serverurl);
  }

  output(line: string): void {
    this.io.write(`${line}\n`);
  }

  /** Prints an error line followed by the command's help lines, and sets the exit status. */
  fail(message: string, help: readonly string[] = [], status: number = EXIT.GENERIC): void {
    this.output(message);
    this.exitStatus = status;
    for (const line of help) this.output(line);
  }

  /** For commands that take no arguments: says so and returns false when some were given. */
  acceptsNoArguments(command: string, arg: string, help: readonly string[]): boolean {
    if (arg === '') return true;
    this.fail(`Error: ${command} accepts no arguments`, help);
    return false;
  }

  command(name: string): CommandSpec | undefined {
    return Object.hasOwn(this.commands, name) ? this.commands[name] : undefined;
  }

  commandNames(): string[] {
    return Object.keys(this.commands);
  }

  client(): RpcClient {
    this.rpc ??= createRpcClient(this.options.serverurl, {
      username: this.options.username,
      password: this.options.password,
    });
    return this.rpc;
  }

  /** Forgets the connection, after `open` or new credentials. */
  reconnect(): void {
    this.rpc?.close();
    this.rpc = undefined;
  }

  call(method: string, params: readonly XmlRpcValue[] = []): Promise<XmlRpcValue> {
    return this.client().call(`supervisor.${method}`, params);
  }

  close(): void {
    this.reconnect();
  }

  /**
   * Checks that the server answers and speaks API 3.0; prints why not and sets the exit
   * status (7 no socket file, 4 refused, 3 no supervisor namespace, 5 wrong version).
   */
  async upcheck(): Promise<boolean> {
    try {
      const api = await this.call('getVersion');
      if (api !== API_VERSION) {
        this.output(
          `Sorry, this version of supervisorctl expects to talk to a server with API version ${API_VERSION}, ` +
            `but the remote version is ${String(api)}.`,
        );
        this.exitStatus = EXIT.NOT_INSTALLED;
        return false;
      }
      return true;
    } catch (err) {
      if (err instanceof RpcFault && err.faultCode === FAULTS.UNKNOWN_METHOD) {
        this.output(
          'Sorry, supervisord responded but did not recognize the supervisor namespace commands that ' +
            'supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] section ' +
            'is enabled in the configuration file (see sample.conf).',
        );
        this.exitStatus = EXIT.UNIMPLEMENTED_FEATURE;
        return false;
      }
      const errno = connectionErrno(err);
      if (errno === 'ECONNREFUSED') {
        this.output(`${this.serverUrl} refused connection`);
        this.exitStatus = EXIT.INSUFFICIENT_PRIVILEGES;
        return false;
      }
      if (errno === 'ENOENT') {
        this.output(`${this.serverUrl} no such file`);
        this.exitStatus = EXIT.NOT_RUNNING;
        return false;
      }
      this.exitStatus = EXIT.GENERIC;
      throw err;
    }
  }

  /** Runs one command line; 'exit' when the shell should end (quit, exit, EOF). */
  async onecmd(input: string): Promise<CommandResult> {
    const { command, arg, line } = parseLine(input);
    if (line === '') return;
    const spec = command ? this.command(command) : undefined;
    if (spec === undefined) {
      this.output(`*** Unknown syntax: ${line}`);
      this.exitStatus = EXIT.GENERIC;
      return;
    }
    try {
      return await spec.run(this, arg);
    } catch (err) {
      if (err instanceof RpcHttpError && err.status === 401) return this.onUnauthorized(input, err);
      this.output(describeError(err));
      this.exitStatus = EXIT.GENERIC;
    }
  }

  private async onUnauthorized(line: string, err: RpcHttpError): Promise<CommandResult> {
    this.output('Server requires authentication');
    if (!this.options.interactive) {
      // supervisorctl then runs the command once more, which fails the same way and prints this.
      this.output(describeError(err));
      this.exitStatus = EXIT.GENERIC;
      return;
    }
    const username = await this.io.readLine('Username:');
    const password = username === null ? null : await this.io.readLine('Password:', { secret: true });
    this.output('');
    if (username === null || password === null) return 'exit';
    this.options.username = username;
    this.options.password = password;
    this.reconnect();
    return this.onecmd(line);
  }
}

const PYTHON_OS_ERRORS: Readonly<Record<string, [string, number, string]>> = {
  ENOENT: ['FileNotFoundError', 2, 'No such file or directory'],
  EACCES: ['PermissionError', 13, 'Permission denied'],
  ECONNREFUSED: ['ConnectionRefusedError', 111, 'Connection refused'],
  ECONNRESET: ['ConnectionResetError', 104, 'Connection reset by peer'],
  EPIPE: ['BrokenPipeError', 32, 'Broken pipe'],
  ETIMEDOUT: ['TimeoutError', 110, 'Connection timed out'],
};

/**
 * supervisorctl prints an unexpected exception as `error: <class 'X'>, value`; we print the same
 * class and value (without the Python file and line) so scripts that match on it keep working.
 */
export function describeError(err: unknown): string {
  if (err instanceof RpcFault) {
    return `error: <class 'xmlrpc.client.Fault'>, <Fault ${err.faultCode}: ${pythonRepr(err.faultString)}>`;
  }
  if (err instanceof RpcHttpError) {
    // supervisorctl's ServerProxy always names this fake URL, whatever the real server is.
    const reason = STATUS_CODES[err.status] ?? '';
    return `error: <class 'xmlrpc.client.ProtocolError'>, <ProtocolError for 127.0.0.1/RPC2: ${err.status} ${reason}>`;
  }
  const errno = connectionErrno(err);
  if (errno !== undefined) {
    const known = PYTHON_OS_ERRORS[errno];
    if (known) return `error: <class '${known[0]}'>, [Errno ${known[1]}] ${known[2]}`;
    return `error: <class 'OSError'>, ${errno}`;
  }
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

/** Python's repr() of a str, enough for fault strings. */
export function pythonRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
  return `${quote}${body}${quote}`;
}
