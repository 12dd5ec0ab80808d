/**
 * @packageDocumentation
 * The backend-for-frontend of the console (issue 9).
 * Nothing is exported yet: the code arrives with the issue that owns it.
 */
export {};
