/**
 * @peculiar/x509 with the Reflect metadata polyfill its DI container (tsyringe) needs. Its CJS build
 * does not load one itself, so every native module imports x509 from here.
 */
import 'reflect-metadata';

export * from '@peculiar/x509';
