// The version the CLI reports (supervisorctl's `version` and `supervisor.getSupervisorVersion`
// report the supervisord version we emulate; see src/rpc).
export const VERSION = '0.1.0';
