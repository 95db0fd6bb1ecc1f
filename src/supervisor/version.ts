// The supervisord version whose behaviour and API we reproduce; clients such as Python's
// supervisorctl compare it, so it reports the protocol level, not our package version.
export const SUPERVISORD_VERSION = '4.2.5';
export const API_VERSION = '3.0';
