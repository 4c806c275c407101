// Packages that ship no type declarations; they are only handed to PouchDB.plugin() or express.
declare module 'express-pouchdb';
declare module 'pouchdb-adapter-leveldb';
declare module 'pouchdb-adapter-memory';
declare module 'pouchdb-mapreduce';
