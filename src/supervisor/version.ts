// The versions we report. VERSION is modulus's own (`modulus --version`, the image labels, the
// dashboard). SUPERVISORD_VERSION is the supervisord whose behaviour and API we reproduce: clients
// such as Python's supervisorctl compare it, so `version` and `supervisor.getSupervisorVersion`
// report that protocol level, not our package version.
export const VERSION = '0.1.0';
export const SUPERVISORD_VERSION = '4.2.5';
export const API_VERSION = '3.0';
