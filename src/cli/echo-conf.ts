// `modulus echo_supervisord_conf`: prints a sample supervisord config to stdout, as supervisor's
// echo_supervisord_conf does (`echo_supervisord_conf > /etc/supervisord.conf`). Our own text; as
// printed it is a working config for supervisord 4.2.5 and for ours (the tests run both on it).
const SAMPLE = `; supervisord configuration (printed by echo_supervisord_conf).
;
; The syntax is an INI file: "key = value" lines under [section] headers. Lines starting with
; ";" or "#" are comments; an inline comment needs whitespace before its ";" ("a = b ;note").
; Values are not run through a shell: "~" is expanded in paths, and %(ENV_HOME)s stands for
; the environment variable HOME. Quotes are taken literally except in environment= values.
; The paths below use /tmp only so that the file works as it is; pick lasting places for a
; real installation (a removed socket file cuts supervisorctl off from supervisord).

[unix_http_server]
file=/tmp/supervisor.sock   ; the control socket supervisorctl talks to
;chmod=0700                 ; its mode (0700: only its owner may connect)
;chown=nobody:nogroup       ; its owner (user or user:group)
;username=user              ; require a username ...
;password=123               ; ... and password (plain, or {SHA} and a hex SHA-1)

; A TCP control server is off unless this section is present. Without a username and
; password anyone who can reach the port controls every program, so bind it to loopback.
;[inet_http_server]
;port=127.0.0.1:9001        ; host:port, or just a port for every interface
;username=user              ; require a username ...
;password=123               ; ... and password

[supervisord]
logfile=/tmp/supervisord.log ; the main log (default $CWD/supervisord.log)
logfile_maxbytes=50MB        ; rotate it at this size (0: never)
logfile_backups=10           ; how many rotated copies to keep (0: none)
loglevel=info                ; critical, error, warn, info, debug, trace or blather
pidfile=/tmp/supervisord.pid ; where supervisord writes its pid
nodaemon=false               ; true: stay in the foreground
silent=false                 ; true (in the foreground): no log on stdout
minfds=1024                  ; refuse to start with fewer file descriptors available
minprocs=200                 ; refuse to start with fewer processes available
;umask=022                   ; the umask when daemonized
;user=supervisord            ; drop root privileges to this user at start-up
;identifier=supervisor       ; this supervisord's name over the control API
;directory=/tmp              ; the directory to change to when daemonized
;nocleanup=true              ; keep the AUTO child logs of earlier runs at start-up
;childlogdir=/tmp            ; where AUTO child logs go (default: the temp directory)
;environment=KEY="value"     ; added to the environment of every program
;strip_ansi=false            ; true: remove ANSI escape sequences from child output

; supervisorctl and the control API need this section (the XML-RPC interface).
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix:///tmp/supervisor.sock ; the [unix_http_server] file, as a unix:// URL
;serverurl=http://127.0.0.1:9001      ; or the [inet_http_server] port
;username=chris                       ; as set in the server section
;password=123                         ; as set in the server section
;prompt=mysupervisor                  ; the interactive shell's prompt
;history_file=~/.sc_history           ; keep the shell's command history here

; A program: remove the ";" of a line to set that key (the values shown are examples; the
; default of each key is in parentheses).
;[program:theprogramname]
;command=/bin/cat              ; the command to run, with its arguments (required)
;process_name=%(program_name)s ; the process name (the program name); must use process_num when numprocs > 1
;numprocs=1                    ; how many processes of the program to run (1)
;directory=/tmp                ; the directory to start it in (supervisord's own)
;umask=022                     ; its umask (supervisord's own)
;priority=999                  ; lower starts first and stops last (999)
;autostart=true                ; start it when supervisord starts (true)
;startsecs=1                   ; it counts as started once it has run this long (1)
;startretries=3                ; failed starts in a row before it is given up on (3)
;autorestart=unexpected        ; restart when it exits: false, unexpected or true (unexpected)
;exitcodes=0                   ; the exit codes that are expected (0)
;stopsignal=QUIT               ; the signal that stops it (TERM)
;stopwaitsecs=10               ; seconds to wait after stopsignal before SIGKILL (10)
;stopasgroup=false             ; send stopsignal to its whole process group (false)
;killasgroup=false             ; send SIGKILL to its whole process group (false)
;user=chrism                   ; run it as this user
;redirect_stderr=true          ; send its stderr to its stdout log (false)
;stdout_logfile=/a/path        ; its stdout log: a path, NONE or AUTO (AUTO)
;stdout_logfile_maxbytes=1MB   ; rotate that log at this size (50MB)
;stdout_logfile_backups=10     ; rotated copies to keep (10)
;stdout_capture_maxbytes=1MB   ; capture-mode buffer size for comm events (0)
;stdout_events_enabled=false   ; emit PROCESS_LOG_STDOUT events (false)
;stdout_syslog=false           ; also send its stdout to syslog (false)
;stderr_logfile=/a/path        ; its stderr log: a path, NONE or AUTO (AUTO)
;stderr_logfile_maxbytes=1MB   ; rotate that log at this size (50MB)
;stderr_logfile_backups=10     ; rotated copies to keep (10)
;stderr_capture_maxbytes=1MB   ; capture-mode buffer size for comm events (0)
;stderr_events_enabled=false   ; emit PROCESS_LOG_STDERR events (false)
;stderr_syslog=false           ; also send its stderr to syslog (false)
;environment=A="1",B="2"       ; added to its environment
;serverurl=AUTO                ; SUPERVISOR_SERVER_URL for it (AUTO: the server's own)

; An event listener pool takes the [program] keys above (not redirect_stderr or
; stdout_capture_maxbytes) and these.
;[eventlistener:theeventlistenername]
;command=/bin/eventlistener    ; the listener to run (required)
;events=EVENT                  ; the event types it subscribes to (required)
;buffer_size=10                ; events kept while no listener is ready (10)
;result_handler=supervisor.dispatchers:default_handler ; how RESULT bodies are judged

; A group puts programs under one name for start/stop (group:*).
;[group:thegroupname]
;programs=progname1,progname2  ; the [program:x] names, comma-separated (required)
;priority=999                  ; the group's priority (999)

; More config files, by glob; relative globs are relative to this file.
;[include]
;files = relative/directory/*.ini
`;

export function sampleConfig(): string {
  return SAMPLE;
}

export function main(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write('echo_supervisord_conf takes no arguments\n');
    return Promise.resolve(2);
  }
  process.stdout.write(SAMPLE);
  return Promise.resolve(0);
}
