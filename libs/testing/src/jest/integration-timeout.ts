// Integration tests talk to a real broker and database: a consumer group join alone can take
// seconds, so each test gets a minute before jest gives up on it.
jest.setTimeout(60_000);
