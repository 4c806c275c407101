export * from './errors.ts';
export * from './databases.ts';
export * from './docs.ts';
