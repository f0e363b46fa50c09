/** The client API contract: import from here. */
export * from './channels';
export * from './events';
export * from './errors';
export * from './check';
export * from './wire';
export * from './views';
export * from './records';
export * from './reviewer';
