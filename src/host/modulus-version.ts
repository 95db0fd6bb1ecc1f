// The version modulus reports (`modulus --version`, the image labels). supervisorctl's `version`
// and `supervisor.getSupervisorVersion` report the supervisord version we emulate instead
// (src/supervisor/version.ts).
export const VERSION = '0.1.0';
