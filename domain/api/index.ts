/** The bianban server's HTTP shapes (TypeBox), shared by the server's routes and the client's parsing. */
export * from './common';
export * from './auth';
export * from './ca';
export * from './forms';
export * from './requests';
export * from './sync';
export * from './change-fields';
