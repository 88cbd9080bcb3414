import { databaseNameOf, DEFAULT_DATABASE } from './storage.options.js';

describe('databaseNameOf', () => {
  it('reads the database of a replica set URL listing every member with its port', () => {
    expect(
      databaseNameOf('mongodb://mongo-1:27017,mongo-2:27017,mongo-3:27017/eventline?replicaSet=eventline'),
    ).toBe('eventline');
  });

  it('reads the database of a single server, an SRV record and credentials alike', () => {
    expect(databaseNameOf('mongodb://127.0.0.1:27017/events_test')).toBe('events_test');
    expect(databaseNameOf('mongodb+srv://cluster0.example.net/prod?retryWrites=true')).toBe('prod');
    expect(databaseNameOf('mongodb://user:p%40ss@mongos-1:27017,mongos-2:27017/eventline')).toBe('eventline');
  });

  it('falls back to the default database when the URL names none', () => {
    expect(databaseNameOf('mongodb://mongo-1:27017,mongo-2:27017/?replicaSet=eventline')).toBe(
      DEFAULT_DATABASE,
    );
    expect(databaseNameOf('mongodb://127.0.0.1:27017')).toBe(DEFAULT_DATABASE);
  });
});
