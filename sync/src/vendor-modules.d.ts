// These packages ship no types; they are only handed to PouchDB.plugin() or mounted as is.
declare module 'pouchdb-adapter-memory';
declare module 'pouchdb-adapter-idb';
declare module 'express-pouchdb';
