/** moment-business-time ships no types; B1 only imports it for its side effect on moment. */
declare module 'moment-business-time';
