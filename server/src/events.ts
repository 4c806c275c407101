import { EventEmitter } from 'node:events';

/**
 * In-process signals between the gateway and the workers. The gateway tells which principal
 * database a device just wrote to, so workers look there at once instead of polling every
 * database; workers still sweep all databases on start and now and then, so a missed signal
 * (a crash between the write and the emit) only delays work, never loses it.
 */
class PlatformEvents extends EventEmitter {
  databaseWritten(dbName: string): void {
    this.emit('database-written', dbName);
  }

  onDatabaseWritten(listener: (dbName: string) => void): () => void {
    this.on('database-written', listener);
    return () => this.off('database-written', listener);
  }
}

export const platformEvents = new PlatformEvents();
platformEvents.setMaxListeners(50);
